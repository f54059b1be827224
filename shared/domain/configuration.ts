import * as z from 'zod';
import { LocalDate, PlainText, TimeZone } from './primitives.ts';
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

/** How long processing a gateway takes, counted from its submission (SPEC §3.4). */
export const GatewayProcessingPeriod = z.strictObject({
  amount: z.int().min(0).max(1_000),
  unit: z.enum(['days', 'workingDays']),
});
export type GatewayProcessingPeriod = z.infer<typeof GatewayProcessingPeriod>;

/** Up to which day after the stage's anchor date a meeting can be booked, that day included. */
export const BookingPeriodMaximum = z.strictObject({
  amount: z.int().min(0).max(10_000),
  unit: z.enum(['days', 'weeks', 'months']),
});
export type BookingPeriodMaximum = z.infer<typeof BookingPeriodMaximum>;

export const DEFAULT_MAX_ATTENDEES = 20;
export const MAX_ATTENDEES_LIMIT = 50;

/** System Management → Configuration → Availability (SPEC §3.4). Every window setting may be null: unset. */
export const AvailabilityConfiguration = z.strictObject({
  minimumNotice: MinimumNotice.nullable().default(null),
  estimatedGatewayProcessingPeriod: GatewayProcessingPeriod.nullable().default(null),
  bookingPeriodMaximum: BookingPeriodMaximum.nullable().default(null),
  maximumAdvance: MaximumAdvance.nullable().default(null),
  /** Shown to whoever books, with the slots; line breaks are kept, other control characters refused. */
  bookingNoticeAdditionalInfo: PlainText(2_000, { lineBreaks: true }).nullable().default(null),
  /** Calendar days before the estimated EPA date from which a training provider may book (epaPRO 5.10). */
  epaDateBookingPeriodDays: z.int().min(0).max(3_650).nullable().default(null),
  maxAttendeesPerMeeting: z.int().min(1).max(MAX_ATTENDEES_LIMIT).default(DEFAULT_MAX_ATTENDEES),
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

/**
 * A stored configuration as it is read: parsed again, so that a field added since it was
 * saved takes its default. A non-working date outside the range the API now accepts
 * (2000–2100), saved when any year was taken, is left out rather than failing every read.
 */
export const storedAvailabilityConfiguration = (stored: unknown): AvailabilityConfiguration => {
  const parsed = AvailabilityConfiguration.safeParse(stored);
  if (parsed.success) return parsed.data;
  if (typeof stored !== 'object' || stored === null) return AvailabilityConfiguration.parse(stored);
  const { nonWorkingDates } = stored as { nonWorkingDates?: unknown };
  if (!Array.isArray(nonWorkingDates)) return AvailabilityConfiguration.parse(stored);
  return AvailabilityConfiguration.parse({ ...stored, nonWorkingDates: nonWorkingDates.filter((date) => LocalDate.safeParse(date).success) });
};
