import { HOUR_MS, isoWeekdayOf } from './calendar-arithmetic.ts';
import { epochDayOf } from './primitives.ts';
import { plusCalendarPeriod, startOfLocalDay, zoneClock, type CalendarPeriod } from './zone-clock.ts';
import type { AvailabilityConfiguration, BookingPeriodMaximum, MaximumAdvance, MinimumNotice } from './configuration.ts';
import { APPROVED_WITHOUT_DATES, anchorDateOf, type Gateway, type GatewayStatus } from './gateway.ts';
import type { Caller } from './roles.ts';

/**
 * The instants between which a slot may start (SPEC §3.4), both inclusive, in
 * epoch milliseconds. `earliest > latest` is possible (a notice longer than the
 * advance, an anchor date far ahead) and simply means nothing is bookable.
 */
export interface BookingWindow {
  earliest: number;
  latest: number;
}

/** The window with what it was computed from, for the slot answer and the booking's re-check. */
export interface JourneyBookingWindow extends BookingWindow {
  gatewayStatus: GatewayStatus;
  /** The day the stage counts from (`YYYY-MM-DD`), or null when the record has none and today stood in. */
  anchorDate: string | null;
  /**
   * From when this caller may book a provisional meeting (epaPRO 5.10): set only for a
   * training-provider caller while the gateway is not approved and an EPA date is known.
   * It narrows no slot listing; a booking starting before it is refused.
   */
  epaDateBookingFrom: number | null;
}

export type BookingWindowConfiguration = Pick<
  AvailabilityConfiguration,
  | 'minimumNotice'
  | 'maximumAdvance'
  | 'estimatedGatewayProcessingPeriod'
  | 'bookingPeriodMaximum'
  | 'epaDateBookingPeriodDays'
  | 'nonWorkingDates'
  | 'timeZone'
>;

export interface BookingWindowRequest {
  configuration: BookingWindowConfiguration;
  now: number;
  caller: Pick<Caller, 'roles'>;
  /** The apprentice's stage and dates; a record without them is approved with no dates. */
  gateway?: Gateway;
}

/** The release note exempts AO users from the configured windows; they get the unset behaviour, not "no limit". */
export const isExemptFromBookingWindow = (caller: Pick<Caller, 'roles'>): boolean =>
  caller.roles.includes('awardingorganisation');

/** The EPA date booking period binds training-provider staff (5.10), not the organisation's own staff acting as such. */
const isBoundByEpaDateBookingPeriod = (caller: Pick<Caller, 'roles'>): boolean =>
  caller.roles.includes('trainingprovider') && !caller.roles.some((role) => role === 'owner' || role === 'awardingorganisation');

/**
 * The booking window for `caller` at `now` and the apprentice's gateway stage (SPEC §3.4).
 *
 * With D the first instant of the stage's anchor day in the organisation's zone (today
 * when the record has no such date):
 * - earliest = D + processing period + notice before approval, and never sooner than
 *   now + notice; once approved, now + notice;
 * - latest = the end of the day D + booking period maximum (now + one year when that is
 *   unset), capped by now + maximum advance and by now + one year.
 *
 * Calendar units are counted in the organisation's zone so that "2 days" from 10:15 is
 * 10:15 two days later across a daylight-saving change, with luxon's `plus` rules (see
 * `plusCalendarPeriod`). Hours are elapsed time. Working days are Monday to Friday
 * minus the non-working dates. AO users get no notice and now + one year.
 */
export const bookingWindowFor = ({ configuration, now, caller, gateway = APPROVED_WITHOUT_DATES }: BookingWindowRequest): JourneyBookingWindow => {
  const { timeZone } = configuration;
  const anchorDate = anchorDateOf(gateway);
  const journey = { gatewayStatus: gateway.status, anchorDate };
  const oneYear = plusCalendarPeriod(now, { years: 1 }, timeZone);
  if (isExemptFromBookingWindow(caller)) return { ...journey, earliest: now, latest: oneYear, epaDateBookingFrom: null };

  const today = zoneClock(timeZone, now, now).localDay(now);
  const anchorDay = anchorDate === null ? today : epochDayOf(anchorDate);
  const notice = configuration.minimumNotice;
  const fromNow = notice === null ? now : applyNotice(notice, now, configuration);
  let earliest = fromNow;
  if (gateway.status !== 'approved') {
    const processedDay = plusProcessing(anchorDay, configuration);
    const processed = startOfLocalDay(processedDay, timeZone);
    earliest = Math.max(fromNow, notice === null ? processed : applyNotice(notice, processed, configuration));
  }

  const period = configuration.bookingPeriodMaximum;
  const periodEnd = period === null ? oneYear : endOfDayAfterPeriod(anchorDay, period, timeZone);
  const advanceEnd = configuration.maximumAdvance === null ? oneYear : applyAdvance(configuration.maximumAdvance, now, timeZone);
  return {
    ...journey,
    earliest,
    latest: Math.min(periodEnd, advanceEnd, oneYear),
    epaDateBookingFrom: epaDateBookingFrom(configuration, gateway, caller),
  };
};

const epaDateBookingFrom = (
  configuration: BookingWindowConfiguration,
  gateway: Gateway,
  caller: Pick<Caller, 'roles'>,
): number | null => {
  const days = configuration.epaDateBookingPeriodDays;
  if (days === null || gateway.status === 'approved' || !gateway.estimatedEpaDate) return null;
  if (!isBoundByEpaDateBookingPeriod(caller)) return null;
  return startOfLocalDay(epochDayOf(gateway.estimatedEpaDate) - days, configuration.timeZone);
};

/** The day on which the gateway is expected to be processed: the anchor day plus the processing period. */
const plusProcessing = (anchorDay: number, configuration: BookingWindowConfiguration): number => {
  const processing = configuration.estimatedGatewayProcessingPeriod;
  if (processing === null) return anchorDay;
  return processing.unit === 'days' ? anchorDay + processing.amount : workingDayAfter(anchorDay, processing.amount, configuration.nonWorkingDates);
};

/** The last instant of the day `anchorDay + period` ("that day included"), as `latest` is inclusive. */
const endOfDayAfterPeriod = (anchorDay: number, period: BookingPeriodMaximum, timeZone: string): number => {
  const anchorStart = startOfLocalDay(anchorDay, timeZone);
  const lastDay = zoneClock(timeZone, anchorStart, anchorStart).localDay(plusCalendarPeriod(anchorStart, periodOf(period), timeZone));
  return startOfLocalDay(lastDay + 1, timeZone) - 1;
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

const applyAdvance = (advance: MaximumAdvance, now: number, timeZone: string): number => plusCalendarPeriod(now, periodOf(advance), timeZone);

/** Months clamp to the end of a shorter month: 31 January + 1 month = 28 (or 29) February. */
const periodOf = (advance: MaximumAdvance | BookingPeriodMaximum): CalendarPeriod => {
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
  const today = zoneClock(configuration.timeZone, now, now).localDay(now);
  return workingDayAfter(today, workingDays, configuration.nonWorkingDates) - today;
};

/** The `n`th working day after `day` (days since 1970-01-01), counting from the next day; `day` itself when `n` is 0. */
export const workingDayAfter = (day: number, workingDays: number, nonWorkingDates: readonly string[]): number => {
  const closed = new Set(nonWorkingDates.map(epochDayOf));
  let counted = 0;
  let current = day;
  while (counted < workingDays) {
    current += 1;
    if (isWeekday(current) && !closed.has(current)) counted += 1;
  }
  return current;
};

/** Monday to Friday: ISO weekdays 0 to 4. */
const isWeekday = (epochDay: number): boolean => isoWeekdayOf(epochDay) < 5;
