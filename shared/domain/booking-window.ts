import { DateTime } from 'luxon';
import { epochDayOf } from './primitives.ts';
import type { AvailabilityConfiguration, MaximumAdvance, MinimumNotice } from './configuration.ts';
import type { Caller } from './roles.ts';

/**
 * The instants between which a slot may start (SPEC §3.4), both inclusive, in
 * epoch milliseconds. `earliest > latest` is possible (a notice longer than the
 * advance) and simply means nothing is bookable.
 */
export interface BookingWindow {
  earliest: number;
  latest: number;
}

export type BookingWindowConfiguration = Pick<
  AvailabilityConfiguration,
  'minimumNotice' | 'maximumAdvance' | 'nonWorkingDates' | 'timeZone'
>;

export interface BookingWindowRequest {
  configuration: BookingWindowConfiguration;
  now: number;
  caller: Pick<Caller, 'roles'>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The release note exempts AO users from the configured windows; they get the unset behaviour, not "no limit". */
export const isExemptFromBookingWindow = (caller: Pick<Caller, 'roles'>): boolean =>
  caller.roles.includes('awardingorganisation');

/**
 * The booking window for `caller` at `now`.
 *
 * Calendar units are counted in the organisation's time zone so that "2 days"
 * from 10:15 is 10:15 two days later across a daylight-saving change (luxon
 * `plus`, which keeps the wall-clock time; a wall-clock time that does not
 * exist on the target day moves forward by the length of the gap). Hours are
 * elapsed time.
 *
 * Unset settings, and every setting for AO users: no notice (earliest = now)
 * and latest = the same wall-clock time one calendar year ahead.
 */
export const bookingWindowFor = ({ configuration, now, caller }: BookingWindowRequest): BookingWindow => {
  const exempt = isExemptFromBookingWindow(caller);
  const minimumNotice = exempt ? null : configuration.minimumNotice;
  const maximumAdvance = exempt ? null : configuration.maximumAdvance;
  return {
    earliest: minimumNotice === null ? now : applyNotice(minimumNotice, now, configuration),
    latest: applyAdvance(maximumAdvance, now, configuration.timeZone),
  };
};

/** Both ends inclusive: a slot starting exactly at `latest` is still within "now + advance". */
export const isInsideBookingWindow = (window: BookingWindow, slotStart: number): boolean =>
  slotStart >= window.earliest && slotStart <= window.latest;

const localNow = (now: number, timeZone: string): DateTime => DateTime.fromMillis(now, { zone: timeZone });

const applyNotice = (notice: MinimumNotice, now: number, configuration: BookingWindowConfiguration): number => {
  switch (notice.unit) {
    case 'hours':
      return now + notice.amount * HOUR_MS;
    case 'days':
      return localNow(now, configuration.timeZone).plus({ days: notice.amount }).toMillis();
    case 'workingDays':
      return localNow(now, configuration.timeZone)
        .plus({ days: calendarDaysForWorkingDays(now, notice.amount, configuration) })
        .toMillis();
  }
};

const applyAdvance = (advance: MaximumAdvance | null, now: number, timeZone: string): number => {
  const local = localNow(now, timeZone);
  if (advance === null) return local.plus({ years: 1 }).toMillis();
  switch (advance.unit) {
    case 'days':
      return local.plus({ days: advance.amount }).toMillis();
    case 'weeks':
      return local.plus({ weeks: advance.amount }).toMillis();
    case 'months':
      // luxon clamps to the end of a shorter month: 31 January + 1 month = 28 (or 29) February.
      return local.plus({ months: advance.amount }).toMillis();
  }
};

/**
 * Working-day notice: the same wall-clock time `n` working days later.
 *
 * A working day is Monday to Friday in the organisation's time zone that is not
 * in `nonWorkingDates`. Counting starts from the day after today, whatever
 * today is: at Friday 10:15 a notice of 1 working day ends on Monday 10:15, and
 * at Saturday 10:15 it also ends on Monday 10:15. With Monday a bank holiday,
 * both end on Tuesday 10:15. A notice of 0 working days is no notice.
 *
 * Returns how many calendar days that is, so the caller can add them with the
 * same DST-correct arithmetic as the `days` unit.
 */
export const calendarDaysForWorkingDays = (
  now: number,
  workingDays: number,
  configuration: Pick<BookingWindowConfiguration, 'nonWorkingDates' | 'timeZone'>,
): number => {
  if (workingDays <= 0) return 0;
  const local = localNow(now, configuration.timeZone);
  const today = Math.floor(Date.UTC(local.year, local.month - 1, local.day) / DAY_MS);
  const holidays = new Set(configuration.nonWorkingDates.map(epochDayOf));
  let counted = 0;
  let offset = 0;
  while (counted < workingDays) {
    offset += 1;
    const day = today + offset;
    if (isWeekday(day) && !holidays.has(day)) counted += 1;
  }
  return offset;
};

/** 1970-01-01 was a Thursday; Monday = 0. */
const isWeekday = (epochDay: number): boolean => (((epochDay + 3) % 7) + 7) % 7 < 5;
