import { DateTime } from 'luxon';
import { weekdays } from '#domain/availability-schedule.ts';
import { MINUTE_MS } from '#domain/calendar-arithmetic.ts';
import type { Slot, SlotQuery } from '#domain/slot-engine.ts';

const minutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** A local date in one zone, with the instants it begins and ends. */
interface Day {
  date: string;
  year: number;
  month: number;
  day: number;
  weekday: number;
  start: number;
  end: number;
}

/**
 * The slots of a query the plain way, as a yardstick for the slot engine: for
 * each EPA, each day, each working interval and each grid start, ask luxon for
 * the instant (once per zone, date and time of day, as anyone would keep it)
 * and look through all of the EPA's busy intervals. It knows what the reference
 * workload needs (weekly hours, date overrides, a daily maximum, daytime hours,
 * so no working interval starts or ends in a daylight-saving gap) and tries
 * nothing clever for speed.
 */
export const plainSlotLoop = (query: SlotQuery): Slot[] => {
  const durationMs = query.durationMinutes * MINUTE_MS;
  const earliest = Math.max(query.range.start, query.window?.earliest ?? Number.NEGATIVE_INFINITY);
  const latest = Math.min(query.range.end - 1, query.window?.latest ?? Number.POSITIVE_INFINITY);
  const free = new Map<number, string[]>();
  const resources = [...query.resources].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const daysByZone = new Map<string, Day[]>();
  const daysIn = (zone: string): Day[] => {
    let days = daysByZone.get(zone);
    if (days === undefined) {
      days = [];
      const last = DateTime.fromMillis(query.range.end - 1, { zone }).startOf('day');
      for (let day = DateTime.fromMillis(query.range.start, { zone }).startOf('day'); day <= last; day = day.plus({ days: 1 })) {
        days.push({ date: day.toISODate()!, year: day.year, month: day.month, day: day.day, weekday: day.weekday, start: day.toMillis(), end: day.plus({ days: 1 }).toMillis() });
      }
      daysByZone.set(zone, days);
    }
    return days;
  };
  const instants = new Map<string, number>();
  const instantOf = (zone: string, day: Day, offset: number): number => {
    if (offset >= 24 * 60) return day.end;
    const key = `${zone} ${day.date} ${offset}`;
    let instant = instants.get(key);
    if (instant === undefined) {
      instant = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(offset / 60), minute: offset % 60 }, { zone }).toMillis();
      instants.set(key, instant);
    }
    return instant;
  };

  for (const resource of resources) {
    const { timeZone, weekly, overrides, maxMeetingsPerDay } = resource.schedule;
    for (const day of daysIn(timeZone)) {
      const meetingsThatDay = resource.busy.filter((busy) => busy.countsTowardDailyMaximum !== false && busy.start >= day.start && busy.start < day.end).length;
      if (maxMeetingsPerDay != null && meetingsThatDay >= maxMeetingsPerDay) continue;
      const intervals = overrides.find((override) => override.date === day.date)?.intervals ?? weekly[weekdays[day.weekday - 1]!];
      for (const interval of intervals) {
        const intervalEnd = instantOf(timeZone, day, minutes(interval.end));
        for (let offset = minutes(interval.start); offset < 24 * 60; offset += query.intervalMinutes) {
          const start = instantOf(timeZone, day, offset);
          if (start + durationMs > intervalEnd) break;
          if (start < earliest || start > latest) continue;
          if (resource.busy.some((meeting) => meeting.start < start + durationMs && meeting.end > start)) continue;
          const ids = free.get(start) ?? [];
          ids.push(resource.id);
          free.set(start, ids);
        }
      }
    }
  }

  return [...free.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, freeResourceIds]) => ({ start, end: start + durationMs, freeResourceIds }));
};
