import * as z from 'zod';
import { LocalDate, LocalTime, TimeZone, minutesOf } from './primitives.ts';
import { DEFAULT_TIME_ZONE } from './directory.ts';
import { readOnlyScheduleFields } from './read-only-fields.ts';

export const WorkingInterval = z
  .strictObject({ start: LocalTime, end: LocalTime })
  .refine((interval) => minutesOf(interval.start) < minutesOf(interval.end), {
    message: 'start must be before end',
    path: ['end'],
  });
export type WorkingInterval = z.infer<typeof WorkingInterval>;

/** Intervals of one day, in order and not overlapping, so the slot engine can trust them. */
const DayIntervals = z
  .array(WorkingInterval)
  .max(24)
  .refine(
    (intervals) =>
      intervals.every((interval, index) => index === 0 || minutesOf(intervals[index - 1]!.end) <= minutesOf(interval.start)),
    { message: 'intervals must be in order and must not overlap' },
  );

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const WeeklyHours = z.strictObject({
  mon: DayIntervals.default([]),
  tue: DayIntervals.default([]),
  wed: DayIntervals.default([]),
  thu: DayIntervals.default([]),
  fri: DayIntervals.default([]),
  sat: DayIntervals.default([]),
  sun: DayIntervals.default([]),
});
export type WeeklyHours = z.infer<typeof WeeklyHours>;

export const DateOverride = z.strictObject({ date: LocalDate, intervals: DayIntervals });
export type DateOverride = z.infer<typeof DateOverride>;

/** An EPA's availability: SPEC §3.2. */
export const AvailabilityScheduleInput = z.strictObject({
  timeZone: TimeZone.default(DEFAULT_TIME_ZONE),
  weekly: WeeklyHours,
  overrides: z
    .array(DateOverride)
    .max(1000)
    .default([])
    .refine((overrides) => new Set(overrides.map((o) => o.date)).size === overrides.length, {
      message: 'one override per date',
    }),
  maxMeetingsPerDay: z.int().min(1).max(48).nullable().optional(),
  ...readOnlyScheduleFields,
});
export type AvailabilityScheduleInput = z.infer<typeof AvailabilityScheduleInput>;

export const hasWorkingHours = (schedule: Pick<AvailabilityScheduleInput, 'weekly' | 'overrides'> | undefined): boolean =>
  schedule !== undefined &&
  (weekdays.some((day) => schedule.weekly[day].length > 0) || schedule.overrides.some((o) => o.intervals.length > 0));
