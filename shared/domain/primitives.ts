import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

/** Ids chosen by callers end up in keys, so keep them to a safe alphabet. */
export const Id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, 'letters, digits and . _ : @ - only');

export const TimeZone = z
  .string()
  .min(1)
  .refine((zone) => IANAZone.isValidZone(zone), { message: 'must be an IANA time zone such as Europe/London' });

/** A calendar day, `YYYY-MM-DD`, that really exists. */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => DateTime.fromISO(value, { zone: 'UTC' }).isValid, { message: 'is not a real date' });

/** A wall-clock time `HH:mm`; `24:00` closes a day. */
export const LocalTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time HH:mm');

/** An RFC 3339 instant with an explicit offset; normalised to UTC `Z` form. */
export const Instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i,
    'must be an RFC 3339 date-time with an offset, e.g. 2027-01-04T09:00:00Z',
  )
  .refine((value) => DateTime.fromISO(value, { setZone: true }).isValid, { message: 'is not a real date-time' })
  .transform((value) => toUtcIso(DateTime.fromISO(value, { setZone: true }).toMillis()));

export const Email = z.email().max(254);

/** E.164: what SNS accepts for SMS. */
export const PhoneNumber = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +447700900123');

export const minutesOf = (time: string): number => {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};

/** Instants are exchanged as `2027-01-04T09:00:00Z`: second precision, always UTC. */
export const toUtcIso = (millis: number): string => new Date(millis).toISOString().replace(/\.\d{3}Z$/, 'Z');
