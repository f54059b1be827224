import { DateTime, IANAZone } from 'luxon';
import * as z from 'zod';
import { DAY_MS } from './calendar-arithmetic.ts';

/** Ids chosen by callers end up in keys, so keep them to a safe alphabet. */
export const Id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, 'letters, digits and . _ : @ - only');

export const TimeZone = z
  .string()
  .min(1)
  .refine((zone) => IANAZone.isValidZone(zone), { message: 'must be a time zone such as Europe/London or America/New_York' });

/** A `YYYY-MM-DD` calendar date as days since 1970-01-01 (the proleptic Gregorian calendar, any year). */
export const epochDayOf = (isoDate: string): number => {
  const [year, month, day] = isoDate.split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year ?? 1970, (month ?? 1) - 1, day ?? 1);
  return Math.floor(date.getTime() / DAY_MS);
};

/** Days since 1970-01-01 as `YYYY-MM-DD` (years 0–9999). */
export const isoDateOfEpochDay = (epochDay: number): string => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);

/**
 * The days and instants the API accepts: any planning meeting falls well inside, and
 * no request can ask for work in the year 9999 (a capacity view of that year kept a
 * process busy for minutes). Stored records outside it are still read back.
 */
const EARLIEST_DATE = '2000-01-01';
const LATEST_DATE = '2100-12-31';
const EARLIEST_INSTANT = Date.UTC(2000, 0, 1);
const END_OF_LATEST_DATE = Date.UTC(2101, 0, 1);
const IN_RANGE = `must be between ${EARLIEST_DATE} and ${LATEST_DATE}`;

/**
 * A calendar day, `YYYY-MM-DD`, that really exists (zod's ISO date: 31 April and 29
 * February 2027 are refused). The format check aborts, so the range check only ever
 * sees a well-formed date.
 */
export const LocalDate = z.iso
  .date({ message: 'must be a date YYYY-MM-DD that exists', abort: true })
  .refine((value) => value >= EARLIEST_DATE && value <= LATEST_DATE, { message: IN_RANGE })
  .meta({ description: `A day YYYY-MM-DD from ${EARLIEST_DATE} to ${LATEST_DATE}` });

/** Days from `from` to `to`, both included (0 or less when `to` is before `from`); undefined unless both are valid dates. */
export const daysInRange = (from: unknown, to: unknown): number | undefined =>
  LocalDate.safeParse(from).success && LocalDate.safeParse(to).success ? epochDayOf(to as string) - epochDayOf(from as string) + 1 : undefined;

/**
 * The rule of every `from`/`to` query: `to` not before `from`, and at most `maxDays`
 * days, both included, so a request's work stays proportional to what it answers.
 */
export const refineDateRange =
  (maxDays: number) =>
  (query: { from?: string | undefined; to?: string | undefined }, context: z.RefinementCtx): void => {
    const days = daysInRange(query.from, query.to);
    if (days === undefined) return;
    if (days < 1) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days > maxDays) context.addIssue({ code: 'custom', path: ['to'], message: `the range may span at most ${maxDays} days` });
  };

/** A wall-clock time `HH:mm`; `24:00` closes a day. */
export const LocalTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time HH:mm');

/**
 * An RFC 3339 instant with an explicit offset (`Z` or ±hh:mm up to ±23:59, seconds
 * optional), within the accepted range; normalised to UTC `Z` form.
 */
export const Instant = z.iso
  .datetime({ offset: true, message: 'must be an RFC 3339 date-time with an offset, e.g. 2027-01-04T09:00:00Z', abort: true })
  .transform((value, context) => {
    const millis = DateTime.fromISO(value, { setZone: true }).toMillis();
    if (!(millis >= EARLIEST_INSTANT && millis < END_OF_LATEST_DATE)) {
      context.issues.push({ code: 'custom', message: IN_RANGE, input: value });
      return z.NEVER;
    }
    return toUtcIso(millis);
  })
  .meta({ description: `An RFC 3339 date-time with an offset, from ${EARLIEST_DATE} to ${LATEST_DATE}` });

/**
 * A listing's page size from the query string: digits only, so `0x10`, `1e1` or ` 16`
 * are refused rather than read as numbers (as `z.coerce.number()` would). The JSON
 * schema says what a caller may send, which the checks on the string do not show.
 */
export const PageLimit = (max: number, fallback: number) =>
  z
    .string()
    .refine((text) => /^[1-9]\d{0,5}$/.test(text), `must be a whole number from 1 to ${max}`)
    .transform(Number)
    .pipe(z.number().max(max, `must be a whole number from 1 to ${max}`))
    .meta({ type: 'integer', minimum: 1, maximum: max, description: `Page size, ${fallback} when not given` })
    .default(fallback);

export const Email = z.email().max(254);

/**
 * C0 and C1 control characters and DEL, and the Unicode bidirectional formatting
 * characters (which can make a name read differently from what it is: "Trojan Source").
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAKS = /[\n\r\t]/;
const BIDI_FORMATTING = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/**
 * Text a person reads (names, locations, notes, reasons, notices): at most `max`
 * characters, no control or bidirectional formatting characters. Free text such as
 * notes may keep line breaks (and tabs); a one-line field may not.
 */
export const PlainText = (max: number, { lineBreaks = false }: { lineBreaks?: boolean } = {}) =>
  z
    .string()
    .max(max)
    .refine((text) => !CONTROL.test(text) && (lineBreaks || !LINE_BREAKS.test(text)), {
      message: lineBreaks ? 'must not contain control characters' : 'must be one line without control characters',
    })
    .refine((text) => !BIDI_FORMATTING.test(text), { message: 'must not contain bidirectional formatting characters' });

/**
 * A phone number in international form (E.164, `+447700900456`): what SNS needs for SMS,
 * and one way to write each number, so the same number is the same string. The screens
 * turn what people type (`07700 900456`) into this form with a numbering-plan library
 * (web/src/phone.ts); the functions keep only this check, which keeps the library's
 * metadata out of every Lambda bundle.
 */
export const PhoneNumber = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in international form, such as +447700900123')
  .meta({ description: 'E.164, e.g. +447700900123' });

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
