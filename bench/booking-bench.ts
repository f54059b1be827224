import type { LocalHost } from '#local/local-host.ts';
import type { DynamoDbCallCounter } from './dynamodb-call-counter.ts';
import { runAutocannon, runRequestLoad, type RequestTask, type LoadFigures } from './http-load.ts';
import { summarize } from './stats.ts';
import type { OfferedSlot } from './slots-endpoint-bench.ts';

export interface BookingFigures {
  /** The first bookings, sent one after another on an otherwise idle server. */
  sequential: LoadFigures;
  sequentialCallsPerBooking: Record<string, number>;
  /** The rest, by concurrent clients (latencies over all of them). */
  bookings: LoadFigures;
  /**
   * Latencies of the concurrent bookings after the warm-up: the first `warmup` sent
   * (two per client), which include the burst of every client starting at once.
   */
  steady: { count: number; p50: number; p99: number; max: number };
  warmup: { count: number; p50: number; p99: number; max: number };
  /** CPU of the whole process (every thread) per booking while the concurrent bookings ran, in ms. */
  cpuMsPerBooking: number;
  /** Share of that time the server thread's event loop was busy. */
  serverThreadBusy: number;
  /** How long the events pipeline (publisher, notifiers) ran on after the last answer. */
  settleSeconds: number;
  health: LoadFigures;
  /** Bookings not sent because the phase ran out of time. */
  unsent: number;
  /** Calls per booking by command, over every concurrent booking sent. */
  callsPerBooking: Record<string, number>;
  readsPerBooking: number;
  transactionsPerBooking: number;
  /** Distinct slot starts used, days they spread over, fewest EPAs free at one of them. */
  distinctStarts: number;
  days: number;
  fewestFreeEpas: number;
  /** Up to a few answers that were not 201, verbatim. */
  refusals: Array<{ apprenticeId: string; start: string; status: number; body: string }>;
  /** Every start whose booking was not answered 201. */
  refusedStarts: string[];
}

const READ_COMMANDS = ['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems'];

export interface BookingPlan {
  starts: string[];
  days: number;
  /** The fewest EPAs free at any chosen start before the run. */
  fewestFreeEpas: number;
}

/**
 * One distinct offered start per booking, chosen so that bookings do not compete:
 * starts with at least `minimumFree` free EPAs (most free first within a day), and
 * bookings in flight at the same time on different, non-adjacent days (days taken
 * even ones first, then odd ones, round after round). With few EPAs free, a daily
 * maximum can make a start on the same day unavailable after other bookings that
 * day, which is capacity, not contention; busy starts are only used if needed.
 */
export const planStarts = (
  slots: readonly OfferedSlot[],
  freeEpasAt: ReadonlyMap<string, number>,
  count: number,
  minimumFree: number,
): BookingPlan => {
  const free = (start: string): number => freeEpasAt.get(start) ?? 0;
  const pick = (eligible: readonly OfferedSlot[]): { starts: string[]; days: number } => {
    const byDay = new Map<string, string[]>();
    for (const slot of eligible) {
      const day = new Date(slot.start).toLocaleDateString('sv-SE', { timeZone: 'Europe/London' });
      byDay.set(day, [...(byDay.get(day) ?? []), slot.start]);
    }
    for (const starts of byDay.values()) starts.sort((a, b) => free(b) - free(a) || a.localeCompare(b));
    const days = [...byDay.keys()].sort();
    const ordered = [...days.filter((_, index) => index % 2 === 0), ...days.filter((_, index) => index % 2 === 1)];
    const starts: string[] = [];
    for (let round = 0; starts.length < count; round += 1) {
      let added = false;
      for (const day of ordered) {
        const start = byDay.get(day)![round];
        if (start === undefined) continue;
        starts.push(start);
        added = true;
        if (starts.length === count) break;
      }
      if (!added) break;
    }
    return { starts, days: days.length };
  };
  let chosen = pick(slots.filter((slot) => free(slot.start) >= minimumFree));
  if (chosen.starts.length < count) chosen = pick(slots);
  return { ...chosen, fewestFreeEpas: Math.min(...chosen.starts.map(free)) };
};

/**
 * `POST /planning-meetings` (provisional) for each apprentice on its own start: the
 * first `sequential` one at a time, the rest by `concurrency` clients, counting
 * DynamoDB calls; then `/health` for as long (up to what `healthMaxSeconds()`
 * allows once the bookings are done).
 */
export const benchProvisionalBookings = async (
  host: LocalHost,
  baseUrl: string,
  apprenticeIds: readonly string[],
  slots: readonly OfferedSlot[],
  freeEpasAt: ReadonlyMap<string, number>,
  counter: DynamoDbCallCounter,
  options: {
    sequential: number;
    /** Waits until the work set off by earlier changes is done (the local host's `settle`). */
    settle: () => Promise<void>;
    concurrency: number;
    maxSeconds: number;
    healthMaxSeconds: () => number;
    minimumFreeEpas: number;
    /** Concurrent bookings sent first whose latencies are reported apart (warm-up). */
    warmup: number;
  },
): Promise<BookingFigures> => {
  const { starts, days, fewestFreeEpas } = planStarts(slots, freeEpasAt, apprenticeIds.length, options.minimumFreeEpas);
  if (starts.length < apprenticeIds.length) {
    throw new Error(`only ${starts.length} offered starts for ${apprenticeIds.length} bookings`);
  }
  const tokens = await Promise.all(apprenticeIds.map((id) => host.tokenFor(id)));
  const tasks: RequestTask[] = apprenticeIds.map((apprenticeId, index) => ({
    method: 'POST',
    url: `${baseUrl}/planning-meetings`,
    headers: { authorization: `Bearer ${tokens[index]!}`, 'content-type': 'application/json' },
    body: JSON.stringify({ apprenticeId, start: starts[index]!, status: 'provisional' }),
  }));

  // A few bookings one after another first: the cost of one booking without queueing.
  const alone = tasks.slice(0, options.sequential);
  const concurrent = tasks.slice(options.sequential);
  const settle = async (): Promise<void> => {
    await options.settle();
    await counter.drain({ quietMs: 100 });
  };
  await settle();
  counter.reset();
  const sequential = await runRequestLoad('  one at a time', alone, 1, options.maxSeconds, settle);
  const sequentialCalls = counter.snapshot();

  counter.reset();
  const cpuBefore = process.cpuUsage();
  const loopBefore = performance.eventLoopUtilization();
  const { figures, outcomes: concurrentOutcomes } = await runRequestLoad(
    `POST /planning-meetings (provisional), ${options.concurrency} clients`,
    concurrent,
    options.concurrency,
    options.maxSeconds,
  );
  const cpu = process.cpuUsage(cpuBefore);
  const serverThreadBusy = performance.eventLoopUtilization(loopBefore).utilization;
  const answered = performance.now();
  await settle();
  const settleSeconds = (performance.now() - answered) / 1000;
  const calls = counter.snapshot();
  const outcomes = [...sequential.outcomes, ...concurrentOutcomes];

  // Tasks are sent in order, so the first indices are the first sent.
  const warmupCount = Math.min(options.warmup, concurrentOutcomes.length);
  const latencies = (slice: ReadonlyArray<{ ms: number } | undefined>) => {
    const summary = summarize(slice.flatMap((outcome) => (outcome ? [outcome.ms] : [])));
    return { count: summary.count, p50: summary.median, p99: summary.p99, max: summary.max };
  };
  const steady = latencies(concurrentOutcomes.slice(warmupCount));
  const warmup = latencies(concurrentOutcomes.slice(0, warmupCount));
  const sent = Math.max(1, figures.sent);
  const aloneSent = Math.max(1, sequential.figures.sent);
  const per = (byCommand: Record<string, number>, bookings: number): Record<string, number> =>
    Object.fromEntries(Object.entries(byCommand).map(([command, count]) => [command, count / bookings]));
  const callsPerBooking = per(calls, sent);
  const readsPerBooking = READ_COMMANDS.reduce((sum, command) => sum + (callsPerBooking[command] ?? 0), 0);
  const refusals = outcomes
    .flatMap((outcome, index) =>
      outcome ? [{ apprenticeId: apprenticeIds[index]!, start: starts[index]!, status: outcome.status, body: outcome.body.slice(0, 400) }] : [],
    )
    .filter((refusal) => refusal.status !== 201);

  const health = await runAutocannon({
    label: 'GET /health (same duration)',
    url: `${baseUrl}/health`,
    connections: options.concurrency,
    durationSeconds: Math.max(1, Math.min(options.healthMaxSeconds(), Math.round(figures.durationSeconds))),
  });

  return {
    sequential: sequential.figures,
    sequentialCallsPerBooking: per(sequentialCalls, aloneSent),
    bookings: figures,
    steady,
    warmup,
    cpuMsPerBooking: (cpu.user + cpu.system) / 1000 / Math.max(1, figures.sent),
    serverThreadBusy,
    settleSeconds,
    unsent: tasks.length - sequential.figures.sent - figures.sent,
    health,
    callsPerBooking,
    readsPerBooking,
    transactionsPerBooking: callsPerBooking.TransactWriteItems ?? 0,
    distinctStarts: new Set(starts).size,
    days,
    fewestFreeEpas,
    refusals: refusals.slice(0, 5),
    refusedStarts: refusals.map((refusal) => refusal.start),
  };
};
