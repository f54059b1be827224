import { DateTime } from 'luxon';
import type { DateOverride, WeeklyHours, WorkingInterval } from '#domain/availability-schedule.ts';
import type { BookingWindow } from '#domain/booking-window.ts';
import type { BusyInterval, ResourceSchedule, SlotQuery, SlotResource, TimeSpan } from '#domain/slot-engine.ts';
import { mulberry32 } from '../../bench/seeded-random.ts';

/** `'2027-01-04T09:00'` → epoch ms, read as UTC. Tests state instants in UTC so the expected offsets are visible. */
export const utc = (isoWithoutZone: string): number => {
  const millis = Date.parse(`${isoWithoutZone.length === 16 ? `${isoWithoutZone}:00` : isoWithoutZone}Z`);
  if (Number.isNaN(millis)) throw new Error(`bad instant ${isoWithoutZone}`);
  return millis;
};

export const iso = (millis: number): string => new Date(millis).toISOString().replace(/:00\.000Z$/, 'Z');

/** `hours('09:00-12:30', '13:30-17:00')` */
export const hours = (...spans: string[]): WorkingInterval[] =>
  spans.map((span) => {
    const [start, end] = span.split('-');
    return { start: start!, end: end! };
  });

const noHours: WeeklyHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

export const weekly = (days: Partial<WeeklyHours>): WeeklyHours => ({ ...noHours, ...days });

export const weekdaysOnly = (intervals: WorkingInterval[]): WeeklyHours =>
  weekly({ mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals });

export const schedule = (overrides: Partial<ResourceSchedule> = {}): ResourceSchedule => ({
  timeZone: 'Europe/London',
  weekly: weekdaysOnly(hours('09:00-12:30', '13:30-17:00')),
  overrides: [],
  maxMeetingsPerDay: null,
  ...overrides,
});

export const resource = (id: string, scheduleOverrides: Partial<ResourceSchedule> = {}, busy: BusyInterval[] = []): SlotResource => ({
  id,
  schedule: schedule(scheduleOverrides),
  busy,
});

export interface GroupScenarioOptions {
  resources?: number;
  meetings?: number;
  days?: number;
  seed?: number;
  /** First local day of the range, in Europe/London. */
  from?: string;
  durationMinutes?: number;
  intervalMinutes?: number;
}

export interface GroupScenario {
  now: number;
  range: TimeSpan;
  window: BookingWindow;
  resources: SlotResource[];
  query: SlotQuery;
}

const timeZones = ['Europe/London', 'Europe/London', 'Europe/London', 'Europe/London', 'Europe/London', 'Europe/London', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'];

const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

const timeOf = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * A realistic group: mostly Mon–Fri 09:00–12:30 and 13:30–17:00 in London,
 * with earlier or later days, part-timers, a few in other zones, some days
 * off and changed hours, and daily maximums; meetings of 30 to 120 minutes
 * placed without double-booking anyone. The default range (from 2027-01-04,
 * 93 days) crosses the US and UK spring clock changes.
 */
export const makeGroupScenario = (options: GroupScenarioOptions = {}): GroupScenario => {
  const {
    resources: resourceCount = 50,
    meetings: meetingCount = 3000,
    days = 93,
    seed = 1,
    from = '2027-01-04',
    durationMinutes = 60,
    intervalMinutes = 30,
  } = options;
  const random = mulberry32(seed);
  const firstDay = DateTime.fromISO(from, { zone: 'Europe/London' }).startOf('day');
  const range = { start: firstDay.toMillis(), end: firstDay.plus({ days }).toMillis() };
  const now = firstDay.minus({ days: 1 }).set({ hour: 10, minute: 15 }).toMillis();
  const window = { earliest: now, latest: DateTime.fromMillis(now, { zone: 'Europe/London' }).plus({ years: 1 }).toMillis() };

  const resources: Array<SlotResource & { busy: BusyInterval[] }> = [];
  for (let index = 0; index < resourceCount; index += 1) {
    const shift = pick(random, [-60, -30, 0, 0, 0, 30, 60]);
    const lunch = pick(random, [0, 0, 30]);
    const day = hours(
      `${timeOf(540 + shift)}-${timeOf(750 + shift + lunch)}`,
      `${timeOf(810 + shift + lunch)}-${timeOf(1020 + shift)}`,
    );
    const partTime = random() < 0.2;
    const week = weekly({
      mon: day,
      tue: partTime ? [] : day,
      wed: day,
      thu: partTime ? [] : day,
      fri: random() < 0.3 ? hours(`${timeOf(540 + shift)}-${timeOf(750 + shift)}`) : day,
      sat: random() < 0.05 ? hours('10:00-13:00') : [],
    });
    const overrides: DateOverride[] = [];
    const overrideCount = Math.floor(random() * 4);
    const usedDates = new Set<string>();
    for (let n = 0; n < overrideCount; n += 1) {
      const date = firstDay.plus({ days: Math.floor(random() * days) }).toISODate()!;
      if (usedDates.has(date)) continue;
      usedDates.add(date);
      overrides.push({ date, intervals: random() < 0.6 ? [] : hours('10:00-15:00') });
    }
    resources.push({
      id: `epa-${String(index + 1).padStart(3, '0')}`,
      schedule: {
        timeZone: pick(random, timeZones),
        weekly: week,
        overrides,
        maxMeetingsPerDay: random() < 0.5 ? pick(random, [2, 3, 4]) : null,
      },
      busy: [],
    });
  }

  for (let placed = 0, attempts = 0; placed < meetingCount && attempts < meetingCount * 20; attempts += 1) {
    const owner = resources[Math.floor(random() * resources.length)]!;
    const dayStart = firstDay.setZone(owner.schedule.timeZone, { keepLocalTime: true }).plus({ days: Math.floor(random() * days) });
    if (dayStart.weekday > 5) continue;
    const start = dayStart.plus({ minutes: 480 + 15 * Math.floor(random() * 36) }).toMillis();
    const end = start + pick(random, [30, 60, 60, 60, 90, 120]) * 60_000;
    if (owner.busy.some((busy) => busy.start < end && busy.end > start)) continue;
    owner.busy.push(
      random() < 0.05 ? { start, end, countsTowardDailyMaximum: false } : { start, end },
    );
    placed += 1;
  }

  return {
    now,
    range,
    window,
    resources,
    query: { resources, durationMinutes, intervalMinutes, range, window },
  };
};
