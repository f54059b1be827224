import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Instant, toUtcIso } from '#domain/primitives.ts';

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
