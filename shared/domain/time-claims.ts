import { DateTime } from 'luxon';

/**
 * Time claims make double booking impossible. Each EPA has one claim item per UTC
 * day, listing the meetings that overlap that day and carrying a version. A booking
 * rewrites every claim day its meeting touches, on the condition that each version is
 * still the one it read; two meetings that overlap share at least one UTC day, so
 * whichever writes second sees the first or fails its condition. That holds for any
 * durations and any minute, unlike fixed-size slot locks.
 */
export interface ClaimedInterval {
  meetingId: string;
  start: number;
  end: number;
}

export interface EpaDayClaim {
  epaId: string;
  /** UTC date, YYYY-MM-DD. */
  day: string;
  intervals: ClaimedInterval[];
  /** 0 when the item does not exist yet. */
  version: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const utcDayOf = (instant: number): string => new Date(instant).toISOString().slice(0, 10);

/** UTC days that [start, end) overlaps. */
export const utcDaysOverlapping = (start: number, end: number): string[] => {
  const days: string[] = [];
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day < Math.max(end, start + 1); day += DAY_MS) days.push(utcDayOf(day));
  return days;
};

/** The EPA's own calendar day around an instant, as [start, end) instants. */
export const localDayAround = (instant: number, timeZone: string): { start: number; end: number; date: string } => {
  const local = DateTime.fromMillis(instant, { zone: timeZone }).startOf('day');
  return { start: local.toMillis(), end: local.plus({ days: 1 }).toMillis(), date: local.toISODate() ?? '' };
};

/**
 * Every claim day a meeting must write: the UTC days it overlaps, and the UTC days of
 * the EPA's local day, so that two bookings counted against the same daily maximum
 * are serialised too.
 */
export const claimDaysFor = (start: number, end: number, timeZone: string): string[] => {
  const localDay = localDayAround(start, timeZone);
  return [...new Set([...utcDaysOverlapping(start, end), ...utcDaysOverlapping(localDay.start, localDay.end)])].sort();
};

export const overlapping = (
  claims: readonly EpaDayClaim[],
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

/** Distinct meetings that start on the EPA's local day of `instant`. */
export const meetingsOnLocalDay = (
  claims: readonly EpaDayClaim[],
  instant: number,
  timeZone: string,
  ignoreMeetingId?: string,
): number => {
  const day = localDayAround(instant, timeZone);
  const ids = new Set<string>();
  for (const claim of claims) {
    for (const interval of claim.intervals) {
      if (interval.meetingId !== ignoreMeetingId && interval.start >= day.start && interval.start < day.end) ids.add(interval.meetingId);
    }
  }
  return ids.size;
};

/** The claim with the meeting's interval added where it overlaps the day, and removed elsewhere. */
export const withMeeting = (claim: EpaDayClaim, interval: ClaimedInterval): ClaimedInterval[] => {
  const others = claim.intervals.filter((existing) => existing.meetingId !== interval.meetingId);
  const dayStart = Date.parse(`${claim.day}T00:00:00Z`);
  const touchesDay = interval.start < dayStart + DAY_MS && dayStart < interval.end;
  return touchesDay ? [...others, interval].sort((a, b) => a.start - b.start) : others;
};

export const withoutMeeting = (claim: EpaDayClaim, meetingId: string): ClaimedInterval[] =>
  claim.intervals.filter((existing) => existing.meetingId !== meetingId);

/** Claimed intervals as busy time for the slot engine, each meeting once. */
export const busyIntervalsOf = (claims: readonly EpaDayClaim[], ignoreMeetingId?: string): Array<{ start: number; end: number }> => {
  const byMeeting = new Map<string, { start: number; end: number }>();
  for (const claim of claims) {
    for (const interval of claim.intervals) {
      if (interval.meetingId !== ignoreMeetingId) byMeeting.set(interval.meetingId, { start: interval.start, end: interval.end });
    }
  }
  return [...byMeeting.values()].sort((a, b) => a.start - b.start);
};
