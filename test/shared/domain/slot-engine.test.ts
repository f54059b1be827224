import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { DateOverride, WeeklyHours, WorkingInterval } from '#domain/availability-schedule.ts';
import { weekdays } from '#domain/availability-schedule.ts';
import type { BookingWindow } from '#domain/booking-window.ts';
import {
  checkSlot,
  computeSlots,
  runSlotPipeline,
  searchSpan,
  type BusyInterval,
  type Slot,
  type SlotQuery,
  type SlotResource,
} from '#domain/slot-engine.ts';
import { zoneClock } from '#domain/zone-clock.ts';
import { hours, iso, makeGroupScenario, resource, utc, weekly } from '../../support/availability-fixtures.ts';

const MINUTE = 60_000;

interface Ask {
  resources: SlotResource[];
  from: string;
  to: string;
  duration?: number;
  interval?: number;
  window?: BookingWindow;
}

const query = ({ resources, from, to, duration = 60, interval, window }: Ask): SlotQuery => ({
  resources,
  durationMinutes: duration,
  intervalMinutes: interval ?? duration,
  range: { start: utc(from), end: utc(to) },
  ...(window === undefined ? {} : { window }),
});

const starts = (ask: Ask): string[] => computeSlots(query(ask)).map((slot) => iso(slot.start));

const offered = (ask: Ask): Array<[string, string[]]> =>
  computeSlots(query(ask)).map((slot) => [iso(slot.start), slot.freeResourceIds]);

const sundayOnly = (intervals: WorkingInterval[]): WeeklyHours => weekly({ sun: intervals });

describe('slot engine: working hours and the grid', () => {
  const monday = { from: '2027-01-04T00:00', to: '2027-01-05T00:00' };

  it.each([
    {
      case: 'duration 60 on a 60-minute grid, per working interval',
      duration: 60,
      interval: 60,
      expected: ['09:00', '10:00', '11:00', '13:30', '14:30', '15:30'],
    },
    {
      case: 'duration 60 on a 30-minute grid',
      duration: 60,
      interval: 30,
      expected: ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00'],
    },
    {
      case: 'duration 30 on a 45-minute grid: the last slot ends exactly at the interval’s end',
      duration: 30,
      interval: 45,
      expected: ['09:00', '09:45', '10:30', '11:15', '12:00', '13:30', '14:15', '15:00', '15:45', '16:30'],
    },
    {
      case: 'duration 60 on a 45-minute grid: 12:00 would end after 12:30',
      duration: 60,
      interval: 45,
      expected: ['09:00', '09:45', '10:30', '11:15', '13:30', '14:15', '15:00', '15:45'],
    },
    {
      case: 'duration 90 on a 60-minute grid',
      duration: 90,
      interval: 60,
      expected: ['09:00', '10:00', '11:00', '13:30', '14:30', '15:30'],
    },
  ])('$case', ({ duration, interval, expected }) => {
    expect(starts({ resources: [resource('epa-1')], ...monday, duration, interval })).toEqual(
      expected.map((time) => `2027-01-04T${time}Z`),
    );
  });

  it('offers nothing at the weekend', () => {
    expect(starts({ resources: [resource('epa-1')], from: '2027-01-09T00:00', to: '2027-01-11T00:00' })).toEqual([]);
  });

  it('a working interval ending at 24:00 offers its last hour', () => {
    const late = resource('epa-1', { weekly: weekly({ mon: hours('22:00-24:00') }) });
    expect(starts({ resources: [late], from: '2027-01-04T00:00', to: '2027-01-06T00:00' })).toEqual([
      '2027-01-04T22:00Z',
      '2027-01-04T23:00Z',
    ]);
  });

  it('adjacent working intervals keep their own grids', () => {
    const split = resource('epa-1', { weekly: weekly({ mon: hours('09:00-10:15', '10:15-12:00') }) });
    expect(starts({ resources: [split], ...monday, duration: 30, interval: 60 })).toEqual([
      '2027-01-04T09:00Z',
      '2027-01-04T10:15Z',
      '2027-01-04T11:15Z',
    ]);
  });
});

describe('slot engine: daylight saving (Europe/London)', () => {
  it.each([
    { case: 'Friday before the spring change: 09:00 GMT', day: '2027-03-26', first: '2027-03-26T09:00Z' },
    { case: 'Monday after the spring change: 09:00 BST', day: '2027-03-29', first: '2027-03-29T08:00Z' },
    { case: 'Friday before the autumn change: 09:00 BST', day: '2027-10-29', first: '2027-10-29T08:00Z' },
    { case: 'Monday after the autumn change: 09:00 GMT', day: '2027-11-01', first: '2027-11-01T09:00Z' },
  ])('$case', ({ day, first }) => {
    const [slot] = computeSlots(query({ resources: [resource('epa-1')], from: `${day}T00:00`, to: `${day}T23:59` }));
    expect(iso(slot!.start)).toBe(first);
  });

  it('on the spring-change Sunday itself, 09:00 local is 08:00Z', () => {
    const sunday = resource('epa-1', { weekly: sundayOnly(hours('09:00-11:00')) });
    expect(starts({ resources: [sunday], from: '2027-03-28T00:00', to: '2027-03-29T00:00' })).toEqual([
      '2027-03-28T08:00Z',
      '2027-03-28T09:00Z',
    ]);
  });

  it('on the autumn-change Sunday itself, 09:00 local is 09:00Z', () => {
    const sunday = resource('epa-1', { weekly: sundayOnly(hours('09:00-11:00')) });
    expect(starts({ resources: [sunday], from: '2027-10-31T00:00', to: '2027-11-01T00:00' })).toEqual([
      '2027-10-31T09:00Z',
      '2027-10-31T10:00Z',
    ]);
  });

  describe('a working interval across the spring gap (01:00–02:00 local does not exist on 2027-03-28)', () => {
    const night = (span: string) => resource('epa-1', { weekly: sundayOnly(hours(span)) });
    const day = { from: '2027-03-28T00:00', to: '2027-03-29T00:00' };

    it.each([
      {
        case: '00:30–03:00, 30-minute grid: 01:00 and 01:30 are skipped; 02:00 BST is 01:00Z',
        span: '00:30-03:00',
        duration: 30,
        interval: 30,
        expected: ['00:30', '01:00', '01:30'],
      },
      {
        case: '00:30–03:00, 60 minutes: 00:30 GMT runs to 02:30 BST; 02:30 BST would end after 03:00 BST',
        span: '00:30-03:00',
        duration: 60,
        interval: 60,
        expected: ['00:30'],
      },
      {
        case: '00:30–01:30: the interval ends when the clocks jump (01:00Z)',
        span: '00:30-01:30',
        duration: 30,
        interval: 30,
        expected: ['00:30'],
      },
      {
        case: '00:00–01:30, 60 minutes on a 30-minute grid: 00:30 GMT would end after the jump',
        span: '00:00-01:30',
        duration: 60,
        interval: 30,
        expected: ['00:00'],
      },
      {
        case: '01:30–04:30: the grid stays anchored at 01:30 local, which itself is skipped',
        span: '01:30-04:30',
        duration: 60,
        interval: 60,
        expected: ['01:30', '02:30'],
      },
      {
        case: '01:00–02:00: wholly inside the gap, no working time at all',
        span: '01:00-02:00',
        duration: 30,
        interval: 30,
        expected: [],
      },
    ])('$case', ({ span, duration, interval, expected }) => {
      expect(starts({ resources: [night(span)], ...day, duration, interval })).toEqual(
        expected.map((time) => `2027-03-28T${time}Z`),
      );
    });
  });

  it('the repeated autumn hour: each wall-clock grid time once, at its first occurrence (BST)', () => {
    const night = resource('epa-1', { weekly: sundayOnly(hours('00:30-03:00')) });
    expect(starts({ resources: [night], from: '2027-10-30T12:00', to: '2027-11-01T00:00', duration: 30 })).toEqual([
      '2027-10-30T23:30Z', // 00:30 BST
      '2027-10-31T00:00Z', // 01:00 BST, the first 01:00
      '2027-10-31T00:30Z', // 01:30 BST, the first 01:30
      '2027-10-31T02:00Z', // 02:00 GMT
      '2027-10-31T02:30Z', // 02:30 GMT, ending at 03:00 GMT
    ]);
  });
});

describe('slot engine: resources in different zones', () => {
  const london = resource('epa-london', { weekly: weekly({ mon: hours('09:00-10:00') }) });
  const newYork = resource('epa-new-york', {
    timeZone: 'America/New_York',
    weekly: weekly({ mon: hours('05:00-06:00', '09:00-10:00') }),
  });

  it.each([
    {
      case: 'both on standard time (8 March)',
      day: '2027-03-08',
      expected: [
        ['09:00', ['epa-london']],
        ['10:00', ['epa-new-york']],
        ['14:00', ['epa-new-york']],
      ],
    },
    {
      case: 'New York already on summer time, London not yet (15 March): 05:00 EDT meets 09:00 GMT',
      day: '2027-03-15',
      expected: [
        ['09:00', ['epa-london', 'epa-new-york']],
        ['13:00', ['epa-new-york']],
      ],
    },
    {
      case: 'both on summer time (29 March)',
      day: '2027-03-29',
      expected: [
        ['08:00', ['epa-london']],
        ['09:00', ['epa-new-york']],
        ['13:00', ['epa-new-york']],
      ],
    },
  ])('$case', ({ day, expected }) => {
    expect(offered({ resources: [newYork, london], from: `${day}T00:00`, to: `${day}T23:59` })).toEqual(
      expected.map(([time, ids]) => [`${day}T${time}Z`, ids]),
    );
  });
});

describe('slot engine: overrides', () => {
  const overrides: DateOverride[] = [
    { date: '2027-01-04', intervals: [] },
    { date: '2027-01-05', intervals: hours('10:00-12:00') },
    { date: '2027-01-09', intervals: hours('10:00-11:00') },
  ];
  const epa = resource('epa-1', { overrides });

  it.each([
    { case: 'a day off', day: '2027-01-04', expected: [] },
    { case: 'different hours replace the whole day', day: '2027-01-05', expected: ['10:00', '11:00'] },
    { case: 'hours on a day the week does not work', day: '2027-01-09', expected: ['10:00'] },
    { case: 'other days keep the weekly hours', day: '2027-01-06', expected: ['09:00', '10:00', '11:00', '13:30', '14:30', '15:30'] },
  ])('$case', ({ day, expected }) => {
    expect(starts({ resources: [epa], from: `${day}T00:00`, to: `${day}T23:59` })).toEqual(
      expected.map((time) => `${day}T${time}Z`),
    );
  });

  it('an override is a date in the resource’s own zone', () => {
    const newYork = resource('epa-1', {
      timeZone: 'America/New_York',
      weekly: weekly({ mon: hours('20:00-21:00'), tue: hours('20:00-21:00') }),
      overrides: [{ date: '2027-01-04', intervals: [] }],
    });
    // Monday 20:00 EST is Tuesday 01:00Z: the Monday override removes it; Tuesday's remains.
    expect(starts({ resources: [newYork], from: '2027-01-04T00:00', to: '2027-01-07T00:00' })).toEqual(['2027-01-06T01:00Z']);
  });
});

describe('slot engine: busy time', () => {
  const day = { from: '2027-01-04T00:00', to: '2027-01-05T00:00', duration: 60, interval: 30 };
  const morning = (busy: BusyInterval[]) => resource('epa-1', { weekly: weekly({ mon: hours('09:00-12:00') }) }, busy);
  const busy = (start: string, end: string): BusyInterval => ({ start: utc(`2027-01-04T${start}`), end: utc(`2027-01-04T${end}`) });

  it.each([
    { case: 'nothing booked', busy: [], expected: ['09:00', '09:30', '10:00', '10:30', '11:00'] },
    { case: 'a meeting 10:00–11:00 takes every slot it touches', busy: [busy('10:00', '11:00')], expected: ['09:00', '11:00'] },
    { case: 'touching is not overlapping', busy: [busy('08:00', '09:00'), busy('12:00', '13:00')], expected: ['09:00', '09:30', '10:00', '10:30', '11:00'] },
    { case: 'a 15-minute meeting off the grid', busy: [busy('09:15', '09:30')], expected: ['09:30', '10:00', '10:30', '11:00'] },
    { case: 'a 5-minute overlap at the end of a slot', busy: [busy('10:55', '11:30')], expected: ['09:00', '09:30'] },
    { case: 'a long block over everything', busy: [busy('08:30', '12:30')], expected: [] },
    { case: 'overlapping busy intervals', busy: [busy('09:00', '10:30'), busy('09:30', '10:00')], expected: ['10:30', '11:00'] },
    { case: 'a long early block hides nothing after it ends', busy: [busy('06:00', '09:30'), busy('09:45', '09:50')], expected: ['10:00', '10:30', '11:00'] },
  ])('$case', ({ busy: taken, expected }) => {
    expect(starts({ resources: [morning(taken)], ...day })).toEqual(expected.map((time) => `2027-01-04T${time}Z`));
  });

  it('busy intervals need not be sorted', () => {
    const unsorted = [busy('11:00', '12:00'), busy('09:00', '09:30')];
    expect(starts({ resources: [morning(unsorted)], ...day })).toEqual(['09:30', '10:00'].map((time) => `2027-01-04T${time}Z`));
  });

  it('a group slot is offered while at least one member is free', () => {
    const first = resource('epa-a', {}, [busy('09:00', '10:00')]);
    const second = resource('epa-b', {}, [busy('09:00', '11:00')]);
    expect(offered({ resources: [second, first], from: '2027-01-04T09:00', to: '2027-01-04T12:00' })).toEqual([
      ['2027-01-04T10:00Z', ['epa-a']],
      ['2027-01-04T11:00Z', ['epa-a', 'epa-b']],
    ]);
  });
});

describe('slot engine: daily maximum', () => {
  const range = { from: '2027-01-04T00:00', to: '2027-01-06T00:00' };
  const at = (instant: string, extra: Partial<BusyInterval> = {}): BusyInterval => ({
    start: utc(instant),
    end: utc(instant) + 60 * MINUTE,
    ...extra,
  });
  const capped = (busy: BusyInterval[], timeZone = 'Europe/London') =>
    resource('epa-1', { timeZone, maxMeetingsPerDay: 2, weekly: weekly({ mon: hours('09:00-12:00'), tue: hours('09:00-12:00') }) }, busy);

  it.each([
    { case: 'one meeting: the rest of the day stays open', busy: [at('2027-01-04T09:00')], monday: ['10:00', '11:00'] },
    { case: 'two meetings: the day is full', busy: [at('2027-01-04T09:00'), at('2027-01-04T18:00')], monday: [] },
    {
      case: 'time blocked for something else does not count',
      busy: [at('2027-01-04T09:00'), at('2027-01-04T18:00', { countsTowardDailyMaximum: false })],
      monday: ['10:00', '11:00'],
    },
    {
      case: 'a meeting the evening before counts for the day before',
      busy: [at('2027-01-04T09:00'), at('2027-01-03T23:00')],
      monday: ['10:00', '11:00'],
    },
  ])('$case', ({ busy, monday }) => {
    const slots = starts({ resources: [capped(busy)], ...range });
    expect(slots.filter((start) => start.startsWith('2027-01-04'))).toEqual(monday.map((time) => `2027-01-04T${time}Z`));
    expect(slots.filter((start) => start.startsWith('2027-01-05'))).toHaveLength(3);
  });

  it('days are counted in the resource’s zone', () => {
    // Tuesday 03:00Z and 04:00Z are Monday 22:00 and 23:00 in New York: Monday is full there, Tuesday is not.
    const newYork = capped([at('2027-01-05T03:00'), at('2027-01-05T04:00')], 'America/New_York');
    expect(starts({ resources: [newYork], from: '2027-01-04T00:00', to: '2027-01-06T12:00' })).toEqual([
      '2027-01-05T14:00Z',
      '2027-01-05T15:00Z',
      '2027-01-05T16:00Z',
    ]);
  });
});

describe('slot engine: window and range', () => {
  const epa = resource('epa-1');

  it('keeps starts inside the booking window, both ends inclusive', () => {
    const window = { earliest: utc('2027-01-04T10:15'), latest: utc('2027-01-05T13:30') };
    const slots = starts({ resources: [epa], from: '2027-01-04T00:00', to: '2027-01-06T00:00', window });
    expect(slots[0]).toBe('2027-01-04T11:00Z');
    expect(slots.at(-1)).toBe('2027-01-05T13:30Z');
  });

  it('keeps starts inside [from, to)', () => {
    expect(starts({ resources: [epa], from: '2027-01-04T09:30', to: '2027-01-04T13:30' })).toEqual([
      '2027-01-04T10:00Z',
      '2027-01-04T11:00Z',
    ]);
  });

  it('a slot starting inside the range may end after it', () => {
    expect(starts({ resources: [epa], from: '2027-01-04T15:00', to: '2027-01-04T15:31' })).toEqual(['2027-01-04T15:30Z']);
  });

  it('the search span is the range narrowed to the window', () => {
    expect(searchSpan({ start: 0, end: 100 }, { earliest: 10, latest: 49 })).toEqual({ start: 10, end: 50 });
    expect(searchSpan({ start: 0, end: 100 }, undefined)).toEqual({ start: 0, end: 100 });
    expect(searchSpan({ start: 0, end: 100 }, { earliest: 100, latest: 200 })).toBeNull();
  });
});

describe('slot engine: checkSlot (re-check at booking time)', () => {
  const busyEpa = resource('epa-b', {}, [{ start: utc('2027-01-04T09:00'), end: utc('2027-01-04T10:00') }]);
  const base = { resources: [resource('epa-a'), busyEpa], durationMinutes: 60, intervalMinutes: 60 };

  it.each([
    { case: 'an offered slot, with who is free', start: '2027-01-04T10:00', offered: true, free: ['epa-a', 'epa-b'] },
    { case: 'a slot one member is busy for', start: '2027-01-04T09:00', offered: true, free: ['epa-a'] },
    { case: 'off the grid', start: '2027-01-04T09:30', offered: false, free: [] },
    { case: 'outside working hours', start: '2027-01-04T17:00', offered: false, free: [] },
  ])('$case', ({ start, offered: isOffered, free }) => {
    expect(checkSlot(base, utc(start))).toEqual({
      offered: isOffered,
      start: utc(start),
      end: utc(start) + 60 * MINUTE,
      freeResourceIds: free,
    });
  });

  it('applies the window', () => {
    const window = { earliest: utc('2027-01-04T10:30'), latest: utc('2027-02-01T00:00') };
    expect(checkSlot({ ...base, window }, utc('2027-01-04T10:00')).offered).toBe(false);
    expect(checkSlot({ ...base, window }, utc('2027-01-04T11:00')).offered).toBe(true);
  });

  it('agrees with computeSlots on every start of a realistic scenario day', () => {
    const scenario = makeGroupScenario({ resources: 8, meetings: 120, days: 5, seed: 7 });
    const slots = computeSlots(scenario.query);
    for (const slot of slots.slice(0, 40)) {
      expect(checkSlot(scenario.query, slot.start).freeResourceIds).toEqual(slot.freeResourceIds);
    }
  });
});

describe('slot engine: the output', () => {
  it('does not depend on the order of resources or busy intervals', () => {
    const scenario = makeGroupScenario({ resources: 12, meetings: 400, days: 21, seed: 3 });
    const shuffled: SlotQuery = {
      ...scenario.query,
      resources: [...scenario.resources].reverse().map((r) => ({ ...r, busy: [...r.busy].reverse() })),
    };
    expect(computeSlots(shuffled)).toEqual(computeSlots(scenario.query));
  });

  it('a group’s slots are the union of its members’ slots', () => {
    const scenario = makeGroupScenario({ resources: 10, meetings: 300, days: 31, seed: 11 });
    const union = new Map<number, string[]>();
    for (const member of scenario.resources) {
      for (const slot of computeSlots({ ...scenario.query, resources: [member] })) {
        union.set(slot.start, [...(union.get(slot.start) ?? []), member.id].sort());
      }
    }
    const expected = [...union.entries()].sort(([a], [b]) => a - b).map(([start, ids]) => ({ start, ids }));
    expect(computeSlots(scenario.query).map((slot) => ({ start: slot.start, ids: slot.freeResourceIds }))).toEqual(expected);
  });

  it('the 50 / 3,000 / 93-day scenario gives sorted, unique slots', () => {
    const scenario = makeGroupScenario({ seed: 42 });
    expect(scenario.resources.reduce((count, r) => count + r.busy.length, 0)).toBe(3000);
    const slots = computeSlots(scenario.query);
    expect(slots.length).toBeGreaterThan(1000);
    expect(slots.every((slot, index) => index === 0 || slots[index - 1]!.start < slot.start)).toBe(true);
  });

  it('rejects a grid that would never advance', () => {
    expect(() => computeSlots({ ...query({ resources: [], from: '2027-01-04T00:00', to: '2027-01-05T00:00' }), intervalMinutes: 0 })).toThrow(
      RangeError,
    );
  });

  it('reports how many working slots there were before bookings and the window', () => {
    const taken = resource('epa-1', { weekly: weekly({ mon: hours('09:00-11:00') }) }, [
      { start: utc('2027-01-04T09:00'), end: utc('2027-01-04T10:00') },
    ]);
    const result = runSlotPipeline(
      query({ resources: [taken], from: '2027-01-04T00:00', to: '2027-01-05T00:00', window: { earliest: utc('2027-01-04T09:30'), latest: utc('2027-02-01T00:00') } }),
    );
    expect(result).toMatchObject({ workingSlotsInRange: 2, workingSlotsInWindow: 1 });
    expect(result.slots.map((slot) => iso(slot.start))).toEqual(['2027-01-04T10:00Z']);
  });
});

describe('zone clock', () => {
  it.each(['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo', 'Africa/Casablanca'])(
    'agrees with luxon across two year ends in %s',
    (timeZone) => {
      const from = utc('2026-12-01T00:00');
      const to = utc('2028-01-15T00:00');
      const clock = zoneClock(timeZone, from, to);
      const luxonOffset = (instant: number): number => DateTime.fromMillis(instant, { zone: timeZone }).offset * MINUTE;
      const same = (instant: number): void => {
        if (clock.offsetAt(instant) !== luxonOffset(instant)) throw new Error(`offset differs at ${iso(instant)}`);
      };
      // Hourly, and minute by minute through every hour in which the offset changes.
      for (let hour = from; hour < to; hour += 60 * MINUTE) {
        same(hour);
        if (luxonOffset(hour) !== luxonOffset(hour + 60 * MINUTE)) {
          for (let minute = hour; minute <= hour + 60 * MINUTE; minute += MINUTE) same(minute);
        }
      }
    },
  );
});

// ── properties ───────────────────────────────────────────────────────────────

/** An independent reading of the rules, with luxon and nothing of the engine. */
const oracle = (() => {
  const wallKey = (local: DateTime): number => Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);

  const memo = <T>(compute: (date: DateTime, minutes: number, zone: string) => T) => {
    const cache = new Map<string, T>();
    return (date: DateTime, minutes: number, zone: string): T => {
      const key = `${zone}|${date.toMillis()}|${minutes}`;
      if (!cache.has(key)) cache.set(key, compute(date, minutes, zone));
      return cache.get(key)!;
    };
  };

  /** The first instant showing `minutes` after midnight of `date` in `zone`, or null if that local time does not exist. */
  const firstInstant = memo((date: DateTime, minutes: number, zone: string): number | null => {
    const wanted = Date.UTC(date.year, date.month - 1, date.day) + minutes * MINUTE;
    const guess = DateTime.fromMillis(wanted, { zone: 'UTC' }).setZone(zone, { keepLocalTime: true }).toMillis();
    const candidates = [guess - 60 * MINUTE, guess - 30 * MINUTE, guess, guess + 30 * MINUTE, guess + 60 * MINUTE];
    return candidates.find((instant) => wallKey(DateTime.fromMillis(instant, { zone })) === wanted) ?? null;
  });

  /** A boundary in a gap: the first instant whose local time is past it. */
  const boundary = memo((date: DateTime, minutes: number, zone: string): number => {
    const exact = firstInstant(date, minutes, zone);
    if (exact !== null) return exact;
    const wanted = Date.UTC(date.year, date.month - 1, date.day) + minutes * MINUTE;
    const guess = DateTime.fromMillis(wanted, { zone: 'UTC' }).setZone(zone, { keepLocalTime: true }).toMillis();
    for (let instant = guess - 120 * MINUTE; ; instant += MINUTE) {
      if (wallKey(DateTime.fromMillis(instant, { zone })) > wanted) return instant;
    }
  });

  const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

  const hoursOn = (resource: SlotResource, date: DateTime): WorkingInterval[] =>
    resource.schedule.overrides.find((override) => override.date === date.toISODate())?.intervals ??
    resource.schedule.weekly[weekdays[date.weekday - 1]!];

  const meetingsOn = (resource: SlotResource, date: string): number =>
    resource.busy.filter(
      (busy) =>
        busy.countsTowardDailyMaximum !== false && DateTime.fromMillis(busy.start, { zone: resource.schedule.timeZone }).toISODate() === date,
    ).length;

  /** Every (start, resource) the rules allow: the expected output, built the slow way. */
  const expected = (query: SlotQuery): Map<number, string[]> => {
    const found = new Map<number, string[]>();
    const duration = query.durationMinutes * MINUTE;
    const ids = [...query.resources].sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const resource of ids) {
      const zone = resource.schedule.timeZone;
      const lastDay = DateTime.fromMillis(query.range.end - 1, { zone }).startOf('day');
      for (let date = DateTime.fromMillis(query.range.start, { zone }).startOf('day'); date <= lastDay; date = date.plus({ days: 1 })) {
        const maximum = resource.schedule.maxMeetingsPerDay;
        if (maximum != null && meetingsOn(resource, date.toISODate()!) >= maximum) continue;
        for (const interval of hoursOn(resource, date)) {
          const from = minutesOf(interval.start);
          const to = minutesOf(interval.end);
          const begin = boundary(date, from, zone);
          const end = boundary(date, to, zone);
          for (let minutes = from; minutes < to; minutes += query.intervalMinutes) {
            const start = firstInstant(date, minutes, zone);
            if (start === null || start < begin || start + duration > end) continue;
            if (start < query.range.start || start >= query.range.end) continue;
            if (query.window && (start < query.window.earliest || start > query.window.latest)) continue;
            if (resource.busy.some((busy) => busy.start < start + duration && busy.end > start)) continue;
            found.set(start, [...(found.get(start) ?? []), resource.id]);
          }
        }
      }
    }
    return found;
  };

  return { expected, hoursOn, boundary, minutesOf };
})();

const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Europe/Paris'];
/** Days on which one of those zones changes its clocks. */
const changeDays = ['2027-03-14', '2027-03-28', '2027-04-04', '2027-10-03', '2027-10-31', '2027-11-07', '2027-06-15'];

const timeOf = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** 0–2 ordered, non-overlapping intervals on a 15-minute raster, often around the small hours where clocks change. */
const dayHours = fc
  .uniqueArray(fc.oneof(fc.integer({ min: 0, max: 96 }), fc.integer({ min: 0, max: 16 })), { maxLength: 4 })
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const intervals: WorkingInterval[] = [];
    for (let index = 0; index + 1 < sorted.length; index += 2) {
      intervals.push({ start: timeOf(sorted[index]! * 15), end: timeOf(sorted[index + 1]! * 15) });
    }
    return intervals;
  });

const scenario = fc
  .record({
    anchor: fc.constantFrom(...changeDays),
    startOffsetHours: fc.integer({ min: -72, max: 24 }),
    lengthHours: fc.integer({ min: 1, max: 96 }),
    duration: fc.constantFrom(15, 30, 45, 60, 90),
    interval: fc.constantFrom(5, 15, 30, 45, 60),
    resourceCount: fc.integer({ min: 1, max: 4 }),
    windowed: fc.boolean(),
    windowStartHours: fc.integer({ min: -24, max: 72 }),
    windowLengthHours: fc.integer({ min: 0, max: 96 }),
  })
  .chain((shape) => {
    const rangeStart = utc(`${shape.anchor}T00:00`) + shape.startOffsetHours * 3_600_000;
    const rangeEnd = rangeStart + shape.lengthHours * 3_600_000;
    const busyInterval = fc
      .record({
        at: fc.integer({ min: -(24 * 12), max: (shape.lengthHours + 24) * 12 }),
        length: fc.integer({ min: 1, max: 36 }),
        counts: fc.boolean(),
      })
      .map(({ at, length, counts }): BusyInterval => {
        const start = rangeStart + at * 5 * MINUTE;
        return counts ? { start, end: start + length * 5 * MINUTE } : { start, end: start + length * 5 * MINUTE, countsTowardDailyMaximum: false };
      });
    const week = fc.record(Object.fromEntries(weekdays.map((day) => [day, dayHours])) as Record<(typeof weekdays)[number], typeof dayHours>);
    const override = fc.record({
      date: fc.integer({ min: -1, max: Math.ceil(shape.lengthHours / 24) + 1 }).map((days) => iso(rangeStart + days * 86_400_000).slice(0, 10)),
      intervals: dayHours,
    });
    const oneResource = (id: string) =>
      fc.record({
        id: fc.constant(id),
        schedule: fc.record({
          timeZone: fc.constantFrom(...zones),
          weekly: week,
          overrides: fc.uniqueArray(override, { maxLength: 2, selector: (o) => o.date }),
          maxMeetingsPerDay: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
        }),
        busy: fc.array(busyInterval, { maxLength: 8 }),
      });
    return fc.tuple(...Array.from({ length: shape.resourceCount }, (_, index) => oneResource(`epa-${index}`))).map(
      (resources): SlotQuery => {
        const earliest = rangeStart + shape.windowStartHours * 3_600_000;
        return {
          resources,
          durationMinutes: shape.duration,
          intervalMinutes: shape.interval,
          range: { start: rangeStart, end: rangeEnd },
          ...(shape.windowed ? { window: { earliest, latest: earliest + shape.windowLengthHours * 3_600_000 } } : {}),
        };
      },
    );
  });

const freeFor = (slots: Slot[]): Map<number, string[]> => new Map(slots.map((slot) => [slot.start, slot.freeResourceIds]));

describe('slot engine: properties', () => {
  it('every slot is sorted, unique, inside range and window, on the grid, in working hours and free', () => {
    fc.assert(
      fc.property(scenario, (query) => {
        const slots = computeSlots(query);
        const duration = query.durationMinutes * MINUTE;
        slots.forEach((slot, index) => {
          if (index > 0) expect(slots[index - 1]!.start).toBeLessThan(slot.start);
          expect(slot.end).toBe(slot.start + duration);
          expect(slot.freeResourceIds.length).toBeGreaterThan(0);
          expect([...slot.freeResourceIds].sort()).toEqual([...new Set(slot.freeResourceIds)]);
          expect(slot.start).toBeGreaterThanOrEqual(query.range.start);
          expect(slot.start).toBeLessThan(query.range.end);
          if (query.window) {
            expect(slot.start).toBeGreaterThanOrEqual(query.window.earliest);
            expect(slot.start).toBeLessThanOrEqual(query.window.latest);
          }
          for (const id of slot.freeResourceIds) {
            const resource = query.resources.find((r) => r.id === id)!;
            const zone = resource.schedule.timeZone;
            const local = DateTime.fromMillis(slot.start, { zone });
            const minutes = local.hour * 60 + local.minute;
            const date = local.startOf('day');
            const inWorkingInterval = oracle.hoursOn(resource, date).some((interval) => {
              const from = oracle.minutesOf(interval.start);
              const to = oracle.minutesOf(interval.end);
              return (
                minutes >= from &&
                minutes < to &&
                (minutes - from) % query.intervalMinutes === 0 &&
                slot.start >= oracle.boundary(date, from, zone) &&
                slot.end <= oracle.boundary(date, to, zone)
              );
            });
            expect(inWorkingInterval, `${iso(slot.start)} on ${id}'s grid and in working hours in ${zone}`).toBe(true);
            expect(resource.busy.some((busy) => busy.start < slot.end && busy.end > slot.start)).toBe(false);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('the window only cuts: slots with a window are the slots without it that start inside it', () => {
    // The slots listing keeps the engine's answer for a range and applies each caller's window afterwards.
    fc.assert(
      fc.property(scenario, (query) => {
        if (!query.window) return;
        const span = searchSpan(query.range, query.window);
        const { window: _window, ...withoutWindow } = query;
        const cut = computeSlots(withoutWindow).filter((slot) => span !== null && slot.start >= span.start && slot.start < span.end);
        expect(computeSlots(query)).toEqual(cut);
      }),
      { numRuns: 200 },
    );
  });

  it('a resource not listed as free is busy, at its daily maximum, or not working then (the oracle agrees exactly)', () => {
    fc.assert(
      fc.property(scenario, (query) => {
        const actual = freeFor(computeSlots(query));
        const expected = oracle.expected(query);
        expect(new Map([...actual].sort(([a], [b]) => a - b))).toEqual(new Map([...expected].sort(([a], [b]) => a - b)));
      }),
      { numRuns: 200 },
    );
  });
});
