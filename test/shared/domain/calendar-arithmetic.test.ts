import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, isoWeekdayOf, MINUTE_MS } from '#domain/calendar-arithmetic.ts';
import { epochDayOf } from '#domain/primitives.ts';

describe('calendar arithmetic', () => {
  it('counts a minute, an hour and a day in epoch milliseconds', () => {
    expect([MINUTE_MS, HOUR_MS, DAY_MS]).toEqual([60_000, 3_600_000, 86_400_000]);
  });

  it.each([
    ['1970-01-01', 3, 'Thursday'],
    ['1969-12-29', 0, 'Monday'],
    ['1969-12-31', 2, 'Wednesday'],
    ['2000-02-29', 1, 'Tuesday'],
    ['2027-01-03', 6, 'Sunday'],
    ['2027-01-04', 0, 'Monday'],
    ['1600-01-01', 5, 'Saturday'],
  ])('%s is ISO weekday %i (%s)', (date, weekday) => {
    expect(isoWeekdayOf(epochDayOf(date))).toBe(weekday);
  });

  it('agrees with Date for any day, before 1970 as after', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000_000, max: 100_000_000 }), (epochDay) => {
        expect(isoWeekdayOf(epochDay)).toBe((new Date(epochDay * DAY_MS).getUTCDay() + 6) % 7);
      }),
    );
  });
});
