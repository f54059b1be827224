import { DateTime, IANAZone } from 'luxon';
import * as z from 'zod';

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

const DAY_MS = 86_400_000;

/** A `YYYY-MM-DD` calendar date as days since 1970-01-01 (the proleptic Gregorian calendar, any year). */
export const epochDayOf = (isoDate: string): number => {
  const [year, month, day] = isoDate.split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year ?? 1970, (month ?? 1) - 1, day ?? 1);
  return Math.floor(date.getTime() / DAY_MS);
};

/** Days since 1970-01-01 as `YYYY-MM-DD` (years 0–9999). */
export const isoDateOfEpochDay = (epochDay: number): string => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);

/** A calendar day, `YYYY-MM-DD`, that really exists (31 April rolls over to 1 May, so it does not come back the same). */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => isoDateOfEpochDay(epochDayOf(value)) === value, { message: 'is not a real date' });

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

const twoDigits = (value: number): string => (value < 10 ? `0${value}` : `${value}`);

/**
 * Instants are exchanged as `2027-01-04T09:00:00Z`: second precision, always UTC.
 * A slots answer formats thousands of them, and `Date#toISOString` was a third of
 * its time, so the civil date is computed directly (H. Hinnant's days-to-civil);
 * years outside 1000–9999 take the `Date` route.
 */
export const toUtcIso = (millis: number): string => {
  const days = Math.floor(millis / DAY_MS);
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1000 || year > 9999) return new Date(millis).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const second = Math.floor((millis - days * DAY_MS) / 1000);
  return `${year}-${twoDigits(month)}-${twoDigits(day)}T${twoDigits(Math.floor(second / 3600))}:${twoDigits(Math.floor(second / 60) % 60)}:${twoDigits(second % 60)}Z`;
};
