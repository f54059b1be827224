import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { StandardInput } from '#domain/directory.ts';
import { MAX_MEETING_MS, claimWeeksFor, claimWeeksInAnyZone, isWithinMeetingCap, localDayAround, overlapping, utcWeekOf, utcWeeksOverlapping, withMeeting, type EpaWeekClaim } from '#domain/time-claims.ts';

const at = (iso: string) => Date.parse(iso);

describe('claim weeks', () => {
  it.each([
    ['a Monday', '2027-01-04T09:00:00Z', '2027-01-04'],
    ['a Sunday late', '2027-01-10T23:59:00Z', '2027-01-04'],
    ['the next Monday at midnight', '2027-01-11T00:00:00Z', '2027-01-11'],
    ['a Thursday in 1970', '1970-01-01T12:00:00Z', '1969-12-29'],
  ])('%s belongs to the UTC week starting %s', (_case, instant, week) => {
    expect(utcWeekOf(at(instant))).toBe(week);
  });

  it('a meeting across Sunday midnight claims both weeks', () => {
    expect(utcWeeksOverlapping(at('2027-01-10T23:30:00Z'), at('2027-01-11T00:30:00Z'))).toEqual(['2027-01-04', '2027-01-11']);
  });

  it('also claims every UTC week that the EPA’s local day touches, for the daily maximum', () => {
    // 00:30 Monday in New York is 05:30Z Monday; its local day runs 05:00Z Monday to 05:00Z Tuesday: one week.
    expect(claimWeeksFor(at('2027-01-11T05:30:00Z'), at('2027-01-11T06:30:00Z'), 'America/New_York')).toEqual(['2027-01-11']);
    // 00:30 Monday in Auckland is 11:30Z Sunday; its local day runs 11:00Z Sunday to 11:00Z Monday: two weeks.
    expect(claimWeeksFor(at('2027-01-10T11:30:00Z'), at('2027-01-10T12:30:00Z'), 'Pacific/Auckland')).toEqual(['2027-01-04', '2027-01-11']);
  });

  it('finds the EPA’s local day: from the first instant of its date to the first of the next, where midnight is skipped or repeated too', () => {
    const zones = ['Europe/London', 'America/New_York', 'Pacific/Auckland', 'America/Santiago', 'America/Havana', 'Asia/Beirut', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    const from = at('2026-01-01T00:00:00Z');
    const dateAt = (instant: number, zone: string) => DateTime.fromMillis(instant, { zone }).toISODate();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * 366 * 24 * 60 }), fc.constantFrom(...zones), (minute, zone) => {
        const instant = from + minute * 60_000;
        const day = localDayAround(instant, zone);
        const next = DateTime.fromISO(day.date, { zone: 'UTC' }).plus({ days: 1 }).toISODate();
        expect(day.date).toBe(dateAt(instant, zone));
        expect(dateAt(day.start, zone)).toBe(day.date);
        expect(dateAt(day.start - 1, zone)! < day.date).toBe(true);
        expect(dateAt(day.end, zone)).toBe(next);
        expect(dateAt(day.end - 1, zone)).toBe(day.date);
      }),
      { numRuns: 2000 },
    );
  });

  it('starts a day whose midnight happens twice at the first midnight (luxon would take the second)', () => {
    // Havana falls back from 01:00 CDT to 00:00 CST on 2027-11-07: midnight is 04:00Z and again 05:00Z.
    expect(localDayAround(at('2027-11-07T05:00:00Z'), 'America/Havana')).toEqual({
      date: '2027-11-07',
      start: at('2027-11-07T04:00:00Z'),
      end: at('2027-11-08T05:00:00Z'),
    });
  });

  it.each([
    // Santiago springs forward at 24:00 on the first Saturday of September: 2026-09-06 starts at 01:00 local.
    ['America/Santiago', '2026-09-06T12:00:00Z', '2026-09-06', '2026-09-06T04:00:00Z', '2026-09-07T03:00:00Z'],
    // Beirut springs forward at 00:00 on the last Sunday of March.
    ['Asia/Beirut', '2026-03-29T12:00:00Z', '2026-03-29', '2026-03-28T22:00:00Z', '2026-03-29T21:00:00Z'],
  ])('in %s the day around %s is %s, from when the clocks jump', (zone, instant, date, start, end) => {
    expect(localDayAround(at(instant), zone)).toEqual({ date, start: at(start), end: at(end) });
  });

  it('any two overlapping meetings of one EPA share a claim week, whatever their durations', () => {
    const minute = 60_000;
    const base = at('2027-01-01T00:00:00Z');
    const meeting = fc.record({ start: fc.integer({ min: 0, max: 60 * 24 * 30 }), length: fc.integer({ min: 1, max: MAX_MEETING_MS / 60_000 }) });
    fc.assert(
      fc.property(meeting, meeting, fc.constantFrom('Europe/London', 'America/New_York', 'Pacific/Auckland'), (a, b, zone) => {
        const [aStart, aEnd] = [base + a.start * minute, base + (a.start + a.length) * minute];
        const [bStart, bEnd] = [base + b.start * minute, base + (b.start + b.length) * minute];
        fc.pre(aStart < bEnd && bStart < aEnd);
        const shared = claimWeeksFor(aStart, aEnd, zone).filter((week) => claimWeeksFor(bStart, bEnd, zone).includes(week));
        expect(shared.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('the weeks read before the EPA’s zone is known hold every week a meeting of up to 8 hours writes, in any zone', () => {
    const minute = 60_000;
    const base = at('2026-01-01T00:00:00Z');
    const zones = ['Europe/London', 'America/New_York', 'Pacific/Auckland', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 * 366 * 24 * 60 }), fc.integer({ min: 1, max: MAX_MEETING_MS / minute }), fc.constantFrom(...zones), (startMinute, length, zone) => {
        const start = base + startMinute * minute;
        const read = claimWeeksInAnyZone(start);
        for (const week of claimWeeksFor(start, start + length * minute, zone)) expect(read).toContain(week);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['an hour', 60, true],
    ['exactly 8 hours', 8 * 60, true],
    ['a minute over 8 hours', 8 * 60 + 1, false],
    ['no time at all', 0, false],
    ['ending before it starts', -30, false],
  ])('a meeting lasting %s is within the cap: %s', (_case, minutes, within) => {
    const start = at('2027-01-04T09:00:00Z');
    expect(isWithinMeetingCap(start, start + minutes * 60_000)).toBe(within);
  });

  it('holds a standard’s meeting length and slot interval to the same 8-hour cap', () => {
    const standard = (minutes: Partial<Record<'meetingDurationMinutes' | 'slotIntervalMinutes', number>>) => StandardInput.safeParse({ name: 'Cap', ...minutes }).success;
    expect(standard({ meetingDurationMinutes: 8 * 60, slotIntervalMinutes: 8 * 60 })).toBe(true);
    expect(standard({ meetingDurationMinutes: 8 * 60 + 1 })).toBe(false);
    expect(standard({ slotIntervalMinutes: 8 * 60 + 1 })).toBe(false);
  });

  it('keeps an interval only in the weeks it overlaps, and finds overlaps', () => {
    const claim: EpaWeekClaim = { epaId: 'epa-1', week: '2027-01-04', intervals: [], version: 0 };
    const inside = { meetingId: 'm1', start: at('2027-01-05T09:00:00Z'), end: at('2027-01-05T10:00:00Z') };
    const nextWeek = { meetingId: 'm2', start: at('2027-01-12T09:00:00Z'), end: at('2027-01-12T10:00:00Z') };
    expect(withMeeting(claim, inside)).toEqual([inside]);
    expect(withMeeting({ ...claim, intervals: [inside] }, { ...inside, start: nextWeek.start, end: nextWeek.end })).toEqual([]);
    expect(overlapping([{ ...claim, intervals: [inside] }], at('2027-01-05T09:59:00Z'), at('2027-01-05T11:00:00Z'))?.meetingId).toBe('m1');
    expect(overlapping([{ ...claim, intervals: [inside] }], at('2027-01-05T10:00:00Z'), at('2027-01-05T11:00:00Z'))).toBeUndefined();
    expect(overlapping([{ ...claim, intervals: [inside] }], at('2027-01-05T09:30:00Z'), at('2027-01-05T09:45:00Z'), 'm1')).toBeUndefined();
  });
});
