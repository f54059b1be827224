import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { StandardInput } from '#domain/directory.ts';
import {
  MAX_MEETING_MS,
  claimsOn,
  claimUnitsFor,
  claimUnitsUpToCap,
  dailyMaximumUnit,
  isWithinMeetingCap,
  localDayAround,
  overlapping,
  utcHourOf,
  withMeeting,
  withoutMeeting,
  type EpaClaim,
} from '#domain/time-claims.ts';

const at = (iso: string) => Date.parse(iso);
const minute = 60_000;

describe('claim hours', () => {
  it.each([
    ['on the hour', '2027-01-04T09:00:00Z', '2027-01-04T09'],
    ['a minute before the next', '2027-01-04T09:59:59Z', '2027-01-04T09'],
    ['midnight', '2027-01-11T00:00:00Z', '2027-01-11T00'],
    ['in 1969', '1969-12-31T23:30:00Z', '1969-12-31T23'],
  ])('%s belongs to the UTC hour %s', (_case, instant, hour) => {
    expect(utcHourOf(at(instant))).toBe(hour);
  });

  it.each([
    ['an hour on the hour writes one claim', '2027-01-04T10:00:00Z', '2027-01-04T11:00:00Z', ['2027-01-04T10']],
    ['an hour on the half hour writes two', '2027-01-04T09:30:00Z', '2027-01-04T10:30:00Z', ['2027-01-04T09', '2027-01-04T10']],
    ['across midnight, both dates', '2027-01-10T23:30:00Z', '2027-01-11T00:30:00Z', ['2027-01-10T23', '2027-01-11T00']],
    ['8 hours from 09:00', '2027-01-04T09:00:00Z', '2027-01-04T17:00:00Z', ['09', '10', '11', '12', '13', '14', '15', '16'].map((hour) => `2027-01-04T${hour}`)],
  ])('%s', (_case, start, end, hours) => {
    expect(claimUnitsFor(at(start), at(end))).toEqual(hours);
  });

  it('any two overlapping meetings of one EPA share a claim hour, whatever their durations and minutes', () => {
    const base = at('2027-01-01T00:00:00Z');
    const meeting = fc.record({ start: fc.integer({ min: 0, max: 60 * 24 * 30 }), length: fc.integer({ min: 1, max: MAX_MEETING_MS / minute }) });
    fc.assert(
      fc.property(meeting, meeting, (a, b) => {
        const [aStart, aEnd] = [base + a.start * minute, base + (a.start + a.length) * minute];
        const [bStart, bEnd] = [base + b.start * minute, base + (b.start + b.length) * minute];
        fc.pre(aStart < bEnd && bStart < aEnd);
        const shared = claimUnitsFor(aStart, aEnd).filter((hour) => claimUnitsFor(bStart, bEnd).includes(hour));
        expect(shared.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('meetings that do not overlap, in different hours, write different claims: they never race', () => {
    expect(claimUnitsFor(at('2027-01-04T09:00:00Z'), at('2027-01-04T10:00:00Z'))).not.toContain(utcHourOf(at('2027-01-04T10:00:00Z')));
  });

  it('the hours read before the end is known hold every hour a meeting of up to 8 hours writes', () => {
    const base = at('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 * 366 * 24 * 60 }), fc.integer({ min: 1, max: MAX_MEETING_MS / minute }), (startMinute, length) => {
        const start = base + startMinute * minute;
        const read = claimUnitsUpToCap(start);
        for (const hour of claimUnitsFor(start, start + length * minute)) expect(read).toContain(hour);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the daily maximum’s claim', () => {
  it.each([
    // 00:30 Monday in New York is 05:30Z Monday.
    ['America/New_York', '2027-01-11T05:30:00Z', '2027-01-11@America/New_York'],
    // 00:30 Monday in Auckland is 11:30Z on Sunday.
    ['Pacific/Auckland', '2027-01-10T11:30:00Z', '2027-01-11@Pacific/Auckland'],
    // 23:30 Sunday in London in summer is 22:30Z.
    ['Europe/London', '2027-06-13T22:30:00Z', '2027-06-13@Europe/London'],
  ])('in %s a meeting at %s books through the claim %s', (zone, start, unit) => {
    expect(dailyMaximumUnit(at(start), zone)).toBe(unit);
  });

  it('two meetings name the same day claim exactly when they start on the same local day of the zone', () => {
    const base = at('2027-01-01T00:00:00Z');
    const zones = ['Europe/London', 'America/New_York', 'Pacific/Auckland', 'Australia/Lord_Howe', 'America/Havana'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 366 * 24 * 60 }), fc.integer({ min: 0, max: 366 * 24 * 60 }), fc.constantFrom(...zones), (a, b, zone) => {
        const [aStart, bStart] = [base + a * minute, base + b * minute];
        const sameDay = DateTime.fromMillis(aStart, { zone }).toISODate() === DateTime.fromMillis(bStart, { zone }).toISODate();
        expect(dailyMaximumUnit(aStart, zone) === dailyMaximumUnit(bStart, zone)).toBe(sameDay);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the EPA’s local day', () => {
  it('runs from the first instant of its date to the first of the next, where midnight is skipped or repeated too', () => {
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

});

describe('claims', () => {
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

  it('adds a meeting once, removes it, and finds overlaps', () => {
    const claim: EpaClaim = { epaId: 'epa-1', unit: '2027-01-05T09', intervals: [], version: 0 };
    const inside = { meetingId: 'm1', start: at('2027-01-05T09:00:00Z'), end: at('2027-01-05T10:00:00Z') };
    const early = { meetingId: 'm2', start: at('2027-01-05T08:30:00Z'), end: at('2027-01-05T09:00:00Z') };
    expect(withMeeting(claim, inside)).toEqual([inside]);
    expect(withMeeting({ ...claim, intervals: [inside] }, { ...inside, end: at('2027-01-05T09:30:00Z') })).toEqual([{ ...inside, end: at('2027-01-05T09:30:00Z') }]);
    expect(withMeeting({ ...claim, intervals: [inside] }, early)).toEqual([early, inside]);
    expect(withoutMeeting({ ...claim, intervals: [early, inside] }, 'm1')).toEqual([early]);
    expect(overlapping([{ ...claim, intervals: [inside] }], at('2027-01-05T09:59:00Z'), at('2027-01-05T11:00:00Z'))?.meetingId).toBe('m1');
    expect(overlapping([{ ...claim, intervals: [inside] }], at('2027-01-05T10:00:00Z'), at('2027-01-05T11:00:00Z'))).toBeUndefined();
    expect(overlapping([{ ...claim, intervals: [inside] }], at('2027-01-05T09:30:00Z'), at('2027-01-05T09:45:00Z'), 'm1')).toBeUndefined();
  });

  it('takes the claims of one EPA as read, and a claim not read as new (version 0)', () => {
    const read: EpaClaim[] = [
      { epaId: 'epa-1', unit: '2027-01-05T09', intervals: [], version: 3 },
      { epaId: 'epa-2', unit: '2027-01-05T10', intervals: [], version: 7 },
    ];
    expect(claimsOn(read, 'epa-1', ['2027-01-05T09', '2027-01-05T10'])).toEqual([
      { epaId: 'epa-1', unit: '2027-01-05T09', intervals: [], version: 3 },
      { epaId: 'epa-1', unit: '2027-01-05T10', intervals: [], version: 0 },
    ]);
  });
});
