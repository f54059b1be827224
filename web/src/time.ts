import { DAY_MS, isoWeekdayOf } from '#domain/calendar-arithmetic.ts';

/**
 * Times are shown in the viewer's zone with the zone named; dates sent to the API are
 * days in the organisation's zone (SPEC §3.3), computed here without a date library.
 */
export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

const format = (iso: string, options: Intl.DateTimeFormatOptions, timeZone = viewerZone()): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone, ...options }).format(new Date(iso));

/** "09:00" */
export const clock = (iso: string): string => format(iso, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** "GMT", "BST", "GMT+1": the short name of the viewer's zone at that instant. */
export const zoneAbbreviation = (iso: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: viewerZone(), timeZoneName: 'short' }).formatToParts(new Date(iso)).find((part) => part.type === 'timeZoneName')?.value ?? '';
/** "Mon 14 Dec" */
export const shortDay = (iso: string): string => format(iso, { weekday: 'short', day: 'numeric', month: 'short' });
/** "Monday 14 December 2026" */
export const longDay = (iso: string): string => format(iso, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
/** "Mon 14 Dec 2026, 09:00 GMT" */
export const when = (iso: string): string =>
  `${format(iso, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })}, ${clock(iso)} ${zoneAbbreviation(iso)}`;
/** "Mon 14 Dec 2026, 09:00–10:00 GMT" */
export const span = (start: string, end: string): string =>
  `${format(start, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })}, ${clock(start)}–${clock(end)} ${zoneAbbreviation(start)}`;
/** The day (YYYY-MM-DD) an instant falls on in a zone. */
export const dayIn = (iso: string, timeZone: string): string => format(iso, { year: 'numeric', month: '2-digit', day: '2-digit' }, timeZone).split('/').reverse().join('-');
export const todayIn = (timeZone: string): string => dayIn(new Date().toISOString(), timeZone);

export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
/** The Monday of the week a day is in. */
export const mondayOf = (date: string): string => addDays(date, -isoWeekdayOf(Date.parse(`${date}T00:00:00Z`) / DAY_MS));
/** "14 Dec 2026" for a calendar day (no zone: it is a day, not an instant). */
export const calendarDay = (date: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${date}T00:00:00Z`));

/** An instant as the value of `<input type="datetime-local">`, which speaks the viewer's zone. */
export const toLocalInput = (iso: string): string => {
  const date = new Date(iso);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};
/** The value of a datetime-local input as an RFC 3339 instant; undefined when empty or invalid. */
export const fromLocalInput = (value: string): string | undefined => {
  if (!value) return undefined;
  const millis = new Date(value).getTime();
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString().replace('.000Z', 'Z');
};

/** "11 January 2027" for a calendar day. */
export const dateInWords = (date: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${date}T00:00:00Z`));
