/**
 * How long to wait before trying again: a wait that doubles per attempt up to a cap,
 * so a store or service that refused under load is given more room each time. Pure:
 * the caller sleeps, and brings the random source when it wants jitter.
 */
export interface BackoffPolicy {
  /** The wait at attempt 0; each further attempt doubles it. */
  readonly baseMs: number;
  /** No wait grows beyond this; without one, waits keep doubling. */
  readonly capMs?: number;
}

/** The wait before `attempt` (attempts below 0 count as 0). */
export const backoffMs = (attempt: number, { baseMs, capMs = Number.POSITIVE_INFINITY }: BackoffPolicy): number =>
  Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));

/**
 * A random whole number of milliseconds below the wait before `attempt` ("full jitter"),
 * so that requests refused together spread out rather than collide again on the same beat.
 * `random` answers in [0, 1), as Math.random does.
 */
export const jitteredBackoffMs = (attempt: number, policy: BackoffPolicy, random: () => number): number => Math.floor(random() * backoffMs(attempt, policy));
