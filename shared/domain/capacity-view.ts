import { DateTime } from 'luxon';
import { DAY_MS, MINUTE_MS } from './calendar-arithmetic.ts';
import type { PlanningMeeting } from './planning-meeting.ts';
import { isActive } from './planning-meeting.ts';
import { prepareResource, workingPeriods, type ResourceSchedule } from './slot-engine.ts';
import { zoneClock } from './zone-clock.ts';

export interface CapacityDay {
  epaId: string;
  /** A day in the organisation's zone. */
  date: string;
  availableMinutes: number;
  bookedMinutes: number;
  /** booked / available, rounded to 3 places; null on a day without working hours. */
  utilisation: number | null;
  meetings: PlanningMeeting[];
}

export interface CapacityViewInput {
  epas: ReadonlyArray<{ id: string; schedule: ResourceSchedule | undefined }>;
  /** The EPAs' meetings in the range, any status; only active ones count as booked. */
  meetings: readonly PlanningMeeting[];
  from: string;
  to: string;
  timeZone: string;
  /** The organisation's non-working dates: nothing is available on them (SPEC §3.2), though a direct booking there still counts as booked. */
  nonWorkingDates?: readonly string[];
}

/** The organisation's days from `from` to `to` (both included) as instants. */
export const daysBetween = (from: string, to: string, timeZone: string): Array<{ date: string; start: number; end: number }> => {
  const days = [];
  for (let day = DateTime.fromISO(from, { zone: timeZone }).startOf('day'); day.toISODate()! <= to; day = day.plus({ days: 1 })) {
    days.push({ date: day.toISODate()!, start: day.toMillis(), end: day.plus({ days: 1 }).toMillis() });
  }
  return days;
};

/**
 * Booking capacity management (SPEC §4.3): per EPA and day, the working minutes,
 * the minutes held by provisional and confirmed meetings, and the meetings. Working
 * hours are the EPA's wall-clock hours in their own zone, cut to the organisation's day.
 */
export const capacityView = (input: CapacityViewInput): CapacityDay[] => {
  const days = daysBetween(input.from, input.to, input.timeZone);
  if (days.length === 0) return [];
  const range = { start: days[0]!.start, end: days[days.length - 1]!.end };
  const closed = new Set(input.nonWorkingDates ?? []);
  const rows: CapacityDay[] = [];
  for (const epa of [...input.epas].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const periods = epa.schedule
      ? workingPeriods(
          prepareResource({ id: epa.id, schedule: epa.schedule, busy: [] }, zoneClock(epa.schedule.timeZone, range.start - DAY_MS, range.end + DAY_MS), range, 0),
          range,
        )
      : [];
    const own = input.meetings.filter((meeting) => meeting.epaId === epa.id);
    for (const day of days) {
      const availableMs = closed.has(day.date) ? 0 : periods.reduce((sum, period) => sum + Math.max(0, Math.min(period.end, day.end) - Math.max(period.start, day.start)), 0);
      const meetings = own
        .filter((meeting) => Date.parse(meeting.start) >= day.start && Date.parse(meeting.start) < day.end)
        .sort((a, b) => a.start.localeCompare(b.start));
      const bookedMs = meetings
        .filter((meeting) => isActive(meeting.status))
        .reduce((sum, meeting) => sum + (Date.parse(meeting.end) - Date.parse(meeting.start)), 0);
      rows.push({
        epaId: epa.id,
        date: day.date,
        availableMinutes: Math.round(availableMs / MINUTE_MS),
        bookedMinutes: Math.round(bookedMs / MINUTE_MS),
        utilisation: availableMs > 0 ? Math.round((bookedMs / availableMs) * 1000) / 1000 : null,
        meetings,
      });
    }
  }
  return rows;
};
