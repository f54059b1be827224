import { plusCalendarPeriod, startOfLocalWeek } from './zone-clock.ts';

/** A meeting that holds an EPA's capacity (provisional or confirmed). */
export interface ResourceMeeting {
  resourceId: string;
  start: number;
  end: number;
}

export interface CapacityRequest {
  /** The resources free for the slot, e.g. a slot's `freeResourceIds`. */
  candidates: readonly string[];
  /** The candidates' meetings: at least the slot's week and, for the second rule, before it. Others are ignored. */
  meetings: readonly ResourceMeeting[];
  slotStart: number;
  /** The organisation's time zone, in which weeks run Monday to Sunday. */
  weekStartsIn: string;
  /**
   * What spreads bookings that race for equally ranked EPAs (the apprentice's id):
   * candidates equal on rules 1 and 2 are ordered by a hash of it with their id,
   * instead of by id alone. Without it, rule 3 is by id.
   */
  spreadKey?: string;
}

/**
 * The capacity engine (SPEC §4.1): which free EPA takes a slot. Deterministic,
 * and it spreads load:
 *
 * 1. fewest meetings starting in the ISO week (Monday 00:00 to the next Monday
 *    00:00 in the organisation's zone) that contains the slot;
 * 2. then the one whose last meeting is longest ago: the latest end among
 *    meetings that ended at or before the slot start; none counts as longest ago;
 * 3. then by id, in code-unit order (not locale order, so every machine agrees);
 *    with a `spreadKey`, by a hash of that key and the id first (`spreadRank`).
 *
 * Why rule 3 spreads: when a cohort books at once, most candidates are equal on rules
 * 1 and 2 (an empty week, no meeting yet), and "by id" would send every one of those
 * bookings to the same EPA, where all but one lose the race and must read and try
 * again. A hash of the apprentice's id is still deterministic for a booking and the
 * state it reads, but different apprentices pick different EPAs among the equals.
 * Rules 1 and 2 stay first, so load is spread exactly as SPEC §4.1 says.
 *
 * Returns every candidate once, best first, so booking can try the next one
 * when the first loses a race.
 */
export const rankResources = ({ candidates, meetings, slotStart, weekStartsIn, spreadKey }: CapacityRequest): string[] => {
  const weekStart = startOfLocalWeek(slotStart, weekStartsIn);
  // The week start's wall-clock time a week on, as luxon had it: next Monday 00:00, except
  // after a skipped Monday midnight, when the week ends as late on Monday as it began.
  const weekEnd = plusCalendarPeriod(weekStart, { days: 7 }, weekStartsIn);

  const load = new Map<string, { meetingsThatWeek: number; lastEnd: number }>();
  for (const id of candidates) load.set(id, { meetingsThatWeek: 0, lastEnd: Number.NEGATIVE_INFINITY });
  for (const meeting of meetings) {
    const entry = load.get(meeting.resourceId);
    if (entry === undefined) continue;
    if (meeting.start >= weekStart && meeting.start < weekEnd) entry.meetingsThatWeek += 1;
    if (meeting.end <= slotStart && meeting.end > entry.lastEnd) entry.lastEnd = meeting.end;
  }

  const spread = new Map<string, number>();
  if (spreadKey !== undefined) for (const id of candidates) spread.set(id, spreadRank(spreadKey, id));
  return [...load.entries()]
    .sort(
      ([idA, a], [idB, b]) =>
        a.meetingsThatWeek - b.meetingsThatWeek || compareLastEnd(a.lastEnd, b.lastEnd) || (spread.get(idA) ?? 0) - (spread.get(idB) ?? 0) || compareIds(idA, idB),
    )
    .map(([id]) => id);
};

/**
 * A candidate's place among equals for one booking: 32-bit FNV-1a of the spread key
 * and the candidate's id, then murmur3's finaliser, since ids that differ only in
 * their last character would otherwise differ only in a few bits. Any well-mixed
 * hash would do; this one is plain arithmetic, the same on every machine.
 */
export const spreadRank = (spreadKey: string, id: string): number => {
  let hash = 0x811c9dc5;
  const text = `${spreadKey}\u0000${id}`;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
};

/** The first of `rankResources`, or null when there is no candidate. */
export const chooseResource = (request: CapacityRequest): string | null => rankResources(request)[0] ?? null;

// -Infinity minus -Infinity is NaN, which sort treats as "equal" only by accident.
const compareLastEnd = (a: number, b: number): number => (a === b ? 0 : a < b ? -1 : 1);

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
