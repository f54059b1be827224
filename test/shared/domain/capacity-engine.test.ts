import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { chooseResource, rankResources, spreadRank, type ResourceMeeting } from '#domain/capacity-engine.ts';
import { utc } from '../../support/availability-fixtures.ts';

const HOUR = 3_600_000;
const meeting = (resourceId: string, start: string, hours = 1): ResourceMeeting => ({
  resourceId,
  start: utc(start),
  end: utc(start) + hours * HOUR,
});

// The slot: Wednesday 2027-01-06 14:00 London; its ISO week is Mon 4 – Sun 10 January.
const slotStart = utc('2027-01-06T14:00');
const rank = (candidates: string[], meetings: ResourceMeeting[], weekStartsIn = 'Europe/London') =>
  rankResources({ candidates, meetings, slotStart, weekStartsIn });

describe('capacity engine: who takes the slot (SPEC §4.1)', () => {
  it.each([
    {
      case: 'fewest meetings that week wins',
      meetings: [meeting('epa-a', '2027-01-04T09:00'), meeting('epa-a', '2027-01-05T09:00'), meeting('epa-b', '2027-01-04T09:00')],
      ranking: ['epa-c', 'epa-b', 'epa-a'],
    },
    {
      case: 'meetings later in the same week count too',
      meetings: [meeting('epa-a', '2027-01-08T09:00'), meeting('epa-b', '2027-01-04T09:00'), meeting('epa-b', '2027-01-10T20:00')],
      ranking: ['epa-c', 'epa-a', 'epa-b'],
    },
    {
      case: 'meetings of other weeks do not count towards the week',
      meetings: [meeting('epa-a', '2027-01-03T09:00'), meeting('epa-a', '2027-01-11T09:00'), meeting('epa-b', '2027-01-05T09:00')],
      ranking: ['epa-c', 'epa-a', 'epa-b'],
    },
    {
      case: 'equal week: the one whose last meeting ended longest ago',
      meetings: [meeting('epa-a', '2027-01-05T09:00'), meeting('epa-b', '2027-01-04T09:00'), meeting('epa-c', '2027-01-06T09:00')],
      ranking: ['epa-b', 'epa-a', 'epa-c'],
    },
    {
      case: 'no meeting ever counts as longest ago',
      meetings: [meeting('epa-a', '2026-06-01T09:00'), meeting('epa-c', '2026-06-01T09:00')],
      ranking: ['epa-b', 'epa-a', 'epa-c'],
    },
    {
      case: 'the last meeting is measured by its end, and may be in an earlier week',
      meetings: [meeting('epa-a', '2026-12-31T09:00'), meeting('epa-b', '2026-12-30T09:00', 40)],
      ranking: ['epa-c', 'epa-a', 'epa-b'],
    },
    {
      case: 'meetings after the slot are not "last meetings"',
      meetings: [meeting('epa-a', '2027-01-01T09:00'), meeting('epa-a', '2027-01-20T09:00'), meeting('epa-b', '2027-01-02T09:00')],
      ranking: ['epa-c', 'epa-a', 'epa-b'],
    },
    {
      case: 'a meeting ending exactly at the slot start is the last meeting',
      meetings: [meeting('epa-a', '2027-01-06T12:00', 2), meeting('epa-b', '2027-01-06T11:00', 2), meeting('epa-c', '2027-01-04T09:00')],
      ranking: ['epa-c', 'epa-b', 'epa-a'],
    },
    // Rows where the two rules disagree, so that only rule 1 first gives the ranking.
    {
      case: 'fewer meetings that week beats a last meeting longer ago',
      // a: 2 this week, last ended Tue 10:00; b: 1, ended Wed 13:00, just before the slot; c: 3, last ended Tue 09:00.
      meetings: [
        meeting('epa-a', '2027-01-04T09:00'),
        meeting('epa-a', '2027-01-05T09:00'),
        meeting('epa-b', '2027-01-06T12:00'),
        meeting('epa-c', '2027-01-04T08:00'),
        meeting('epa-c', '2027-01-04T10:00'),
        meeting('epa-c', '2027-01-05T08:00'),
      ],
      ranking: ['epa-b', 'epa-a', 'epa-c'],
    },
    {
      case: 'a meeting later in the week counts for rule 1 though it is no "last meeting" for rule 2',
      // a: 1 this week (Friday, after the slot), so no last meeting; b and c: none this week, last ones before it.
      meetings: [meeting('epa-a', '2027-01-08T09:00'), meeting('epa-b', '2027-01-03T09:00'), meeting('epa-c', '2027-01-02T09:00')],
      ranking: ['epa-c', 'epa-b', 'epa-a'],
    },
    {
      case: 'all equal: by id',
      meetings: [],
      ranking: ['epa-a', 'epa-b', 'epa-c'],
    },
  ])('$case', ({ meetings, ranking }) => {
    expect(rank(['epa-c', 'epa-a', 'epa-b'], meetings)).toEqual(ranking);
  });

  it('ids are ordered by code unit, not by locale', () => {
    expect(rank(['b', 'B', 'a', 'A'], [])).toEqual(['A', 'B', 'a', 'b']);
  });

  it('the week runs Monday 00:00 to Sunday 24:00 in the organisation’s zone', () => {
    // Sunday 2027-01-10 23:30 in New York is Monday 04:30Z: same week as the slot in New York, next week in London.
    const lateSunday = [meeting('epa-a', '2027-01-11T04:30')];
    expect(rank(['epa-a', 'epa-b'], lateSunday, 'America/New_York')).toEqual(['epa-b', 'epa-a']);
    expect(rank(['epa-a', 'epa-b'], lateSunday, 'Europe/London')).toEqual(['epa-a', 'epa-b']);
  });

  it('the week containing a clock change ends at Monday 00:00 local, not 168 hours after it began', () => {
    const ranking = rankResources({
      candidates: ['epa-a', 'epa-b'],
      meetings: [
        meeting('epa-a', '2027-03-28T22:30'), // Sunday 23:30 BST: this week
        meeting('epa-b', '2027-03-28T23:15'), // Monday 00:15 BST: next week
      ],
      slotStart: utc('2027-03-22T09:00'),
      weekStartsIn: 'Europe/London',
    });
    expect(ranking).toEqual(['epa-b', 'epa-a']);
  });

  it('ignores meetings of resources that are not candidates', () => {
    expect(rank(['epa-b', 'epa-a'], [meeting('epa-z', '2027-01-05T09:00')])).toEqual(['epa-a', 'epa-b']);
  });

  it('lists each candidate once', () => {
    expect(rank(['epa-b', 'epa-a', 'epa-b'], [])).toEqual(['epa-a', 'epa-b']);
  });

  it('chooseResource is the first of the ranking, or null without candidates', () => {
    const meetings = [meeting('epa-a', '2027-01-05T09:00')];
    expect(chooseResource({ candidates: ['epa-a', 'epa-b'], meetings, slotStart, weekStartsIn: 'Europe/London' })).toBe('epa-b');
    expect(chooseResource({ candidates: [], meetings, slotStart, weekStartsIn: 'Europe/London' })).toBeNull();
  });

  it('does not depend on the order of candidates or meetings', () => {
    const ids = ['epa-a', 'epa-b', 'epa-c', 'epa-d'];
    const meetingArbitrary = fc.record({
      resourceId: fc.constantFrom(...ids),
      start: fc.integer({ min: -14 * 24, max: 14 * 24 }).map((hours) => slotStart + hours * HOUR),
    });
    fc.assert(
      fc.property(fc.array(meetingArbitrary, { maxLength: 12 }), fc.shuffledSubarray(ids, { minLength: 1 }), (raw, candidates) => {
        const meetings = raw.map((m) => ({ ...m, end: m.start + HOUR }));
        const ranking = rank(candidates, meetings);
        expect(ranking).toEqual(rank([...candidates].reverse(), [...meetings].reverse()));
        expect([...ranking].sort()).toEqual([...candidates].sort());
      }),
      { numRuns: 200 },
    );
  });
});

describe('capacity engine: equals spread by the booking’s key', () => {
  const ids = ['epa-a', 'epa-b', 'epa-c', 'epa-d'];
  const meetingArbitrary = fc.record({
    resourceId: fc.constantFrom(...ids),
    start: fc.integer({ min: -14 * 24, max: 14 * 24 }).map((hours) => slotStart + hours * HOUR),
  });
  const spread = (candidates: string[], meetings: ResourceMeeting[], spreadKey: string) =>
    rankResources({ candidates, meetings, slotStart, weekStartsIn: 'Europe/London', spreadKey });

  it('keeps rules 1 and 2 first: with a spread key, only candidates equal on both change places', () => {
    fc.assert(
      fc.property(fc.array(meetingArbitrary, { maxLength: 12 }), fc.string({ minLength: 1, maxLength: 12 }), (raw, spreadKey) => {
        const meetings = raw.map((m) => ({ ...m, end: m.start + HOUR }));
        const byId = rank(ids, meetings);
        const spreadOut = spread(ids, meetings, spreadKey);
        // Rules 1 and 2 as numbers: the ranking by id and the spread ranking list the same groups in the same order.
        const load = (id: string) => {
          const own = meetings.filter((m) => m.resourceId === id);
          const week = own.filter((m) => m.start >= utc('2027-01-04T00:00') && m.start < utc('2027-01-11T00:00')).length;
          const lastEnd = Math.max(Number.NEGATIVE_INFINITY, ...own.filter((m) => m.end <= slotStart).map((m) => m.end));
          return `${week}|${lastEnd}`;
        };
        expect(spreadOut.map(load)).toEqual(byId.map(load));
        // Within a group, by the hash of the key and the id.
        for (let index = 1; index < spreadOut.length; index += 1) {
          if (load(spreadOut[index]!) === load(spreadOut[index - 1]!)) {
            expect(spreadRank(spreadKey, spreadOut[index - 1]!)).toBeLessThanOrEqual(spreadRank(spreadKey, spreadOut[index]!));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives one booking the same ranking every time it asks', () => {
    const meetings = [meeting('epa-a', '2027-01-05T09:00')];
    expect(spread(['epa-d', 'epa-c', 'epa-b', 'epa-a'], meetings, 'apprentice-7')).toEqual(spread(['epa-a', 'epa-b', 'epa-c', 'epa-d'], [...meetings], 'apprentice-7'));
  });

  it('sends a cohort’s bookings to each of three equal EPAs about as often', () => {
    const firsts = new Map<string, number>();
    for (let index = 0; index < 300; index += 1) {
      const first = spread(['epa-a', 'epa-b', 'epa-c'], [], `apprentice-${index}`)[0]!;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    // Evenly would be 100 each; by id alone, epa-a would take all 300.
    expect([...firsts.keys()].sort()).toEqual(['epa-a', 'epa-b', 'epa-c']);
    for (const count of firsts.values()) expect(count).toBeGreaterThan(70);
  });

  it('leaves a better-ranked EPA first whatever the key', () => {
    // epa-a has a meeting this week; b and c have none.
    for (let index = 0; index < 50; index += 1) {
      expect(spread(['epa-a', 'epa-b', 'epa-c'], [meeting('epa-a', '2027-01-05T09:00')], `apprentice-${index}`).at(-1)).toBe('epa-a');
    }
  });
});

describe('capacity engine: the week, as luxon had it', () => {
  const DAY = 24 * HOUR;
  const zones = ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'America/Havana', 'America/Santiago', 'Asia/Beirut', 'Pacific/Apia', 'Africa/Casablanca', 'Asia/Tehran', 'Asia/Jerusalem', 'UTC'];

  /** The engine as first written with luxon: the answers the zone-clock version must keep. */
  const luxonWeek = (slot: number, zone: string) => {
    const start = DateTime.fromMillis(slot, { zone }).startOf('week');
    return { start: start.toMillis(), end: start.plus({ weeks: 1 }).toMillis() };
  };
  const luxonRanking = (candidates: string[], meetings: ResourceMeeting[], slot: number, zone: string): string[] => {
    const week = luxonWeek(slot, zone);
    const load = new Map(candidates.map((id) => [id, { count: 0, lastEnd: Number.NEGATIVE_INFINITY }]));
    for (const m of meetings) {
      const entry = load.get(m.resourceId);
      if (entry === undefined) continue;
      if (m.start >= week.start && m.start < week.end) entry.count += 1;
      if (m.end <= slot && m.end > entry.lastEnd) entry.lastEnd = m.end;
    }
    return [...load.entries()]
      .sort(([idA, a], [idB, b]) => a.count - b.count || (a.lastEnd === b.lastEnd ? 0 : a.lastEnd < b.lastEnd ? -1 : 1) || (idA < idB ? -1 : 1))
      .map(([id]) => id);
  };

  // Weeks whose Monday midnight was skipped (Tehran, Casablanca) or happened twice (Jerusalem), weeks
  // with a clock change at midnight (Havana, Santiago, Beirut), and the week Apia lost a Friday.
  const oddWeeks = [
    { zone: 'Asia/Tehran', monday: '2021-03-22' },
    { zone: 'Africa/Casablanca', monday: '2009-06-01' },
    { zone: 'Asia/Jerusalem', monday: '2001-09-24' },
    { zone: 'Asia/Jerusalem', monday: '2002-10-07' },
    { zone: 'America/Havana', monday: '2027-11-01' },
    { zone: 'America/Havana', monday: '2027-03-08' },
    { zone: 'America/Santiago', monday: '2027-03-29' },
    { zone: 'America/Santiago', monday: '2027-08-30' },
    { zone: 'Asia/Beirut', monday: '2027-03-22' },
    { zone: 'Pacific/Apia', monday: '2011-12-26' },
  ];
  const slotArbitrary = fc.oneof(
    fc.record({ zone: fc.constantFrom(...zones), slot: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2041, 0, 1) }) }),
    fc
      .record({ week: fc.constantFrom(...oddWeeks), at: fc.integer({ min: -2 * DAY, max: 9 * DAY }) })
      .map(({ week, at }) => ({ zone: week.zone, slot: utc(`${week.monday}T00:00`) + at })),
  );

  it('counts the meetings of the same week as luxon did, on both sides of each week boundary', () => {
    const ids = ['epa-a', 'epa-b', 'epa-c'];
    fc.assert(
      fc.property(
        slotArbitrary,
        // Meetings within three hours of the week's boundaries, where a wrong boundary shows.
        fc.array(fc.record({ resourceId: fc.constantFrom(...ids), atEnd: fc.boolean(), minutes: fc.integer({ min: -180, max: 180 }) }), { maxLength: 10 }),
        ({ zone, slot }, placed) => {
          const week = luxonWeek(slot, zone);
          const meetings = placed.map(({ resourceId, atEnd, minutes }) => {
            const start = (atEnd ? week.end : week.start) + minutes * 60_000;
            return { resourceId, start, end: start + HOUR };
          });
          expect(rankResources({ candidates: ids, meetings, slotStart: slot, weekStartsIn: zone })).toEqual(luxonRanking(ids, meetings, slot, zone));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('a skipped Monday midnight (Tehran, 22 March 2021) starts the week at 01:00 and ends it at 01:00 a week on, as luxon did', () => {
    const ranking = rankResources({
      candidates: ['epa-a', 'epa-b'],
      meetings: [
        meeting('epa-a', '2021-03-28T20:00'), // Monday 29th 00:30 (+04:30): still the week of the 22nd
        meeting('epa-b', '2021-03-28T20:30'), // Monday 29th 01:00: the next week
      ],
      slotStart: utc('2021-03-24T06:00'),
      weekStartsIn: 'Asia/Tehran',
    });
    expect(ranking).toEqual(['epa-b', 'epa-a']);
  });

  it('refuses a zone that is not an IANA time zone', () => {
    expect(() => rankResources({ candidates: ['epa-a'], meetings: [], slotStart, weekStartsIn: 'Mars/Olympus' })).toThrow(RangeError);
  });
});
