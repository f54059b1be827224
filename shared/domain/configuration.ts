import * as z from 'zod';
import { LocalDate, TimeZone } from './primitives.ts';
import { DEFAULT_TIME_ZONE } from './directory.ts';
import { readOnlyFields } from './read-only-fields.ts';

export const MinimumNotice = z.strictObject({
  amount: z.int().min(0).max(10_000),
  unit: z.enum(['hours', 'days', 'workingDays']),
});
export type MinimumNotice = z.infer<typeof MinimumNotice>;

export const MaximumAdvance = z.strictObject({
  amount: z.int().min(1).max(10_000),
  unit: z.enum(['days', 'weeks', 'months']),
});
export type MaximumAdvance = z.infer<typeof MaximumAdvance>;

/** System Management → Configuration → Availability (SPEC §3.4). */
export const AvailabilityConfiguration = z.strictObject({
  minimumNotice: MinimumNotice.nullable().default(null),
  maximumAdvance: MaximumAdvance.nullable().default(null),
  provisionalHoldHours: z.int().min(1).max(24 * 90).default(72),
  nonWorkingDates: z
    .array(LocalDate)
    .max(2000)
    .default([])
    .transform((dates) => [...new Set(dates)].sort()),
  timeZone: TimeZone.default(DEFAULT_TIME_ZONE),
  ...readOnlyFields,
});
export type AvailabilityConfiguration = z.infer<typeof AvailabilityConfiguration>;

export const defaultAvailabilityConfiguration: AvailabilityConfiguration = AvailabilityConfiguration.parse({});
