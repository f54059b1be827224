import { IANAZone } from 'luxon';
import { DAY_MS, isoWeekdayOf, MINUTE_MS } from './calendar-arithmetic.ts';

/**
 * A time zone's UTC offsets over a span, read from luxon once, answered with
 * integer arithmetic. "Wall" values are local date-times written as if they
 * were UTC epoch milliseconds, so a local day is `day * DAY_MS` onwards.
 */
export interface ZoneClock {
  /** Offset in milliseconds (local = instant + offset). */
  offsetAt(instant: number): number;
  /** The first instant showing this wall-clock time; null when it does not exist (a gap). */
  toInstant(wall: number): number | null;
  /** For a wall-clock time inside a gap: the instant the clocks jump past it. */
  endOfGap(wall: number): number;
  /** Whether the offset may change within `(from, to]`. */
  changesWithin(from: number, to: number): boolean;
  /** The local day of an instant, as days since 1970-01-01. */
  localDay(instant: number): number;
}

/**
 * Offsets are sampled weekly and each change is bisected to the second, which
 * assumes a zone never changes offset twice within a week (no IANA zone does
 * in the period a booking service cares about). Outside the tabled span the
 * clock asks luxon directly, so it stays correct, only slower.
 */
export const zoneClock = (timeZone: string, from: number, to: number): ZoneClock => {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RangeError(`not an IANA time zone: ${timeZone}`);
  const lookup = (instant: number): number => zone.offset(instant) * MINUTE_MS;

  const firstYear = new Date(from - 2 * DAY_MS).getUTCFullYear();
  const lastYear = new Date(to + 2 * DAY_MS).getUTCFullYear();
  const spanStart = Date.UTC(firstYear, 0, 1);
  const spanEnd = Date.UTC(lastYear + 1, 0, 1);
  const changes: number[] = [spanStart];
  const offsets: number[] = [];
  for (let year = firstYear; year <= lastYear; year += 1) {
    const table = offsetsOfYear(timeZone, year, lookup);
    if (offsets.length === 0) offsets.push(table.offsets[0]!);
    else if (table.offsets[0] !== offsets[offsets.length - 1]) {
      changes.push(table.changes[0]!);
      offsets.push(table.offsets[0]!);
    }
    for (let index = 1; index < table.changes.length; index += 1) {
      changes.push(table.changes[index]!);
      offsets.push(table.offsets[index]!);
    }
  }

  const offsetAt = (instant: number): number => {
    if (instant < spanStart || instant > spanEnd) return lookup(instant);
    for (let index = changes.length - 1; index > 0; index -= 1) if (instant >= changes[index]!) return offsets[index]!;
    return offsets[0]!;
  };

  const toInstant = (wall: number): number | null => {
    // Any change near `wall` lies within a day of it: the offsets a day either side are the candidates.
    const before = offsetAt(wall - DAY_MS);
    const after = offsetAt(wall + DAY_MS);
    const earlier = Math.max(before, after);
    if (offsetAt(wall - earlier) === earlier) return wall - earlier;
    const later = Math.min(before, after);
    if (later !== earlier && offsetAt(wall - later) === later) return wall - later;
    return null;
  };

  const endOfGap = (wall: number): number => {
    const before = offsetAt(wall - DAY_MS);
    const after = offsetAt(wall + DAY_MS);
    if (after <= before) return wall - before;
    return bisect(wall - after, wall - before, (instant) => offsetAt(instant) === after);
  };

  const changesWithin = (from: number, to: number): boolean => {
    if (from < spanStart || to > spanEnd) return offsetAt(from) !== offsetAt(to);
    for (let index = 1; index < changes.length; index += 1) if (changes[index]! > from && changes[index]! <= to) return true;
    return false;
  };

  const localDay = (instant: number): number => Math.floor((instant + offsetAt(instant)) / DAY_MS);

  return { offsetAt, toInstant, endOfGap, changesWithin, localDay };
};

interface OffsetTable {
  /** `changes[0]` is the start of the year; each later entry is when `offsets[index]` begins. */
  changes: number[];
  offsets: number[];
}

/**
 * Time-zone rules do not change while a process runs, so a zone's offsets for
 * a year are read from luxon once and kept (a few numbers per zone and year):
 * asking luxon costs microseconds a call, too much for every query.
 */
const offsetTables = new Map<string, OffsetTable>();

const offsetsOfYear = (timeZone: string, year: number, lookup: (instant: number) => number): OffsetTable => {
  const key = `${timeZone} ${year}`;
  const cached = offsetTables.get(key);
  if (cached !== undefined) return cached;
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const table: OffsetTable = { changes: [start], offsets: [lookup(start)] };
  let previous = start;
  let previousOffset = table.offsets[0]!;
  while (previous < end) {
    const at = Math.min(previous + 7 * DAY_MS, end);
    const offset = lookup(at);
    if (offset !== previousOffset) {
      const before = previousOffset;
      const change = bisect(previous, at, (instant) => lookup(instant) !== before);
      // A change at the very start of next year belongs to next year's table.
      if (change < end) {
        table.changes.push(change);
        table.offsets.push(offset);
      }
    }
    previous = at;
    previousOffset = offset;
  }
  offsetTables.set(key, table);
  return table;
};

/** The first whole second in `(low, high]` where `isAfter` holds, given it holds at `high` and not at `low`. */
const bisect = (low: number, high: number, isAfter: (instant: number) => boolean): number => {
  let lo = Math.floor(low / 1000);
  let hi = Math.ceil(high / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (isAfter(mid * 1000)) hi = mid;
    else lo = mid;
  }
  return hi * 1000;
};

/**
 * The first instant of a local calendar day (days since 1970-01-01) in a zone: its
 * midnight, the first one where midnight happens twice, or the instant the clocks
 * jump where midnight is skipped. The slot engine reads local times the same way.
 */
export const startOfLocalDay = (epochDay: number, timeZone: string): number => {
  const wall = epochDay * DAY_MS;
  const clock = zoneClock(timeZone, wall - 2 * DAY_MS, wall + 2 * DAY_MS);
  return clock.toInstant(wall) ?? clock.endOfGap(wall);
};

/** Whole calendar units, added to a local date the way luxon's `DateTime#plus` adds them. */
export interface CalendarPeriod {
  years?: number;
  months?: number;
  /** A week is seven of these: luxon adds weeks to the day of the month just as it adds days. */
  days?: number;
}

/**
 * `instant` plus a calendar period in a zone, keeping its wall-clock time:
 * exactly luxon's `DateTime.fromMillis(instant, { zone }).plus(period)`, which
 * the booking window was first written with and whose answers it must keep.
 */
export const plusCalendarPeriod = (instant: number, period: CalendarPeriod, timeZone: string): number => {
  const offset = zoneClock(timeZone, instant, instant).offsetAt(instant);
  const wall = shiftedWall(instant + offset, period);
  return luxonInstantOf(zoneClock(timeZone, wall - DAY_MS, wall + DAY_MS), wall, offset);
};

/**
 * The start of the ISO week (Monday to Sunday) that contains `instant` in a zone:
 * exactly luxon's `startOf('week')`. That is not always `startOfLocalDay(monday)`:
 * where Monday's midnight happens twice luxon keeps the instant's side of the
 * change, and a skipped midnight is read through luxon's gap rule.
 */
export const startOfLocalWeek = (instant: number, timeZone: string): number => {
  // luxon refuses such instants too; without this the span below would be empty.
  if (Number.isNaN(new Date(instant).getTime())) throw new RangeError(`not an instant: ${instant}`);
  const clock = zoneClock(timeZone, instant - 7 * DAY_MS, instant);
  const offset = clock.offsetAt(instant);
  const day = Math.floor((instant + offset) / DAY_MS);
  return luxonInstantOf(clock, (day - isoWeekdayOf(day)) * DAY_MS, offset);
};

/** Years and months first, the day clamped to the new month's length (31 January + 1 month = 28 February); then days, which roll over. */
const shiftedWall = (wall: number, { years = 0, months = 0, days = 0 }: CalendarPeriod): number => {
  const date = new Date(wall);
  const year = date.getUTCFullYear() + years;
  const month = date.getUTCMonth() + months;
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999; it keeps the time of day.
  date.setUTCFullYear(year, month, Math.min(date.getUTCDate(), daysInMonth(year, month)) + days);
  return date.getTime();
};

/** `month` counts from 0 and may run past December or before January. */
const daysInMonth = (year: number, month: number): number => {
  const monthOfYear = ((month % 12) + 12) % 12;
  const actualYear = year + (month - monthOfYear) / 12;
  if (monthOfYear !== 1) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][monthOfYear]!;
  const leap = actualYear % 4 === 0 && (actualYear % 100 !== 0 || actualYear % 400 === 0);
  return leap ? 29 : 28;
};

/**
 * The instant for a wall-clock time as luxon chooses it (`fixOffset` in its
 * datetime.js), given the offset the date-time had before the arithmetic. It
 * tries that offset, then the offset found there: in a repeated hour this keeps
 * the side of the change the date-time started on where it can, and a time in a
 * gap comes out moved forward by the length of the gap.
 */
const luxonInstantOf = (clock: ZoneClock, wall: number, startingOffset: number): number => {
  const guess = wall - startingOffset;
  const guessOffset = clock.offsetAt(guess);
  if (guessOffset === startingOffset) return guess;
  const retry = wall - guessOffset;
  const retryOffset = clock.offsetAt(retry);
  if (retryOffset === guessOffset) return retry;
  return wall - Math.min(guessOffset, retryOffset);
};
