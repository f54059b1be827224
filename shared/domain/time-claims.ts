import { isoDateOfEpochDay } from './primitives.ts';
import { startOfLocalDay, zoneClock } from './zone-clock.ts';

/**
 * Time claims make double booking impossible. Each EPA has one claim item per UTC
 * week (Monday 00:00Z to Monday 00:00Z), listing the meetings that overlap that week
 * and carrying a version. A booking rewrites every claim week its meeting touches,
 * on the condition that each version is still the one it read; two meetings that
 * overlap share at least one instant, so at least one week, so whichever writes second
 * sees the first or fails its condition. That holds for any durations and any minute,
 * unlike fixed-size slot locks.
 *
 * Why weeks and not days: the capacity engine ranks EPAs by their meetings of the week
 * and the week before, so a booking reads two or three items per candidate instead of
 * sixteen; a slot listing of 93 days reads fifteen per EPA.
 */
export interface ClaimedInterval {
  meetingId: string;
  start: number;
  end: number;
}

export interface EpaWeekClaim {
  epaId: string;
  /** The Monday (UTC) that starts the week, YYYY-MM-DD. */
  week: string;
  intervals: readonly ClaimedInterval[];
  /** 0 when the item does not exist yet. */
  version: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;

/**
 * The longest a meeting may last. The proof above is checked (property test) for
 * meetings up to this long, the slot listing reads busy time this far before its
 * range, and a booking reads its claim weeks before it knows the EPA's zone
 * (`claimWeeksInAnyZone`): all three rest on this one figure.
 */
export const MAX_MEETING_MS = 8 * 60 * 60 * 1000;
/** The same cap in the words a refusal uses. */
export const MAX_MEETING_HOURS = MAX_MEETING_MS / (60 * 60 * 1000);

/** A meeting ends after it starts and lasts at most `MAX_MEETING_MS`. */
export const isWithinMeetingCap = (start: number, end: number): boolean => end > start && end - start <= MAX_MEETING_MS;
/** 1970-01-01 was a Thursday; the first Monday after it, as an offset. */
const MONDAY_OFFSET = 4 * DAY_MS;

export const utcWeekStart = (instant: number): number => Math.floor((instant - MONDAY_OFFSET) / WEEK_MS) * WEEK_MS + MONDAY_OFFSET;

export const utcWeekOf = (instant: number): string => new Date(utcWeekStart(instant)).toISOString().slice(0, 10);

/** UTC weeks that [start, end) overlaps. */
export const utcWeeksOverlapping = (start: number, end: number): string[] => {
  const weeks: string[] = [];
  for (let week = utcWeekStart(start); week < Math.max(end, start + 1); week += WEEK_MS) weeks.push(utcWeekOf(week));
  return weeks;
};

/**
 * The EPA's own calendar day around an instant, as [start, end) instants. A midnight
 * that does not exist (a zone that springs forward at 00:00) starts the day when the
 * clocks jump. Answered from the zone's offset table: every booking asks this once
 * per candidate's zone, and a luxon lookup costs more than the rest of the sum.
 */
export const localDayAround = (instant: number, timeZone: string): { start: number; end: number; date: string } => {
  const day = zoneClock(timeZone, instant - 2 * DAY_MS, instant + 2 * DAY_MS).localDay(instant);
  return { start: startOfLocalDay(day, timeZone), end: startOfLocalDay(day + 1, timeZone), date: isoDateOfEpochDay(day) };
};

/**
 * Every claim week a meeting must write: the weeks it overlaps, and the weeks of the
 * EPA's local day, so that two bookings counted against the same daily maximum are
 * serialised too.
 */
export const claimWeeksFor = (start: number, end: number, timeZone: string): string[] => {
  const localDay = localDayAround(start, timeZone);
  return [...new Set([...utcWeeksOverlapping(start, end), ...utcWeeksOverlapping(localDay.start, localDay.end)])].sort();
};

/**
 * Every claim week that `claimWeeksFor` can name for a meeting starting at `start`
 * and lasting at most `MAX_MEETING_MS`, whatever the EPA's zone: a local day reaches
 * at most 25 hours either side of an instant in it. So a booking reads its
 * candidates' claim weeks in the same round trip as their schedules.
 */
export const claimWeeksInAnyZone = (start: number): string[] => utcWeeksOverlapping(start - 2 * DAY_MS, start + 2 * DAY_MS);

export const overlapping = (
  claims: readonly EpaWeekClaim[],
  start: number,
  end: number,
  ignoreMeetingId?: string,
): ClaimedInterval | undefined => {
  for (const claim of claims) {
    for (const interval of claim.intervals) {
      if (interval.meetingId !== ignoreMeetingId && interval.start < end && start < interval.end) return interval;
    }
  }
  return undefined;
};

/** The claim's intervals with the meeting's added where it overlaps the week, and removed elsewhere. */
export const withMeeting = (claim: EpaWeekClaim, interval: ClaimedInterval): ClaimedInterval[] => {
  const others = claim.intervals.filter((existing) => existing.meetingId !== interval.meetingId);
  const weekStart = Date.parse(`${claim.week}T00:00:00Z`);
  const touchesWeek = interval.start < weekStart + WEEK_MS && weekStart < interval.end;
  return touchesWeek ? [...others, interval].sort((a, b) => a.start - b.start) : others;
};

export const withoutMeeting = (claim: EpaWeekClaim, meetingId: string): ClaimedInterval[] =>
  claim.intervals.filter((existing) => existing.meetingId !== meetingId);

/** Claim weeks by EPA, in the order read. */
export const claimsByEpa = (claims: readonly EpaWeekClaim[]): Map<string, EpaWeekClaim[]> => {
  const byEpa = new Map<string, EpaWeekClaim[]>();
  for (const claim of claims) {
    const ofEpa = byEpa.get(claim.epaId);
    if (ofEpa) ofEpa.push(claim);
    else byEpa.set(claim.epaId, [claim]);
  }
  return byEpa;
};

/** Claimed intervals as busy time for the slot engine, each meeting once. */
export const busyIntervalsOf = (claims: readonly EpaWeekClaim[], ignoreMeetingId?: string): Array<{ start: number; end: number }> => {
  // The claimed intervals themselves (they hold start and end) rather than copies:
  // a booking asks this for every EPA of its group.
  const busy: ClaimedInterval[] = [];
  const seen = claims.length > 1 ? new Set<string>() : undefined;
  for (const claim of claims) {
    for (const interval of claim.intervals) {
      if (interval.meetingId === ignoreMeetingId || seen?.has(interval.meetingId)) continue;
      seen?.add(interval.meetingId);
      busy.push(interval);
    }
  }
  return busy.sort((a, b) => a.start - b.start);
};
