/**
 * The wait before trying a refused transaction again: a random time up to a ceiling
 * that doubles per attempt (5, 10, 20, 40, then 80 ms at most), so that racing
 * requests spread out rather than collide again on the same beat. Timing only; no
 * domain decision depends on it.
 */
export const pauseBeforeRetry = (attempt: number, random: () => number = Math.random): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.floor(random() * Math.min(80, 5 * 2 ** Math.max(0, attempt - 1)))));
