/**
 * Lengths of time in epoch milliseconds. Epoch time has no daylight saving, so a day
 * here is always 24 hours; a local day, which can be 23 or 25, goes through zone-clock.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/**
 * The ISO weekday of an epoch day, Monday 0 to Sunday 6. Day 0, 1 January 1970, was a
 * Thursday, hence the 3; the second modulo keeps days before 1970 in range.
 */
export const isoWeekdayOf = (epochDay: number): number => (((epochDay + 3) % 7) + 7) % 7;
