import { IANAZone } from 'luxon';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

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
