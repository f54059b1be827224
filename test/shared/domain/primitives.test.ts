import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { epochDayOf, Instant, isoDateOfEpochDay, LocalDate, toUtcIso } from '#domain/primitives.ts';
import { startOfLocalDay } from '#domain/zone-clock.ts';

const viaDate = (millis: number): string => new Date(millis).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('toUtcIso', () => {
  it('writes an instant as Date does, to the second, for any instant a date can hold', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (millis) => {
        expect(toUtcIso(millis)).toBe(viaDate(millis));
      }),
      { numRuns: 20_000 },
    );
  });

  it('gets the edges of days, months, leap days and centuries right', () => {
    const cases: Array<[string, string]> = [
      ['2027-01-04T09:00:00.000Z', '2027-01-04T09:00:00Z'],
      ['2028-02-29T23:59:59.999Z', '2028-02-29T23:59:59Z'],
      ['2100-03-01T00:00:00.000Z', '2100-03-01T00:00:00Z'],
      ['2000-02-29T12:30:00.000Z', '2000-02-29T12:30:00Z'],
      ['1999-12-31T23:59:59.000Z', '1999-12-31T23:59:59Z'],
      ['1969-12-31T23:59:59.500Z', '1969-12-31T23:59:59Z'],
      ['0999-12-31T00:00:00.000Z', '0999-12-31T00:00:00Z'],
      ['+010000-01-01T00:00:00.000Z', '+010000-01-01T00:00:00Z'],
    ];
    for (const [input, expected] of cases) expect(toUtcIso(Date.parse(input))).toBe(expected);
  });

  it('is what Instant normalises to', () => {
    expect(Instant.parse('2027-03-28T02:30:00+01:00')).toBe('2027-03-28T01:30:00Z');
  });
});

describe('calendar days', () => {
  it('counts days since 1970-01-01 as luxon does, and back, for years 1 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719_162, max: 2_932_896 }), (day) => {
        const iso = isoDateOfEpochDay(day);
        expect(epochDayOf(iso)).toBe(day);
        expect(DateTime.fromISO(iso, { zone: 'UTC' }).toMillis() / 86_400_000).toBe(day);
      }),
      { numRuns: 5_000 },
    );
  });

  it.each([
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2027-04-31', false],
    ['2027-13-01', false],
    ['2027-00-10', false],
    ['0050-01-01', true],
    ['2027-1-01', false],
  ])('LocalDate %s is %s', (value, valid) => {
    expect(LocalDate.safeParse(value).success).toBe(valid);
  });

  it('starts a local day at its first instant, as luxon does except where midnight happens twice', () => {
    const zones = ['Europe/London', 'America/New_York', 'Pacific/Auckland', 'America/Santiago', 'Asia/Beirut', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(fc.integer({ min: epochDayOf('2026-01-01'), max: epochDayOf('2028-12-31') }), fc.constantFrom(...zones), (day, zone) => {
        expect(startOfLocalDay(day, zone)).toBe(DateTime.fromISO(isoDateOfEpochDay(day), { zone }).startOf('day').toMillis());
      }),
      { numRuns: 2_000 },
    );
    // Havana, 2027-11-07: midnight at 04:00Z (CDT) and again at 05:00Z (CST); the day starts at the first.
    expect(startOfLocalDay(epochDayOf('2027-11-07'), 'America/Havana')).toBe(Date.parse('2027-11-07T04:00:00Z'));
  });
});

