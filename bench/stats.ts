/** Small numeric helpers for the benchmark report. */

export interface Summary {
  count: number;
  min: number;
  median: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending list; NaN for an empty list. */
export const percentile = (ascending: readonly number[], p: number): number => {
  if (ascending.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * ascending.length);
  return ascending[Math.min(ascending.length, Math.max(1, rank)) - 1]!;
};

export const summarize = (samples: readonly number[]): Summary => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    median: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
};

export const median = (samples: readonly number[]): number => summarize(samples).median;

export const ms = (value: number): string => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms` : 'n/a');

/** `3` when every run gave 3, `3–4` when they differ. */
export const spread = (values: readonly number[], digits = 0): string => {
  if (values.length === 0) return 'n/a';
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? low.toFixed(digits) : `${low.toFixed(digits)}–${high.toFixed(digits)}`;
};

export const ratio = (value: number): string => (value >= 1 ? `${value.toFixed(2)}×` : `${value.toPrecision(2)}× (1/${(1 / value).toFixed(0)})`);
