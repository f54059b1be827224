import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { daysInRange, epochDayOf, Instant, isoDateOfEpochDay, LocalDate, PageLimit, PhoneNumber, refineDateRange, toUtcIso } from '#domain/primitives.ts';
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
    ['2027-1-01', false],
    ['2000-01-01', true],
    ['2100-12-31', true],
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


describe('what the API accepts as a date', () => {
  // Each of these made a request answer 503 (a refine ran after the failed format check and threw).
  it.each(['not-a-date', 'tomorrow', '20261209', '2026-12-09T00:00:00Z', '', ' 2027-01-04', '2027-01-04 ', '2027-01-04\u0000', '\u0662\u0660\u0662\u0667-\u0660\u0661-\u0660\u0664'])(
    'refuses %j as not a date, without throwing',
    (value) => {
      const parsed = LocalDate.safeParse(value);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(['must be a date YYYY-MM-DD that exists']);
    },
  );

  it.each(['0000-01-01', '0050-01-01', '1999-12-31', '2101-01-01', '9999-12-31'])('refuses %s as out of range', (value) => {
    expect(LocalDate.safeParse(value).error?.issues.map((issue) => issue.message)).toEqual(['must be between 2000-01-01 and 2100-12-31']);
  });

  it('refuses what is not a string', () => {
    for (const value of [20270104, null, undefined, {}, ['2027-01-04']]) expect(LocalDate.safeParse(value).success).toBe(false);
  });

  it('never throws, whatever the string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (value) => {
      expect(() => LocalDate.safeParse(value)).not.toThrow();
      expect(() => Instant.safeParse(value)).not.toThrow();
    }), { numRuns: 2_000 });
  });
});

describe('what the API accepts as an instant', () => {
  it.each([
    ['2027-01-04T09:00:00Z', '2027-01-04T09:00:00Z'],
    ['2027-01-04T09:00Z', '2027-01-04T09:00:00Z'],
    ['2027-01-04T10:00:00+01:00', '2027-01-04T09:00:00Z'],
    ['2027-01-04T09:00:00.123456789Z', '2027-01-04T09:00:00Z'],
    ['2027-01-05T08:59:00+23:59', '2027-01-04T09:00:00Z'],
    ['2027-01-03T09:01:00-23:59', '2027-01-04T09:00:00Z'],
    ['2000-01-01T00:00:00Z', '2000-01-01T00:00:00Z'],
    ['2100-12-31T23:59:59Z', '2100-12-31T23:59:59Z'],
  ])('takes %s as %s', (value, utc) => {
    expect(Instant.parse(value)).toBe(utc);
  });

  it.each([
    '2027-01-04T09:00:00+99:99', '2027-01-04T09:00:00+24:00', '2027-01-04T09:00:00-23:60', '2027-01-04T09:00:00+0100',
    '2027-01-04T09:00:00', '2027-01-04', '2027-01-04T25:00:00Z', '2027-01-04T09:60:00Z', '2027-01-04T09:00:60Z',
    '2027-02-29T09:00:00Z', '2027-01-04 09:00:00Z', 'not-a-date', '',
  ])('refuses %j as not an instant', (value) => {
    expect(Instant.safeParse(value).error?.issues.map((issue) => issue.message)).toEqual([
      'must be an RFC 3339 date-time with an offset, e.g. 2027-01-04T09:00:00Z',
    ]);
  });

  it.each(['0001-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2000-01-01T00:30:00+01:00', '2101-01-01T00:00:00Z', '9999-12-31T23:59:59Z'])(
    'refuses %s as out of range',
    (value) => {
      expect(Instant.safeParse(value).error?.issues.map((issue) => issue.message)).toEqual(['must be between 2000-01-01 and 2100-12-31']);
    },
  );
});

describe('date ranges of queries', () => {
  const Query = z.strictObject({ from: LocalDate, to: LocalDate }).superRefine(refineDateRange(7));
  const problems = (query: unknown) => Query.safeParse(query).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

  it.each([
    [{ from: '2027-01-04', to: '2027-01-04' }, []],
    [{ from: '2027-01-04', to: '2027-01-10' }, []],
    [{ from: '2027-01-04', to: '2027-01-11' }, ['to: the range may span at most 7 days']],
    [{ from: '2027-01-05', to: '2027-01-04' }, ['to: must not be before from']],
    [{ from: '2027-01-04', to: '9999-12-31' }, ['to: must be between 2000-01-01 and 2100-12-31']],
    [{ from: 'not-a-date', to: '2027-01-04' }, ['from: must be a date YYYY-MM-DD that exists']],
    [{}, ['from: must be a date YYYY-MM-DD that exists', 'to: must be a date YYYY-MM-DD that exists']],
  ])('%j → %j', (query, expected) => {
    expect(problems(query)).toEqual(expected);
  });

  it('counts days only between valid dates', () => {
    expect(daysInRange('2027-01-04', '2027-01-04')).toBe(1);
    expect(daysInRange('2028-02-28', '2028-03-01')).toBe(3);
    expect(daysInRange('2027-01-04', 'x')).toBeUndefined();
    expect(daysInRange(undefined, '2027-01-04')).toBeUndefined();
  });
});

describe('PageLimit', () => {
  const limit = PageLimit(100, 20);

  it('is the default when not given, and the number when given in digits from 1 to the maximum', () => {
    expect(limit.parse(undefined)).toBe(20);
    expect(limit.parse('1')).toBe(1);
    expect(limit.parse('100')).toBe(100);
  });

  it.each(['0x10', '1e1', ' 16', '16 ', '16.0', '+16', '-1', '0', '', '101', '0100'])('refuses %j', (text) => {
    expect(limit.safeParse(text).success).toBe(false);
  });
});

describe('PhoneNumber: the international form the API takes', () => {
  it.each(['+447700900456', '+12125550123'])('takes %s', (number) => {
    expect(PhoneNumber.parse(number)).toBe(number);
  });

  it.each(['07700 900456', '+44 7700 900456', '12', 'call me'])('refuses %s in words, without jargon', (written) => {
    const result = PhoneNumber.safeParse(written);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('must be a phone number in international form, such as +447700900123');
  });
});
