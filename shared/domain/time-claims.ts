import { DAY_MS, HOUR_MS } from './calendar-arithmetic.ts';
import { isoDateOfEpochDay } from './primitives.ts';
import { startOfLocalDay, zoneClock } from './zone-clock.ts';

/**
 * Time claims make double booking impossible (decision 0002). Each EPA has one claim
 * item per UTC hour in which they have a meeting, listing the meetings that overlap
 * that hour and carrying a version. A booking rewrites every claim hour its meeting
 * touches, on the condition that each version is still the one it read; two meetings
 * that overlap share at least one instant, so at least one hour, so whichever writes
 * second sees the first or fails its condition. That holds for any durations and any
 * minute, unlike fixed-size slot locks.
 *
 * Why hours, and not the UTC weeks (then days) of before: every booking of an EPA in a
 * week rewrote one item, so a cohort booking at once queued on a few items and most of
 * its transactions failed (measured in decision 0002). Bookings of different hours now
 * write different items; only bookings of the same hour race.
 *
 * A daily maximum needs bookings of one EPA's local day to be serialised, and hours do
 * not do that: a slot-based booking of an EPA with `maxMeetingsPerDay` also rewrites a
 * claim on that local day (`dailyMaximumUnit`), holding the meetings that booked
 * through it. EPAs without a maximum never write one.
 */
export interface ClaimedInterval {
  meetingId: string;
  start: number;
  end: number;
}

/**
 * One claim item of one EPA. `unit` is a UTC hour, `2027-01-18T10` (10:00Z to 11:00Z),
 * or, for the daily maximum, the EPA's local day with its zone,
 * `2027-01-18@Europe/London`.
 */
export interface EpaClaim {
  epaId: string;
  unit: string;
  intervals: readonly ClaimedInterval[];
  /** 0 when the item does not exist yet. */
  version: number;
}

/**
 * The longest a meeting may last. The proof above is checked (property test) for
 * meetings up to this long, the slot listing reads busy time this far before its
 * range, and a booking reads its claims before it knows the meeting's end
 * (`claimUnitsUpToCap`): all three rest on this one figure.
 */
export const MAX_MEETING_MS = 8 * HOUR_MS;
/** The same cap in the words a refusal uses. */
export const MAX_MEETING_HOURS = MAX_MEETING_MS / HOUR_MS;

/** A meeting ends after it starts and lasts at most `MAX_MEETING_MS`. */
export const isWithinMeetingCap = (start: number, end: number): boolean => end > start && end - start <= MAX_MEETING_MS;

export const utcHourOf = (instant: number): string => new Date(Math.floor(instant / HOUR_MS) * HOUR_MS).toISOString().slice(0, 13);

/** The UTC hours that [start, end) overlaps: the claim items a meeting then writes. */
export const claimUnitsFor = (start: number, end: number): string[] => {
  const hours: string[] = [];
  for (let hour = Math.floor(start / HOUR_MS) * HOUR_MS; hour < Math.max(end, start + 1); hour += HOUR_MS) hours.push(utcHourOf(hour));
  return hours;
};

/**
 * Every claim hour a meeting starting at `start` and lasting at most `MAX_MEETING_MS`
 * can write: what a direct booking or a reschedule reads before it knows the end.
 */
export const claimUnitsUpToCap = (start: number): string[] => claimUnitsFor(start, start + MAX_MEETING_MS);

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
 * The claim a slot-based booking of an EPA with a daily maximum also rewrites: the EPA's
 * local day of the meeting's start, named with its zone. Every such booking of that day
 * writes it, so they run one after another and each counts the others. Only bookings
 * that check the maximum write it; a direct booking or a reschedule, which may exceed
 * it, still shows in the hours that the next check reads.
 */
export const dailyMaximumUnit = (start: number, timeZone: string): string => `${localDayAround(start, timeZone).date}@${timeZone}`;

/** The UTC dates (YYYY-MM-DD) of [start, end): a range read of claims takes whole dates. */
export const utcDatesOf = (start: number, end: number): { first: string; last: string } => ({
  first: new Date(start).toISOString().slice(0, 10),
  last: new Date(Math.max(start, end - 1)).toISOString().slice(0, 10),
});

export const overlapping = (
  claims: readonly EpaClaim[],
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

/** The claim's intervals with the meeting's in them, once, by start. */
export const withMeeting = (claim: EpaClaim, interval: ClaimedInterval): ClaimedInterval[] =>
  [...claim.intervals.filter((existing) => existing.meetingId !== interval.meetingId), interval].sort((a, b) => a.start - b.start);

export const withoutMeeting = (claim: EpaClaim, meetingId: string): ClaimedInterval[] =>
  claim.intervals.filter((existing) => existing.meetingId !== meetingId);

/**
 * The claims of `epaId` on `units`, as read, and empty at version 0 where nothing was
 * read: a range read (`ClaimRepository.readBetween`) finds only the items that exist,
 * and a unit it covered but did not find is still to be written as new.
 */
export const claimsOn = (claims: readonly EpaClaim[], epaId: string, units: readonly string[]): EpaClaim[] => {
  const read = new Map(claims.filter((claim) => claim.epaId === epaId).map((claim) => [claim.unit, claim]));
  return units.map((unit) => read.get(unit) ?? { epaId, unit, intervals: [], version: 0 });
};

/** Claims by EPA, in the order read. */
export const claimsByEpa = (claims: readonly EpaClaim[]): Map<string, EpaClaim[]> => {
  const byEpa = new Map<string, EpaClaim[]>();
  for (const claim of claims) {
    const ofEpa = byEpa.get(claim.epaId);
    if (ofEpa) ofEpa.push(claim);
    else byEpa.set(claim.epaId, [claim]);
  }
  return byEpa;
};

/** Claimed intervals as busy time for the slot engine, each meeting once. */
export const busyIntervalsOf = (claims: readonly EpaClaim[], ignoreMeetingId?: string): Array<{ start: number; end: number }> => {
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
