import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { englandAndWalesBankHolidays } from '#local/demo-data.ts';

/** Easter Sunday (anonymous Gregorian algorithm). */
const easter = (year: number): DateTime => {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.utc(year, month, day);
};

const mondayOnOrAfter = (date: DateTime): DateTime => date.plus({ days: (8 - date.weekday) % 7 });
const lastMondayOf = (year: number, month: number): DateTime => {
  const last = DateTime.utc(year, month, 1).endOf('month').startOf('day');
  return last.minus({ days: (last.weekday + 6) % 7 });
};

/** The regular England and Wales bank holidays of a year, with substitute days for weekends. */
const regularBankHolidays = (year: number): string[] => {
  const newYear = DateTime.utc(year, 1, 1);
  const christmas = DateTime.utc(year, 12, 25);
  const boxingDay = DateTime.utc(year, 12, 26);
  const [christmasObserved, boxingObserved] =
    christmas.weekday === 6 ? [christmas.plus({ days: 2 }), boxingDay.plus({ days: 2 })]
      : christmas.weekday === 7 ? [christmas.plus({ days: 2 }), boxingDay]
        : boxingDay.weekday >= 6 ? [christmas, mondayOnOrAfter(boxingDay)]
          : [christmas, boxingDay];
  return [
    newYear.weekday >= 6 ? mondayOnOrAfter(newYear) : newYear,
    easter(year).minus({ days: 2 }),
    easter(year).plus({ days: 1 }),
    mondayOnOrAfter(DateTime.utc(year, 5, 1)),
    lastMondayOf(year, 5),
    lastMondayOf(year, 8),
    christmasObserved,
    boxingObserved,
  ].map((date) => date.toISODate()!).sort();
};

describe('demo bank holidays', () => {
  it('are the regular England and Wales bank holidays of 2026 to 2030, in order', () => {
    const expected = [2026, 2027, 2028, 2029, 2030].flatMap(regularBankHolidays);
    expect(englandAndWalesBankHolidays).toEqual(expected);
  });

  it('fall on weekdays only', () => {
    expect(englandAndWalesBankHolidays.filter((date) => DateTime.fromISO(date, { zone: 'utc' }).weekday >= 6)).toEqual([]);
  });
});
