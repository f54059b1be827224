import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { bookingWindowFor, type BookingWindowConfiguration } from '#domain/booking-window.ts';
import type { BookingPeriodMaximum, GatewayProcessingPeriod, MaximumAdvance, MinimumNotice } from '#domain/configuration.ts';
import type { Gateway } from '#domain/gateway.ts';
import type { RoleId } from '#domain/roles.ts';
import { iso, utc } from '../../support/availability-fixtures.ts';

/**
 * The booking window follows the apprentice's journey to end-point assessment
 * (SPEC §3.4): the gateway stage picks the anchor date D, and
 *   earliest = max(D + processing + notice, now + notice) before approval, now + notice after;
 *   latest   = end of day (D + booking period maximum), else now + 1 year; capped by the advance and one year.
 */

const unset: BookingWindowConfiguration = {
  minimumNotice: null,
  estimatedGatewayProcessingPeriod: null,
  bookingPeriodMaximum: null,
  maximumAdvance: null,
  epaDateBookingPeriodDays: null,
  nonWorkingDates: [],
  timeZone: 'Europe/London',
};

/** "Book within 60 days of the gateway submission, but not before it is processed", with two working days' notice. */
const organisation: BookingWindowConfiguration = {
  ...unset,
  minimumNotice: { amount: 2, unit: 'workingDays' },
  estimatedGatewayProcessingPeriod: { amount: 10, unit: 'workingDays' },
  bookingPeriodMaximum: { amount: 60, unit: 'days' },
  epaDateBookingPeriodDays: 30,
};

/** Monday 4 January 2027, 10:15 GMT. */
const NOW = '2027-01-04T10:15';

const windowOf = (gateway: Gateway | undefined, settings: Partial<BookingWindowConfiguration> = {}, roles: RoleId[] = ['apprentice'], now = NOW) => {
  const window = bookingWindowFor({ configuration: { ...organisation, ...settings }, now: utc(now), caller: { roles }, ...(gateway ? { gateway } : {}) });
  return {
    gatewayStatus: window.gatewayStatus,
    anchorDate: window.anchorDate,
    earliest: iso(window.earliest),
    latest: iso(window.latest),
    epaDateBookingFrom: window.epaDateBookingFrom === null ? null : iso(window.epaDateBookingFrom),
  };
};

describe('the window at each gateway stage (10 working days’ processing, 2 working days’ notice, 60 days’ booking period)', () => {
  it.each<{ case: string; gateway: Gateway | undefined; earliest: string; latest: string; anchorDate: string | null }>([
    {
      case: 'not submitted: from the estimated EPA date + processing + notice, to 60 days after it (end of day, BST)',
      gateway: { status: 'notSubmitted', estimatedEpaDate: '2027-03-01' },
      // 10 working days after Monday 1 March is Monday 15 March; 2 more is Wednesday 17 March, 00:00 GMT.
      earliest: '2027-03-17T00:00Z',
      // 1 March + 60 days = 30 April, whose end is 23:59:59.999 BST.
      latest: '2027-04-30T22:59:59.999Z',
      anchorDate: '2027-03-01',
    },
    {
      case: 'submitted long ago: D + processing + notice is past, so now + notice decides',
      gateway: { status: 'submitted', submittedDate: '2026-12-01' },
      earliest: '2027-01-06T10:15Z',
      latest: '2027-01-30T23:59:59.999Z',
      anchorDate: '2026-12-01',
    },
    {
      case: 'submitted today: D + processing + notice decides',
      gateway: { status: 'submitted', submittedDate: '2027-01-04' },
      // Working days Tue 5 … Mon 18 January; then Tue 19 and Wed 20.
      earliest: '2027-01-20T00:00Z',
      latest: '2027-03-05T23:59:59.999Z',
      anchorDate: '2027-01-04',
    },
    {
      case: 'approved: now + notice, to 60 days after the audit submitted date',
      gateway: { status: 'approved', auditSubmittedDate: '2026-12-20' },
      earliest: '2027-01-06T10:15Z',
      latest: '2027-02-18T23:59:59.999Z',
      anchorDate: '2026-12-20',
    },
    {
      case: 'a record without a gateway is approved with no dates: today is the anchor',
      gateway: undefined,
      earliest: '2027-01-06T10:15Z',
      latest: '2027-03-05T23:59:59.999Z',
      anchorDate: null,
    },
    {
      case: 'submitted with no submitted date: today stands in',
      gateway: { status: 'submitted' },
      earliest: '2027-01-20T00:00Z',
      latest: '2027-03-05T23:59:59.999Z',
      anchorDate: null,
    },
  ])('$case', ({ gateway, earliest, latest, anchorDate }) => {
    expect(windowOf(gateway)).toMatchObject({ gatewayStatus: gateway?.status ?? 'approved', earliest, latest, anchorDate });
  });

  it('the approved stage ignores the processing period; the others do not', () => {
    const noProcessing = { estimatedGatewayProcessingPeriod: null };
    expect(windowOf({ status: 'submitted', submittedDate: '2027-01-04' }, noProcessing).earliest).toBe('2027-01-06T10:15Z');
    expect(windowOf({ status: 'approved', auditSubmittedDate: '2027-01-04' }).earliest).toBe('2027-01-06T10:15Z');
  });

  it('counts processing in calendar days when set so, and skips the organisation’s non-working dates in working days', () => {
    const gateway: Gateway = { status: 'submitted', submittedDate: '2027-01-04' };
    // 4 + 10 days is Thursday 14 January; two working days on is Monday 18 January.
    expect(windowOf(gateway, { estimatedGatewayProcessingPeriod: { amount: 10, unit: 'days' } }).earliest).toBe('2027-01-18T00:00Z');
    expect(windowOf(gateway, { nonWorkingDates: ['2027-01-11', '2027-01-12'] }).earliest).toBe('2027-01-22T00:00Z');
  });

  it('counts the booking period in weeks and months, months clamped to the month’s end', () => {
    const gateway: Gateway = { status: 'approved', auditSubmittedDate: '2027-01-31' };
    expect(windowOf(gateway, { bookingPeriodMaximum: { amount: 1, unit: 'months' } }).latest).toBe('2027-02-28T23:59:59.999Z');
    expect(windowOf(gateway, { bookingPeriodMaximum: { amount: 2, unit: 'weeks' } }).latest).toBe('2027-02-14T23:59:59.999Z');
  });

  it('a booking period that ended is an empty window; the maximum advance caps a long one', () => {
    const ended = windowOf({ status: 'approved', auditSubmittedDate: '2026-06-01' });
    expect(ended.earliest > ended.latest).toBe(true);
    const capped = windowOf({ status: 'approved', auditSubmittedDate: '2027-01-04' }, { maximumAdvance: { amount: 2, unit: 'weeks' } });
    expect(capped.latest).toBe('2027-01-18T10:15Z');
  });

  it('an anchor far ahead never reaches beyond one year from now', () => {
    expect(windowOf({ status: 'notSubmitted', estimatedEpaDate: '2028-06-01' }, { bookingPeriodMaximum: null }).latest).toBe('2028-01-04T10:15Z');
  });

  it('AO users are not subject to the windows: no notice, one year ahead, no EPA date booking period', () => {
    expect(windowOf({ status: 'notSubmitted', estimatedEpaDate: '2027-03-01' }, {}, ['awardingorganisation'])).toMatchObject({
      earliest: '2027-01-04T10:15Z',
      latest: '2028-01-04T10:15Z',
      epaDateBookingFrom: null,
    });
  });
});

describe('the EPA date booking period (epaPRO 5.10)', () => {
  const onProgramme: Gateway = { status: 'notSubmitted', estimatedEpaDate: '2027-03-01' };

  it.each<{ case: string; gateway: Gateway; roles: RoleId[]; from: string | null; settings?: Partial<BookingWindowConfiguration> }>([
    { case: 'a training provider, gateway not submitted: from the EPA date − 30 days', gateway: onProgramme, roles: ['trainingprovider'], from: '2027-01-30T00:00Z' },
    { case: 'a training provider, gateway submitted', gateway: { ...onProgramme, status: 'submitted' }, roles: ['trainingprovider'], from: '2027-01-30T00:00Z' },
    { case: 'a training provider, gateway approved: does not apply', gateway: { ...onProgramme, status: 'approved' }, roles: ['trainingprovider'], from: null },
    { case: 'an apprentice: does not apply', gateway: onProgramme, roles: ['apprentice'], from: null },
    { case: 'an employer: does not apply', gateway: onProgramme, roles: ['employer'], from: null },
    { case: 'an owner who is also a provider: does not apply', gateway: onProgramme, roles: ['owner', 'trainingprovider'], from: null },
    { case: 'no estimated EPA date: does not apply', gateway: { status: 'notSubmitted' }, roles: ['trainingprovider'], from: null },
    { case: 'the setting unset: does not apply', gateway: onProgramme, roles: ['trainingprovider'], from: null, settings: { epaDateBookingPeriodDays: null } },
    { case: 'in summer time: local midnight', gateway: { status: 'submitted', estimatedEpaDate: '2027-07-01' }, roles: ['trainingprovider'], from: '2027-05-31T23:00Z' },
  ])('$case', ({ gateway, roles, from, settings }) => {
    expect(windowOf(gateway, settings, roles).epaDateBookingFrom).toBe(from);
  });

  it('does not narrow the window itself', () => {
    const provider = windowOf(onProgramme, {}, ['trainingprovider']);
    const apprentice = windowOf(onProgramme, {}, ['apprentice']);
    expect([provider.earliest, provider.latest]).toEqual([apprentice.earliest, apprentice.latest]);
  });
});

describe('the window rules hold for any stage, dates and settings (luxon as the reference)', () => {
  const HOUR = 3_600_000;
  const zones = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Tokyo', 'UTC'];

  const workingDaysAfter = (day: DateTime, count: number, closed: readonly string[]): DateTime => {
    let current = day;
    let counted = 0;
    while (counted < count) {
      current = current.plus({ days: 1 });
      if (current.weekday <= 5 && !closed.includes(current.toISODate()!)) counted += 1;
    }
    return current;
  };
  /** `at` plus the notice, written again with luxon: elapsed hours, or the same wall-clock time some days later. */
  const plusNotice = (at: DateTime, notice: MinimumNotice | null, closed: readonly string[]): number => {
    if (notice === null) return at.toMillis();
    if (notice.unit === 'hours') return at.toMillis() + notice.amount * HOUR;
    if (notice.unit === 'days') return at.plus({ days: notice.amount }).toMillis();
    const target = workingDaysAfter(at.startOf('day'), notice.amount, closed);
    return at.plus({ days: Math.round(target.diff(at.startOf('day'), 'days').days) }).toMillis();
  };

  const reference = (configuration: BookingWindowConfiguration, gateway: Gateway, now: number) => {
    const zone = configuration.timeZone;
    const local = DateTime.fromMillis(now, { zone });
    const anchor = { notSubmitted: gateway.estimatedEpaDate, submitted: gateway.submittedDate, approved: gateway.auditSubmittedDate }[gateway.status];
    const day = anchor ? DateTime.fromISO(anchor, { zone }).startOf('day') : local.startOf('day');
    const notice = configuration.minimumNotice;
    const fromNow = plusNotice(local, notice, configuration.nonWorkingDates);
    const processing = configuration.estimatedGatewayProcessingPeriod;
    const processed =
      processing === null ? day : processing.unit === 'days' ? day.plus({ days: processing.amount }) : workingDaysAfter(day, processing.amount, configuration.nonWorkingDates);
    const earliest = gateway.status === 'approved' ? fromNow : Math.max(fromNow, plusNotice(processed, notice, configuration.nonWorkingDates));
    const oneYear = local.plus({ years: 1 }).toMillis();
    const period = configuration.bookingPeriodMaximum;
    const advance = configuration.maximumAdvance;
    const latest = Math.min(
      period === null ? oneYear : day.plus({ [period.unit]: period.amount }).endOf('day').toMillis(),
      advance === null ? oneYear : local.plus({ [advance.unit]: advance.amount }).toMillis(),
      oneYear,
    );
    return { earliest, latest, fromNow, oneYear };
  };

  const optional = <T,>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
  const noticeArbitrary: fc.Arbitrary<MinimumNotice | null> = optional(
    fc.record({ amount: fc.integer({ min: 0, max: 30 }), unit: fc.constantFrom('hours', 'days', 'workingDays') }),
  );
  const processingArbitrary: fc.Arbitrary<GatewayProcessingPeriod | null> = optional(
    fc.record({ amount: fc.integer({ min: 0, max: 40 }), unit: fc.constantFrom('days', 'workingDays') }),
  );
  const periodArbitrary: fc.Arbitrary<BookingPeriodMaximum | null> = optional(
    fc.record({ amount: fc.integer({ min: 0, max: 200 }), unit: fc.constantFrom('days', 'weeks', 'months') }),
  );
  const advanceArbitrary: fc.Arbitrary<MaximumAdvance | null> = optional(
    fc.record({ amount: fc.integer({ min: 1, max: 20 }), unit: fc.constantFrom('days', 'weeks', 'months') }),
  );
  // Instants around the clock changes of 2027 in both hemispheres, and days either side of now for the dates.
  const nowArbitrary = fc.oneof(
    fc.integer({ min: Date.UTC(2027, 2, 20), max: Date.UTC(2027, 3, 10) }),
    fc.integer({ min: Date.UTC(2027, 9, 20), max: Date.UTC(2027, 10, 10) }),
    fc.integer({ min: Date.UTC(2026, 11, 15), max: Date.UTC(2027, 0, 5) }),
  );
  const dayOffset = optional(fc.integer({ min: -120, max: 120 }));
  const caseArbitrary = fc.record({
    timeZone: fc.constantFrom(...zones),
    minimumNotice: noticeArbitrary,
    estimatedGatewayProcessingPeriod: processingArbitrary,
    bookingPeriodMaximum: periodArbitrary,
    maximumAdvance: advanceArbitrary,
    status: fc.constantFrom('notSubmitted', 'submitted', 'approved'),
    dates: fc.tuple(dayOffset, dayOffset, dayOffset),
    // Bank holidays within the next weeks, as day offsets from today.
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 6 }),
    now: nowArbitrary,
  });

  type GeneratedCase = typeof caseArbitrary extends fc.Arbitrary<infer T> ? T : never;
  const build = (generated: GeneratedCase) => {
    const { timeZone, status, dates, holidays, now, ...settings } = generated;
    const today = DateTime.fromMillis(now, { zone: timeZone }).startOf('day');
    const dateOf = (offset: number | null) => (offset === null ? null : today.plus({ days: offset }).toISODate()!);
    const configuration: BookingWindowConfiguration = {
      ...unset,
      ...settings,
      timeZone,
      nonWorkingDates: holidays.map((offset) => today.plus({ days: offset }).toISODate()!).sort(),
    };
    const gateway: Gateway = { status, estimatedEpaDate: dateOf(dates[0]), submittedDate: dateOf(dates[1]), auditSubmittedDate: dateOf(dates[2]) };
    return { configuration, gateway, now };
  };

  it('is exactly the rule of SPEC §3.4, and earliest is never sooner than now + notice, latest never beyond now + one year', () => {
    fc.assert(
      fc.property(caseArbitrary, (generated) => {
        const { configuration, gateway, now } = build(generated);
        const window = bookingWindowFor({ configuration, gateway, now, caller: { roles: ['apprentice'] } });
        const expected = reference(configuration, gateway, now);
        expect({ earliest: window.earliest, latest: window.latest }).toEqual({ earliest: expected.earliest, latest: expected.latest });
        expect(window.earliest).toBeGreaterThanOrEqual(expected.fromNow);
        expect(window.latest).toBeLessThanOrEqual(expected.oneYear);
      }),
      { numRuns: 2_000 },
    );
  });

  it('before approval, earliest is never before the anchor day plus the processing period', () => {
    fc.assert(
      fc.property(caseArbitrary, (generated) => {
        const { configuration, gateway, now } = build(generated);
        if (gateway.status === 'approved') return;
        const window = bookingWindowFor({ configuration, gateway, now, caller: { roles: ['apprentice'] } });
        const anchor = gateway.status === 'notSubmitted' ? gateway.estimatedEpaDate : gateway.submittedDate;
        if (!anchor) return;
        const processing = configuration.estimatedGatewayProcessingPeriod;
        const processedAtLeast = DateTime.fromISO(anchor, { zone: configuration.timeZone }).plus({ days: processing?.amount ?? 0 }).startOf('day');
        expect(window.earliest).toBeGreaterThanOrEqual(processedAtLeast.toMillis());
      }),
      { numRuns: 1_000 },
    );
  });

  it('AO users get now and now + one year at every stage', () => {
    fc.assert(
      fc.property(caseArbitrary, (generated) => {
        const { configuration, gateway, now } = build(generated);
        const window = bookingWindowFor({ configuration, gateway, now, caller: { roles: ['awardingorganisation'] } });
        expect([window.earliest, window.latest]).toEqual([now, DateTime.fromMillis(now, { zone: configuration.timeZone }).plus({ years: 1 }).toMillis()]);
      }),
      { numRuns: 300 },
    );
  });
});
