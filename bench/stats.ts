/** Small numeric helpers for the benchmark report: percentiles, means, formatting. */

export interface Summary {
  count: number;
  min: number;
  median: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending list; NaN for an empty list. */
export const percentile = (ascending: readonly number[], p: number): number => {
  if (ascending.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * ascending.length);
  return ascending[Math.min(ascending.length, Math.max(1, rank)) - 1]!;
};

export const summarize = (samples: readonly number[]): Summary => {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    median: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
  };
};

export const ms = (value: number): string => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms` : 'n/a');

export const perSecond = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(1)}/s` : 'n/a');

export const ratio = (numerator: number, denominator: number): string => {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator <= 0) return 'n/a';
  const value = numerator / denominator;
  if (value >= 100) return `${value.toFixed(0)}×`;
  if (value >= 1) return `${value.toFixed(2)}×`;
  return value === 0 ? '0×' : `${value.toPrecision(2)}× (1/${(1 / value).toFixed(0)})`;
};

export const counts = (byKey: Readonly<Record<string, number>>): string => {
  const entries = Object.entries(byKey).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? 'none' : entries.map(([key, count]) => `${key}: ${count}`).join(', ');
};

export const metOrNot = (met: boolean): string => (met ? 'met' : 'NOT met');
