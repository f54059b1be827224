import { DateTime } from 'luxon';

/**
 * Dates as a person reads them in an answer's detail ("Monday 1 February 2027"),
 * in the organisation's zone: a refusal that names a raw UTC instant makes the
 * reader do the arithmetic the service has already done.
 */
export const dayInWords = (instant: number, timeZone: string): string =>
  DateTime.fromMillis(instant, { zone: timeZone }).setLocale('en-GB').toFormat('cccc d LLLL yyyy');

/** "Monday 1 February 2027 at 10:15 (Europe/London)". */
export const momentInWords = (instant: number, timeZone: string): string =>
  `${dayInWords(instant, timeZone)} at ${DateTime.fromMillis(instant, { zone: timeZone }).toFormat('HH:mm')} (${timeZone})`;
