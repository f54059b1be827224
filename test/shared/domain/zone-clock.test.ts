import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { plusCalendarPeriod, startOfLocalWeek, type CalendarPeriod } from '#domain/zone-clock.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FROM = Date.UTC(2000, 0, 1);
const TO = Date.UTC(2041, 0, 1);

/**
 * Half-hour DST (Lord Howe), midnight changes (Havana, Santiago, Beirut), a skipped
 * day (Apia, December 2011), Ramadan changes (Casablanca), and the zones whose Monday
 * midnight was skipped (Tehran 2021) or happened twice (Jerusalem 2001 and 2002).
 */
const ZONES = [
  'Europe/London',
  'America/New_York',
  'Australia/Lord_Howe',
  'America/Havana',
  'America/Santiago',
  'Asia/Beirut',
  'Pacific/Apia',
  'Africa/Casablanca',
  'Asia/Tehran',
  'Asia/Jerusalem',
  'UTC',
];

/** Every offset change of a zone in 2000–2040, found with luxon alone: daily steps, then bisection to the second. */
const offsetChangesOf = (timeZone: string): number[] => {
  const zone = IANAZone.create(timeZone);
  const changes: number[] = [];
  for (let day = FROM; day < TO; day += DAY) {
    const before = zone.offset(day);
    if (zone.offset(day + DAY) === before) continue;
    let low = day;
    let high = day + DAY;
    while (high - low > 1000) {
      const middle = Math.floor((low + high) / 2000) * 1000;
      if (zone.offset(middle) === before) low = middle;
      else high = middle;
    }
    changes.push(high);
  }
  return changes;
};

const CHANGES = ZONES.flatMap((zone) => offsetChangesOf(zone).map((at) => ({ zone, at })));

type Unit = 'days' | 'weeks' | 'months' | 'years';
interface Amount {
  unit: Unit;
  amount: number;
}

/** The amounts the booking window adds: up to 400 days, 60 weeks, 36 months, or a year. */
const amountArbitrary: fc.Arbitrary<Amount> = fc.oneof(
  fc.integer({ min: 0, max: 400 }).map((amount) => ({ unit: 'days' as const, amount })),
  fc.integer({ min: 0, max: 60 }).map((amount) => ({ unit: 'weeks' as const, amount })),
  fc.integer({ min: 0, max: 36 }).map((amount) => ({ unit: 'months' as const, amount })),
  fc.constant({ unit: 'years' as const, amount: 1 }),
);

const periodOf = ({ unit, amount }: Amount): CalendarPeriod => (unit === 'weeks' ? { days: amount * 7 } : { [unit]: amount });

const luxonPlus = (instant: number, { unit, amount }: Amount, zone: string): number =>
  DateTime.fromMillis(instant, { zone }).plus({ [unit]: amount }).toMillis();

const instantArbitrary = fc.integer({ min: FROM, max: TO - 1 });
const zoneArbitrary = fc.constantFrom(...ZONES);
/** Up to four hours either side, mostly on whole minutes as meetings are, sometimes anywhere. */
const jitterArbitrary = fc.oneof(
  fc.integer({ min: -240, max: 240 }).map((minutes) => minutes * MINUTE),
  fc.integer({ min: -4 * HOUR, max: 4 * HOUR }),
);
const changeArbitrary = fc.constantFrom(...CHANGES);

const offsetOf = (instant: number, zone: string): number => IANAZone.create(zone).offset(instant) * MINUTE;
const wallOf = (instant: number, zone: string): number => instant + offsetOf(instant, zone);

/** Whether another instant shows the same wall-clock time: the result fell in a repeated hour. */
const isRepeated = (instant: number, zone: string): boolean => {
  const change = Math.abs(offsetOf(instant - 6 * HOUR, zone) - offsetOf(instant + 6 * HOUR, zone));
  return change !== 0 && [instant - change, instant + change].some((other) => wallOf(other, zone) === wallOf(instant, zone));
};

describe('plusCalendarPeriod: luxon’s DateTime#plus without luxon', () => {
  it('agrees with luxon for any instant of 2000–2040', () => {
    fc.assert(
      fc.property(instantArbitrary, zoneArbitrary, amountArbitrary, (instant, zone, amount) => {
        expect(plusCalendarPeriod(instant, periodOf(amount), zone)).toBe(luxonPlus(instant, amount, zone));
      }),
      { numRuns: 5_000 },
    );
  });

  it('agrees with luxon where the result falls in a gap or a repeated hour', () => {
    let gaps = 0;
    let repeats = 0;
    fc.assert(
      fc.property(changeArbitrary, amountArbitrary, jitterArbitrary, ({ zone, at }, amount, jitter) => {
        // Start the period's length before a clock change, so that it ends within hours of it.
        const instant = DateTime.fromMillis(at, { zone: 'UTC' }).minus({ [amount.unit]: amount.amount }).toMillis() + jitter;
        const expected = luxonPlus(instant, amount, zone);
        expect(plusCalendarPeriod(instant, periodOf(amount), zone)).toBe(expected);
        if ((wallOf(expected, zone) - wallOf(instant, zone)) % DAY !== 0) gaps += 1;
        if (isRepeated(expected, zone)) repeats += 1;
      }),
      { numRuns: 10_000 },
    );
    // The generator must reach both cases, or this test proves little.
    expect(gaps).toBeGreaterThan(100);
    expect(repeats).toBeGreaterThan(100);
  });

  it.each([
    // London, 31 October 2027 01:30 happens in BST (00:30Z) and again in GMT (01:30Z).
    { case: 'a repeated hour reached from summer time keeps summer time', zone: 'Europe/London', from: '2027-10-30T00:30:00Z', period: { days: 1 }, to: '2027-10-31T00:30:00Z' },
    { case: 'a repeated hour reached from winter time keeps winter time', zone: 'Europe/London', from: '2027-01-31T01:30:00Z', period: { months: 9 }, to: '2027-10-31T01:30:00Z' },
    // Santiago, 5 September 2027: 00:00 (-04) becomes 01:00 (-03).
    { case: 'a time in a gap moves on by the gap', zone: 'America/Santiago', from: '2027-09-04T04:30:00Z', period: { days: 1 }, to: '2027-09-05T04:30:00Z' },
    // Lord Howe, 3 October 2027: 02:00 (+10:30) becomes 02:30 (+11).
    { case: 'a half-hour gap', zone: 'Australia/Lord_Howe', from: '2027-10-01T15:45:00Z', period: { days: 1 }, to: '2027-10-02T15:45:00Z' },
    // Apia skipped Friday 30 December 2011.
    { case: 'a skipped day', zone: 'Pacific/Apia', from: '2011-12-29T19:00:00Z', period: { days: 1 }, to: '2011-12-30T19:00:00Z' },
    { case: '31 January + 1 month is 29 February in a leap year', zone: 'UTC', from: '2028-01-31T12:00:00Z', period: { months: 1 }, to: '2028-02-29T12:00:00Z' },
  ])('$case', ({ zone, from, period, to }) => {
    const instant = Date.parse(from);
    expect(new Date(plusCalendarPeriod(instant, period, zone)).toISOString()).toBe(new Date(Date.parse(to)).toISOString());
    expect(plusCalendarPeriod(instant, period, zone)).toBe(DateTime.fromMillis(instant, { zone }).plus(period).toMillis());
  });

  it('refuses a zone that is not an IANA time zone', () => {
    expect(() => plusCalendarPeriod(Date.UTC(2027, 0, 4), { days: 1 }, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('startOfLocalWeek: luxon’s startOf("week") without luxon', () => {
  const luxonWeek = (instant: number, zone: string) => {
    const start = DateTime.fromMillis(instant, { zone }).startOf('week');
    return { start: start.toMillis(), end: start.plus({ weeks: 1 }).toMillis() };
  };
  const week = (instant: number, zone: string) => {
    const start = startOfLocalWeek(instant, zone);
    return { start, end: plusCalendarPeriod(start, { days: 7 }, zone) };
  };

  it('agrees with luxon, with the week end luxon gave, for any instant of 2000–2040', () => {
    fc.assert(
      fc.property(instantArbitrary, zoneArbitrary, (instant, zone) => {
        expect(week(instant, zone)).toEqual(luxonWeek(instant, zone));
      }),
      { numRuns: 5_000 },
    );
  });

  it('agrees with luxon in every week next to a clock change of 2000–2040', () => {
    for (const { zone, at } of CHANGES) {
      for (let instant = at - 8 * DAY; instant <= at + 8 * DAY; instant += 5 * HOUR + 7 * MINUTE) {
        const expected = luxonWeek(instant, zone);
        const actual = week(instant, zone);
        if (actual.start !== expected.start || actual.end !== expected.end) {
          throw new Error(`${zone} at ${new Date(instant).toISOString()}: ${JSON.stringify(actual)} but luxon ${JSON.stringify(expected)}`);
        }
      }
    }
  });

  it.each([
    // Jerusalem, Monday 24 September 2001: 01:00 (+03) went back to 00:00 (+02), so midnight happened twice.
    { case: 'a doubled Monday midnight, from the summer side, is the first', at: '2001-09-23T21:30:00Z', start: '2001-09-23T21:00:00Z' },
    { case: 'a doubled Monday midnight, from later in the week, is the second', at: '2001-09-26T10:00:00Z', start: '2001-09-23T22:00:00Z' },
  ])('Jerusalem: $case', ({ at, start }) => {
    expect(startOfLocalWeek(Date.parse(at), 'Asia/Jerusalem')).toBe(Date.parse(start));
  });

  it('Tehran: a skipped Monday midnight starts the week at 01:00, and the week ends at 01:00 a week on', () => {
    // Monday 22 March 2021: 00:00 (+03:30) became 01:00 (+04:30).
    const slot = Date.parse('2021-03-24T06:00:00Z');
    const start = startOfLocalWeek(slot, 'Asia/Tehran');
    expect(new Date(start).toISOString()).toBe('2021-03-21T20:30:00.000Z');
    expect(new Date(plusCalendarPeriod(start, { days: 7 }, 'Asia/Tehran')).toISOString()).toBe('2021-03-28T20:30:00.000Z');
  });

  it('refuses a zone that is not an IANA time zone, and an instant a date cannot hold', () => {
    expect(() => startOfLocalWeek(Date.UTC(2027, 0, 4), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => startOfLocalWeek(Number.NaN, 'Europe/London')).toThrow(RangeError);
  });
});
