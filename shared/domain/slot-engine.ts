import { weekdays, type AvailabilityScheduleInput, type WorkingInterval } from './availability-schedule.ts';
import type { BookingWindow } from './booking-window.ts';
import { DAY_MS, isoWeekdayOf, MINUTE_MS } from './calendar-arithmetic.ts';
import { epochDayOf, minutesOf } from './primitives.ts';
import { zoneClock, type ZoneClock } from './zone-clock.ts';

/**
 * The slot engine (SPEC §3.3): which starts can be offered, and by whom.
 *
 * It reads as a pipeline of named steps, one resource at a time:
 *   searchSpan → prepareResource → workingPeriods → gridStarts
 *   → isDailyMaximumReached / overlapsBusy → aggregate
 *
 * Wall-clock rules, decided here:
 * - Working hours are wall-clock times in the resource's zone: 09:00
 *   Europe/London is 08:00Z in summer and 09:00Z in winter.
 * - Slot starts lie on a wall-clock grid: the working interval's local start
 *   plus multiples of the slot interval. A grid time that does not exist
 *   (spring-forward gap) is skipped.
 * - A working-interval boundary that falls in a gap is moved to the end of the
 *   gap (the instant the clocks jump), so the interval covers only the local
 *   times that exist: 00:30–01:30 on 2027-03-28 in London is 00:30Z–01:00Z.
 * - An ambiguous wall-clock time (autumn, the hour that happens twice) means
 *   its first occurrence, for boundaries and grid times alike. luxon itself
 *   picks either occurrence depending on the zone's offset sign, so the engine
 *   does not rely on it for this. The repeated hour's second occurrence is
 *   therefore never a slot start, though a slot may run through it.
 * - A slot lasts `durationMinutes` of elapsed time and must end by the working
 *   interval's end (as an instant): across the spring gap a 60-minute meeting
 *   from 00:30 GMT ends at 02:30 BST.
 *
 * Speed: luxon is asked for a zone's UTC offsets about a hundred times per
 * zone and year, once per process (weekly samples, then a bisection at each
 * change); everything per day and per slot is integer arithmetic on that
 * table. Busy intervals are sorted once per resource and swept; per-resource
 * results meet in one map keyed by start.
 */

/** `[start, end)` in epoch milliseconds. */
export interface TimeSpan {
  start: number;
  end: number;
}

/**
 * Time a resource cannot be booked. By default it is a planning meeting that
 * holds capacity (provisional or confirmed), so it also counts towards the
 * resource's daily maximum on the local day (in the resource's zone) on which
 * it starts. Set `countsTowardDailyMaximum: false` for time that blocks the
 * resource but is not a planning meeting.
 *
 * For the daily maximum to be right at the edges, pass the busy intervals of
 * whole local days: the query range widened by a day on each side is enough.
 */
export interface BusyInterval extends TimeSpan {
  countsTowardDailyMaximum?: boolean;
}

export type ResourceSchedule = Pick<AvailabilityScheduleInput, 'timeZone' | 'weekly' | 'overrides' | 'maxMeetingsPerDay'>;

/** A bookable resource: an EPA with their schedule and what they are already doing. */
export interface SlotResource {
  id: string;
  schedule: ResourceSchedule;
  busy: readonly BusyInterval[];
}

export interface SlotQuery {
  resources: readonly SlotResource[];
  /** The standard's meeting duration. */
  durationMinutes: number;
  /** The standard's slot interval: the grid step from each working interval's start. */
  intervalMinutes: number;
  /** Slot starts in `[range.start, range.end)`. */
  range: TimeSpan;
  /** Slot starts in `[earliest, latest]`; omitted means no window (direct booking). */
  window?: BookingWindow;
  /**
   * The organisation's non-working dates (bank holidays, closures) in its zone: no
   * slot starts on them, whoever works that day (SPEC §3.2). Omitted for direct
   * booking, which managers may place on such a day.
   */
  closedDays?: ClosedDays;
}

export interface ClosedDays {
  timeZone: string;
  /** `YYYY-MM-DD`. */
  dates: readonly string[];
}

export interface Slot {
  start: number;
  end: number;
  /** Sorted by id; never empty: a group slot is offered when at least one member is free. */
  freeResourceIds: string[];
}

export interface SlotPipelineResult {
  slots: Slot[];
  /** The range narrowed to the booking window; null when they do not meet. */
  span: TimeSpan | null;
  /** (resource, start) pairs in working hours within the range, ignoring the window and what is booked. */
  workingSlotsInRange: number;
  /** The same, within the range and the window: the slots there would be if nothing were booked. */
  workingSlotsInWindow: number;
}

export const computeSlots = (query: SlotQuery): Slot[] => runSlotPipeline(query).slots;

export const runSlotPipeline = (query: SlotQuery): SlotPipelineResult => {
  const durationMs = wholeMinutes(query.durationMinutes, 'durationMinutes') * MINUTE_MS;
  const stepMs = wholeMinutes(query.intervalMinutes, 'intervalMinutes') * MINUTE_MS;
  const { range } = query;
  const span = searchSpan(range, query.window);
  const clocks = new Map<string, ZoneClock>();
  const isClosed = closedDayTest(query.closedDays, range);
  const free = new Map<number, string[]>();
  let workingSlotsInRange = 0;
  let workingSlotsInWindow = 0;

  if (range.end > range.start) {
    for (const resource of sortedById(query.resources)) {
      const zone = resource.schedule.timeZone;
      let clock = clocks.get(zone);
      if (clock === undefined) {
        clock = zoneClock(zone, range.start, range.end);
        clocks.set(zone, clock);
      }
      const prepared = prepareResource(resource, clock, range, durationMs);
      for (const period of workingPeriods(prepared, range)) {
        const dayIsFull = isDailyMaximumReached(prepared, period.day);
        for (const start of gridStarts(clock, period, durationMs, stepMs)) {
          if (start < range.start || start >= range.end || isClosed(start)) continue;
          workingSlotsInRange += 1;
          if (span === null || start < span.start || start >= span.end) continue;
          workingSlotsInWindow += 1;
          if (dayIsFull || prepared.overlapsBusy(start, start + durationMs)) continue;
          addFree(free, start, resource.id);
        }
      }
    }
  }

  return { slots: aggregate(free, durationMs), span, workingSlotsInRange, workingSlotsInWindow };
};

export interface SlotCheck {
  offered: boolean;
  start: number;
  end: number;
  freeResourceIds: string[];
}

/**
 * Whether `start` is an offered slot and who is free for it, with the same
 * rules as `computeSlots` (the query's range is ignored). Booking re-checks
 * with this at booking time instead of trusting what the client saw.
 */
export const checkSlot = (query: Omit<SlotQuery, 'range'> & { range?: TimeSpan }, start: number): SlotCheck => {
  const [slot] = computeSlots({ ...query, range: { start, end: start + 1 } });
  const found = slot !== undefined && slot.start === start ? slot : undefined;
  return {
    offered: found !== undefined,
    start,
    end: start + query.durationMinutes * MINUTE_MS,
    freeResourceIds: found?.freeResourceIds ?? [],
  };
};

// ── step 1: where slots may start ───────────────────────────────────────────

/** The requested range narrowed to the booking window (whose `latest` is inclusive). */
export const searchSpan = (range: TimeSpan, window: BookingWindow | undefined): TimeSpan | null => {
  const start = window === undefined ? range.start : Math.max(range.start, window.earliest);
  const end = window === undefined ? range.end : Math.min(range.end, window.latest + 1);
  return end > start ? { start, end } : null;
};

/** Whether an instant falls on one of the organisation's closed days, in the organisation's zone. */
const closedDayTest = (closedDays: ClosedDays | undefined, range: TimeSpan): ((instant: number) => boolean) => {
  if (closedDays === undefined || closedDays.dates.length === 0) return () => false;
  const days = new Set(closedDays.dates.map(epochDayOf));
  const clock = zoneClock(closedDays.timeZone, range.start, range.end);
  return (instant) => days.has(clock.localDay(instant));
};

// ── step 2: a resource, ready for integer arithmetic ────────────────────────

type MinuteInterval = readonly [start: number, end: number];

export interface PreparedResource {
  id: string;
  clock: ZoneClock;
  /** Monday = 0. */
  weekly: readonly (readonly MinuteInterval[])[];
  overrides: ReadonlyMap<number, readonly MinuteInterval[]>;
  maxMeetingsPerDay: number | null;
  meetingsPerDay: ReadonlyMap<number, number>;
  /** Call with non-decreasing `end`s: the busy intervals are swept once. */
  overlapsBusy: (start: number, end: number) => boolean;
}

export const prepareResource = (
  resource: SlotResource,
  clock: ZoneClock,
  range: TimeSpan,
  durationMs: number,
): PreparedResource => {
  const { schedule } = resource;
  const maxMeetingsPerDay = schedule.maxMeetingsPerDay ?? null;
  const { weekly, overrides } = workingMinutesOf(schedule);

  const relevant = resource.busy.filter(
    (busy) => busy.end > busy.start && busy.end > range.start && busy.start < range.end + durationMs,
  );
  relevant.sort((a, b) => a.start - b.start);

  const meetingsPerDay = new Map<number, number>();
  if (maxMeetingsPerDay !== null) {
    // Only days that can hold a slot in the range matter.
    for (const busy of resource.busy) {
      if (busy.countsTowardDailyMaximum === false) continue;
      if (busy.start < range.start - 2 * DAY_MS || busy.start >= range.end + 2 * DAY_MS) continue;
      const day = clock.localDay(busy.start);
      meetingsPerDay.set(day, (meetingsPerDay.get(day) ?? 0) + 1);
    }
  }

  return {
    id: resource.id,
    clock,
    weekly,
    overrides,
    maxMeetingsPerDay,
    meetingsPerDay,
    overlapsBusy: busySweep(relevant),
  };
};

/** A schedule's hours in minutes: the weekly pattern by weekday, and the overrides by local day. */
const workingMinutesOf = (schedule: SlotResource['schedule']) => {
  const overrides = new Map<number, readonly MinuteInterval[]>();
  for (const override of schedule.overrides) overrides.set(epochDayOf(override.date), toMinutes(override.intervals));
  return { weekly: weekdays.map((day) => toMinutes(schedule.weekly[day] ?? [])), overrides };
};

/** Sorted by start; overlapping ones merged; empty ones dropped. Adjacent intervals stay apart: each has its own grid. */
const toMinutes = (intervals: readonly WorkingInterval[]): MinuteInterval[] => {
  const parsed = intervals
    .map((interval): MinuteInterval => [minuteOfDay(interval.start), minuteOfDay(interval.end)])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const merged: MinuteInterval[] = [];
  for (const interval of parsed) {
    const last = merged[merged.length - 1];
    if (last !== undefined && interval[0] < last[1]) merged[merged.length - 1] = [last[0], Math.max(last[1], interval[1])];
    else merged.push(interval);
  }
  return merged;
};

/**
 * A slot `[s, e)` overlaps a busy interval iff some busy interval starting
 * before `e` ends after `s`, i.e. the largest end among those starting before
 * `e` is after `s`. With `e` non-decreasing that prefix only grows.
 */
const busySweep = (sortedByStart: readonly TimeSpan[]): ((start: number, end: number) => boolean) => {
  let next = 0;
  let maxEnd = Number.NEGATIVE_INFINITY;
  return (start, end) => {
    while (next < sortedByStart.length && sortedByStart[next]!.start < end) {
      maxEnd = Math.max(maxEnd, sortedByStart[next]!.end);
      next += 1;
    }
    return maxEnd > start;
  };
};

// ── step 3: working intervals as instants ───────────────────────────────────

/** One working interval on one local day, resolved to instants. `wall*` are local times written as if UTC. */
export interface WorkingPeriod {
  /** The local day, as days since 1970-01-01. */
  day: number;
  wallStart: number;
  wallEnd: number;
  start: number;
  end: number;
}

export const workingPeriods = (resource: PreparedResource, range: TimeSpan): WorkingPeriod[] => {
  const { clock } = resource;
  const periods: WorkingPeriod[] = [];
  const lastDay = clock.localDay(range.end - 1);
  for (let day = clock.localDay(range.start); day <= lastDay; day += 1) {
    const hours = resource.overrides.get(day) ?? resource.weekly[isoWeekdayOf(day)] ?? [];
    for (const [startMinute, endMinute] of hours) {
      const wallStart = day * DAY_MS + startMinute * MINUTE_MS;
      const wallEnd = day * DAY_MS + endMinute * MINUTE_MS;
      const start = clock.toInstant(wallStart) ?? clock.endOfGap(wallStart);
      const end = clock.toInstant(wallEnd) ?? clock.endOfGap(wallEnd);
      if (end > start) periods.push({ day, wallStart, wallEnd, start, end });
    }
  }
  return periods;
};

// ── step 4: the grid ────────────────────────────────────────────────────────

export const gridStarts = (clock: ZoneClock, period: WorkingPeriod, durationMs: number, stepMs: number): number[] => {
  const starts: number[] = [];
  if (!clock.changesWithin(period.start, period.end) && period.end - period.start === period.wallEnd - period.wallStart) {
    for (let start = period.start; start + durationMs <= period.end; start += stepMs) starts.push(start);
    return starts;
  }
  // A day with a clock change: map each wall-clock grid time on its own.
  for (let wall = period.wallStart; wall < period.wallEnd; wall += stepMs) {
    const start = clock.toInstant(wall);
    if (start === null) continue;
    if (start + durationMs > period.end) break;
    starts.push(start);
  }
  return starts;
};

// ── step 5: what is taken ───────────────────────────────────────────────────

export const isDailyMaximumReached = (resource: PreparedResource, day: number): boolean =>
  resource.maxMeetingsPerDay !== null && (resource.meetingsPerDay.get(day) ?? 0) >= resource.maxMeetingsPerDay;

// ── step 6: one list of slots ───────────────────────────────────────────────

const addFree = (free: Map<number, string[]>, start: number, resourceId: string): void => {
  const ids = free.get(start);
  if (ids === undefined) free.set(start, [resourceId]);
  else if (ids[ids.length - 1] !== resourceId) ids.push(resourceId);
};

/** Resources are visited in id order, so each list of ids is already sorted. */
const aggregate = (free: ReadonlyMap<number, string[]>, durationMs: number): Slot[] =>
  [...free.keys()]
    .sort((a, b) => a - b)
    .map((start) => ({ start, end: start + durationMs, freeResourceIds: free.get(start)! }));

/** Code-unit order, not locale order: the same on every machine. */
const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const sortedById = (resources: readonly SlotResource[]): SlotResource[] =>
  [...resources].sort((a, b) => compareIds(a.id, b.id));

// ── small calendar helpers ──────────────────────────────────────────────────

/** `minutesOf` without the string splitting: this runs for every interval of every resource on every query. */
const minuteOfDay = (time: string): number => {
  if (time.length !== 5 || time.charCodeAt(2) !== 58) return minutesOf(time);
  return ((time.charCodeAt(0) - 48) * 10 + time.charCodeAt(1) - 48) * 60 + (time.charCodeAt(3) - 48) * 10 + time.charCodeAt(4) - 48;
};

const wholeMinutes = (value: number, name: string): number => {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive whole number of minutes`);
  return value;
};
