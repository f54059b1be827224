import { jitteredBackoffMs } from '#domain/backoff.ts';

/**
 * The wait before trying a refused transaction again: a random time up to a ceiling
 * that doubles per attempt (5, 10, 20, 40, then 80 ms at most), so that racing
 * requests spread out rather than collide again on the same beat. Timing only; no
 * domain decision depends on it.
 */
export const pauseBeforeRetry = (attempt: number, random: () => number = Math.random): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, jitteredBackoffMs(attempt - 1, { baseMs: 5, capMs: 80 }, random)));

/**
 * How long a booking keeps reading again and retrying after lost races. A cohort that
 * books at once makes some bookings lose a few races in a row; a small count of
 * attempts turned those into refusals of slots that were still free (decision 0002).
 * A time keeps the answer prompt however the races go: well inside the function's
 * 10-second timeout, reads and the last transaction included.
 */
export const RETRY_BUDGET_MS = 5_000;
/**
 * Attempts a booking makes before the time can stop it. Where every read waits its turn
 * (a store or process under a burst), a few attempts can take the whole time; a lost
 * race still has a winner each round, so a few more rounds are what a loser needs.
 */
export const MIN_ATTEMPTS = 8;

/**
 * Whether a booking should stop retrying after `attempts`: only once it has made
 * `MIN_ATTEMPTS` and `RETRY_BUDGET_MS` have passed since it was created. Measured on
 * the monotonic clock: it bounds how long a request runs, and is not domain time (the
 * domain's `now` is fixed for the whole request).
 */
export const retryBudget = (
  budgetMs: number = RETRY_BUDGET_MS,
  monotonicNow: () => number = () => performance.now(),
): { spent: (attempts: number) => boolean } => {
  const until = monotonicNow() + budgetMs;
  return { spent: (attempts) => attempts >= MIN_ATTEMPTS && monotonicNow() >= until };
};
