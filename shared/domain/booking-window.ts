import { epochDayOf } from './primitives.ts';
import { plusCalendarPeriod, zoneClock, type CalendarPeriod } from './zone-clock.ts';
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

/** The release note exempts AO users from the configured windows; they get the unset behaviour, not "no limit". */
export const isExemptFromBookingWindow = (caller: Pick<Caller, 'roles'>): boolean =>
  caller.roles.includes('awardingorganisation');

/**
 * The booking window for `caller` at `now`.
 *
 * Calendar units are counted in the organisation's time zone so that "2 days"
 * from 10:15 is 10:15 two days later across a daylight-saving change, with
 * luxon's `plus` rules (see `plusCalendarPeriod`): a wall-clock time that does
 * not exist on the target day moves forward by the length of the gap, and one
 * that happens twice is taken on the side of the change `now` is on where it
 * can be. Hours are elapsed time.
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

const applyNotice = (notice: MinimumNotice, now: number, configuration: BookingWindowConfiguration): number => {
  switch (notice.unit) {
    case 'hours':
      return now + notice.amount * HOUR_MS;
    case 'days':
      return plusCalendarPeriod(now, { days: notice.amount }, configuration.timeZone);
    case 'workingDays':
      return plusCalendarPeriod(now, { days: calendarDaysForWorkingDays(now, notice.amount, configuration) }, configuration.timeZone);
  }
};

const applyAdvance = (advance: MaximumAdvance | null, now: number, timeZone: string): number =>
  plusCalendarPeriod(now, advancePeriod(advance), timeZone);

/** Months clamp to the end of a shorter month: 31 January + 1 month = 28 (or 29) February. */
const advancePeriod = (advance: MaximumAdvance | null): CalendarPeriod => {
  if (advance === null) return { years: 1 };
  switch (advance.unit) {
    case 'days':
      return { days: advance.amount };
    case 'weeks':
      return { days: advance.amount * 7 };
    case 'months':
      return { months: advance.amount };
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
  const today = zoneClock(configuration.timeZone, now, now).localDay(now);
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
