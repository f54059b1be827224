import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  bookingWindowFor,
  calendarDaysForWorkingDays,
  isInsideBookingWindow,
  type BookingWindow,
  type BookingWindowConfiguration,
} from '#domain/booking-window.ts';
import type { MaximumAdvance, MinimumNotice } from '#domain/configuration.ts';
import type { RoleId } from '#domain/roles.ts';
import { iso, utc } from '../../support/availability-fixtures.ts';

const apprentice = { roles: ['apprentice'] as RoleId[] };

const configuration = (settings: Partial<BookingWindowConfiguration> = {}): BookingWindowConfiguration => ({
  minimumNotice: null,
  maximumAdvance: null,
  estimatedGatewayProcessingPeriod: null,
  bookingPeriodMaximum: null,
  epaDateBookingPeriodDays: null,
  nonWorkingDates: [],
  timeZone: 'Europe/London',
  ...settings,
});

const windowOf = (settings: Partial<BookingWindowConfiguration>, now: string, roles: RoleId[] = ['apprentice']) => {
  const window = bookingWindowFor({ configuration: configuration(settings), now: utc(now), caller: { roles } });
  return { earliest: iso(window.earliest), latest: iso(window.latest) };
};

describe('booking window: unset settings', () => {
  it.each([
    { case: 'no notice, one calendar year ahead', now: '2027-01-04T10:15', latest: '2028-01-04T10:15Z' },
    { case: 'a year ahead keeps the wall-clock time across a clock change', now: '2027-03-27T10:15', latest: '2028-03-27T09:15Z' },
    { case: '29 February + 1 year is 28 February', now: '2028-02-29T12:00', latest: '2029-02-28T12:00Z' },
  ])('$case', ({ now, latest }) => {
    expect(windowOf({}, now)).toEqual({ earliest: `${now}Z`, latest });
  });
});

describe('booking window: minimum notice (organisation in Europe/London)', () => {
  const cases: Array<{ case: string; notice: MinimumNotice; now: string; earliest: string; nonWorkingDates?: string[]; timeZone?: string }> = [
    { case: '0 hours is no notice', notice: { amount: 0, unit: 'hours' }, now: '2027-01-04T10:15', earliest: '2027-01-04T10:15Z' },
    { case: '36 hours is elapsed time', notice: { amount: 36, unit: 'hours' }, now: '2027-01-04T10:15', earliest: '2027-01-05T22:15Z' },
    { case: '48 hours across the spring change is 48 elapsed hours', notice: { amount: 48, unit: 'hours' }, now: '2027-03-26T10:00', earliest: '2027-03-28T10:00Z' },
    { case: '2 days across the spring change keep 10:00 local (BST)', notice: { amount: 2, unit: 'days' }, now: '2027-03-26T10:00', earliest: '2027-03-28T09:00Z' },
    { case: '1 day across the autumn change keeps 10:00 local (GMT)', notice: { amount: 1, unit: 'days' }, now: '2027-10-30T09:00', earliest: '2027-10-31T10:00Z' },
    { case: '3 days counts weekend days', notice: { amount: 3, unit: 'days' }, now: '2027-01-08T10:15', earliest: '2027-01-11T10:15Z' },
    { case: '0 working days is no notice', notice: { amount: 0, unit: 'workingDays' }, now: '2027-01-08T10:15', earliest: '2027-01-08T10:15Z' },
    { case: '1 working day from Monday is Tuesday, same time', notice: { amount: 1, unit: 'workingDays' }, now: '2027-01-04T10:15', earliest: '2027-01-05T10:15Z' },
    { case: '1 working day from Friday spans the weekend to Monday', notice: { amount: 1, unit: 'workingDays' }, now: '2027-01-08T10:15', earliest: '2027-01-11T10:15Z' },
    { case: '2 working days from Friday is Tuesday', notice: { amount: 2, unit: 'workingDays' }, now: '2027-01-08T16:45', earliest: '2027-01-12T16:45Z' },
    { case: 'counting from a Saturday starts on Monday', notice: { amount: 1, unit: 'workingDays' }, now: '2027-01-09T10:15', earliest: '2027-01-11T10:15Z' },
    { case: 'counting from a Sunday starts on Monday', notice: { amount: 2, unit: 'workingDays' }, now: '2027-01-10T10:15', earliest: '2027-01-12T10:15Z' },
    { case: '5 working days is a calendar week', notice: { amount: 5, unit: 'workingDays' }, now: '2027-01-06T10:15', earliest: '2027-01-13T10:15Z' },
    {
      case: 'Christmas bank holidays are skipped (Fri 25th, Mon 28th)',
      notice: { amount: 2, unit: 'workingDays' },
      now: '2026-12-24T10:15',
      nonWorkingDates: ['2026-12-25', '2026-12-28'],
      earliest: '2026-12-30T10:15Z',
    },
    {
      case: 'Easter: Good Friday, the weekend, Easter Monday and the clock change',
      notice: { amount: 1, unit: 'workingDays' },
      now: '2027-03-25T10:15',
      nonWorkingDates: ['2027-03-26', '2027-03-29'],
      earliest: '2027-03-30T09:15Z',
    },
    {
      case: 'a bank holiday today does not shorten the notice',
      notice: { amount: 1, unit: 'workingDays' },
      now: '2027-03-29T10:15',
      nonWorkingDates: ['2027-03-26', '2027-03-29'],
      earliest: '2027-03-30T10:15Z',
    },
    {
      case: 'days are counted in the organisation’s zone: Saturday 02:00Z is still Friday in New York',
      notice: { amount: 1, unit: 'workingDays' },
      now: '2027-01-09T02:00',
      timeZone: 'America/New_York',
      earliest: '2027-01-12T02:00Z',
    },
    {
      case: '…and Saturday in London',
      notice: { amount: 1, unit: 'workingDays' },
      now: '2027-01-09T02:00',
      earliest: '2027-01-11T02:00Z',
    },
  ];

  it.each(cases)('$case', ({ notice, now, earliest, nonWorkingDates = [], timeZone = 'Europe/London' }) => {
    expect(windowOf({ minimumNotice: notice, nonWorkingDates, timeZone }, now).earliest).toBe(earliest);
  });

  it('a notice alone leaves the one-year limit in place', () => {
    expect(windowOf({ minimumNotice: { amount: 2, unit: 'days' } }, '2027-01-04T10:15').latest).toBe('2028-01-04T10:15Z');
  });

  it('counts calendar days for working days (the rule behind the table)', () => {
    const friday = utc('2027-01-08T10:15');
    expect(calendarDaysForWorkingDays(friday, 1, configuration())).toBe(3);
    expect(calendarDaysForWorkingDays(friday, 6, configuration())).toBe(10);
    expect(calendarDaysForWorkingDays(friday, 1, configuration({ nonWorkingDates: ['2027-01-11'] }))).toBe(4);
  });
});

describe('booking window: maximum advance', () => {
  const cases: Array<{ case: string; advance: MaximumAdvance; now: string; latest: string }> = [
    { case: '10 days', advance: { amount: 10, unit: 'days' }, now: '2027-01-04T10:15', latest: '2027-01-14T10:15Z' },
    { case: '10 days across the spring change keep 12:00 local', advance: { amount: 10, unit: 'days' }, now: '2027-03-20T12:00', latest: '2027-03-30T11:00Z' },
    { case: '8 weeks', advance: { amount: 8, unit: 'weeks' }, now: '2027-01-04T10:15', latest: '2027-03-01T10:15Z' },
    { case: '1 week across the autumn change', advance: { amount: 1, unit: 'weeks' }, now: '2027-10-27T09:00', latest: '2027-11-03T10:00Z' },
    { case: '1 month', advance: { amount: 1, unit: 'months' }, now: '2027-01-15T12:00', latest: '2027-02-15T12:00Z' },
    { case: '31 January + 1 month is the end of February', advance: { amount: 1, unit: 'months' }, now: '2027-01-31T12:00', latest: '2027-02-28T12:00Z' },
    { case: '31 January + 1 month in a leap year is 29 February', advance: { amount: 1, unit: 'months' }, now: '2028-01-31T12:00', latest: '2028-02-29T12:00Z' },
    { case: '31 March + 2 months is 31 May', advance: { amount: 2, unit: 'months' }, now: '2027-03-31T12:00', latest: '2027-05-31T12:00Z' },
    { case: '3 months across the spring change keep 12:00 local', advance: { amount: 3, unit: 'months' }, now: '2027-01-15T12:00', latest: '2027-04-15T11:00Z' },
  ];

  it.each(cases)('$case', ({ advance, now, latest }) => {
    expect(windowOf({ maximumAdvance: advance }, now)).toEqual({ earliest: `${now}Z`, latest });
  });
});

describe('booking window: awarding organisation users', () => {
  const configured = {
    minimumNotice: { amount: 2, unit: 'workingDays' },
    maximumAdvance: { amount: 8, unit: 'weeks' },
  } as const;

  it.each([
    { roles: ['awardingorganisation'], earliest: '2027-01-04T10:15Z', latest: '2028-01-04T10:15Z' },
    { roles: ['owner', 'awardingorganisation'], earliest: '2027-01-04T10:15Z', latest: '2028-01-04T10:15Z' },
    { roles: ['owner'], earliest: '2027-01-06T10:15Z', latest: '2027-03-01T10:15Z' },
    { roles: ['trainingprovider'], earliest: '2027-01-06T10:15Z', latest: '2027-03-01T10:15Z' },
  ] as Array<{ roles: RoleId[]; earliest: string; latest: string }>)('roles $roles', ({ roles, earliest, latest }) => {
    expect(windowOf(configured, '2027-01-04T10:15', roles)).toEqual({ earliest, latest });
  });
});

describe('isInsideBookingWindow', () => {
  const window = bookingWindowFor({
    configuration: configuration({ minimumNotice: { amount: 2, unit: 'hours' }, maximumAdvance: { amount: 1, unit: 'days' } }),
    now: utc('2027-01-04T10:00'),
    caller: apprentice,
  });

  it.each([
    { start: '2027-01-04T11:59', inside: false },
    { start: '2027-01-04T12:00', inside: true },
    { start: '2027-01-05T10:00', inside: true },
    { start: '2027-01-05T10:01', inside: false },
  ])('a slot at $start is inside: $inside (both ends inclusive)', ({ start, inside }) => {
    expect(isInsideBookingWindow(window, utc(start))).toBe(inside);
  });

  it('nothing is inside when the notice is longer than the advance', () => {
    const empty = bookingWindowFor({
      configuration: configuration({ minimumNotice: { amount: 10, unit: 'days' }, maximumAdvance: { amount: 1, unit: 'weeks' } }),
      now: utc('2027-01-04T10:00'),
      caller: apprentice,
    });
    expect(empty.earliest).toBeGreaterThan(empty.latest);
    expect(isInsideBookingWindow(empty, utc('2027-01-12T10:00'))).toBe(false);
  });
});

const unsetJourney = { estimatedGatewayProcessingPeriod: null, bookingPeriodMaximum: null, epaDateBookingPeriodDays: null };

describe('booking window: the answers luxon gave', () => {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const zones = ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'America/Havana', 'America/Santiago', 'Asia/Beirut', 'Pacific/Apia', 'Africa/Casablanca', 'UTC'];

  /** The window as first written with luxon: the answers the zone-clock version must keep. */
  const luxonWindow = (settings: BookingWindowConfiguration, now: number): BookingWindow => {
    const local = DateTime.fromMillis(now, { zone: settings.timeZone });
    const notice = settings.minimumNotice;
    const advance = settings.maximumAdvance;
    const noticeDays = notice?.unit === 'workingDays' ? luxonWorkingDays(local, notice.amount, settings.nonWorkingDates) : notice?.amount ?? 0;
    return {
      earliest: notice === null ? now : notice.unit === 'hours' ? now + notice.amount * HOUR : local.plus({ days: noticeDays }).toMillis(),
      // Never beyond one year (SPEC §3.4), however long the maximum advance.
      latest: Math.min(local.plus(advance === null ? { years: 1 } : { [advance.unit]: advance.amount }).toMillis(), local.plus({ years: 1 }).toMillis()),
    };
  };
  const luxonWorkingDays = (local: DateTime, workingDays: number, nonWorkingDates: readonly string[]): number => {
    const today = Date.UTC(local.year, local.month - 1, local.day);
    let counted = 0;
    let days = 0;
    while (counted < workingDays) {
      days += 1;
      const date = new Date(today + days * DAY);
      const weekday = date.getUTCDay();
      if (weekday !== 0 && weekday !== 6 && !nonWorkingDates.includes(date.toISOString().slice(0, 10))) counted += 1;
    }
    return days;
  };

  /** The first offset change after `instant`, found with luxon: weekly steps, then bisection. Null for a zone without one. */
  const nextClockChange = (timeZone: string, instant: number): number | null => {
    const zone = IANAZone.create(timeZone);
    const offset = zone.offset(instant);
    let low = instant;
    while (zone.offset(low + 7 * DAY) === offset) {
      low += 7 * DAY;
      if (low > instant + 400 * DAY) return null;
    }
    let high = low + 7 * DAY;
    while (high - low > 1000) {
      const middle = Math.floor((low + high) / 2);
      if (zone.offset(middle) === offset) low = middle;
      else high = middle;
    }
    return high;
  };

  const noticeArbitrary: fc.Arbitrary<MinimumNotice | null> = fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: 100 }).map((amount) => ({ amount, unit: 'hours' as const })),
    fc.integer({ min: 0, max: 400 }).map((amount) => ({ amount, unit: 'days' as const })),
    fc.integer({ min: 0, max: 60 }).map((amount) => ({ amount, unit: 'workingDays' as const })),
  );
  const advanceArbitrary: fc.Arbitrary<MaximumAdvance | null> = fc.oneof(
    fc.constant(null),
    fc.integer({ min: 1, max: 400 }).map((amount) => ({ amount, unit: 'days' as const })),
    fc.integer({ min: 1, max: 60 }).map((amount) => ({ amount, unit: 'weeks' as const })),
    fc.integer({ min: 1, max: 36 }).map((amount) => ({ amount, unit: 'months' as const })),
  );
  const settingsArbitrary = fc.record({
    timeZone: fc.constantFrom(...zones),
    minimumNotice: noticeArbitrary,
    maximumAdvance: advanceArbitrary,
    // Days after today that are not worked, turned into dates once `now` is known.
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }),
  });

  type Settings = Pick<BookingWindowConfiguration, 'timeZone' | 'minimumNotice' | 'maximumAdvance'> & { holidays: number[] };
  const check = ({ holidays, ...settings }: Settings, now: number): void => {
    const today = DateTime.fromMillis(now, { zone: settings.timeZone });
    const configuration = { ...settings, ...unsetJourney, nonWorkingDates: holidays.map((days) => today.plus({ days }).toISODate()!) };
    const { earliest, latest } = bookingWindowFor({ configuration, now, caller: apprentice });
    expect({ earliest, latest }).toEqual(luxonWindow(configuration, now));
  };

  it('is luxon’s window for any instant of 2000–2040', () => {
    fc.assert(
      fc.property(settingsArbitrary, fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2041, 0, 1) }), (settings, now) => check(settings, now)),
      { numRuns: 3_000 },
    );
  });

  it('is luxon’s window when its end falls within hours of a clock change (a gap or a repeated hour)', () => {
    fc.assert(
      fc.property(
        settingsArbitrary,
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.integer({ min: -240, max: 240 }),
        (settings, around, minutes) => {
          const change = nextClockChange(settings.timeZone, around);
          if (change === null) return;
          const advance = settings.maximumAdvance;
          const period = advance === null ? { years: 1 } : { [advance.unit]: advance.amount };
          check(settings, DateTime.fromMillis(change, { zone: 'UTC' }).minus(period).toMillis() + minutes * 60_000);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it.each<{ case: string; advance: MaximumAdvance; now: string; latest: string }>([
    // London, 31 October 2027 01:30 happens in BST (00:30Z) and again in GMT (01:30Z).
    { case: 'a repeated hour reached from summer time keeps summer time', advance: { amount: 1, unit: 'days' }, now: '2027-10-30T00:30', latest: '2027-10-31T00:30Z' },
    { case: 'a repeated hour reached from winter time keeps winter time', advance: { amount: 9, unit: 'months' }, now: '2027-01-31T01:30', latest: '2027-10-31T01:30Z' },
    // 28 March 2027 01:30 does not exist in London: 01:00 GMT became 02:00 BST.
    { case: 'a time in the spring gap moves on by an hour', advance: { amount: 1, unit: 'days' }, now: '2027-03-27T01:30', latest: '2027-03-28T01:30Z' },
  ])('$case', ({ advance, now, latest }) => {
    expect(windowOf({ maximumAdvance: advance }, now).latest).toBe(latest);
  });
});
