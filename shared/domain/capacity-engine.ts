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
}

/**
 * The capacity engine (SPEC §4.1): which free EPA takes a slot. Deterministic,
 * and it spreads load:
 *
 * 1. fewest meetings starting in the ISO week (Monday 00:00 to the next Monday
 *    00:00 in the organisation's zone) that contains the slot;
 * 2. then the one whose last meeting is longest ago: the latest end among
 *    meetings that ended at or before the slot start; none counts as longest ago;
 * 3. then by id, in code-unit order (not locale order, so every machine agrees).
 *
 * Returns every candidate once, best first, so booking can try the next one
 * when the first loses a race.
 */
export const rankResources = ({ candidates, meetings, slotStart, weekStartsIn }: CapacityRequest): string[] => {
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

  return [...load.entries()]
    .sort(([idA, a], [idB, b]) => a.meetingsThatWeek - b.meetingsThatWeek || compareLastEnd(a.lastEnd, b.lastEnd) || compareIds(idA, idB))
    .map(([id]) => id);
};

/** The first of `rankResources`, or null when there is no candidate. */
export const chooseResource = (request: CapacityRequest): string | null => rankResources(request)[0] ?? null;

// -Infinity minus -Infinity is NaN, which sort treats as "equal" only by accident.
const compareLastEnd = (a: number, b: number): number => (a === b ? 0 : a < b ? -1 : 1);

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
