import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '#domain/errors.ts';
import { bookPlanningMeeting } from '#use-cases/book-planning-meeting.ts';
import { EmbeddedOrganisation } from '../../support/embedded-organisation.ts';

/** Wednesday 6 January 2027; the slots are on the next Monday but one, London. */
const NOW = Date.parse('2027-01-06T10:00:00Z');
const SLOT = '2027-01-18T10:00:00Z';
const RACERS = 24;

/** Each booking as another Lambda container would make it: no client, connection or copy shared with the others. */
const raceBookings = (organisation: EmbeddedOrganisation, bookings: ReadonlyArray<{ apprenticeId: string; start: string }>) =>
  Promise.all(
    bookings.map(async ({ apprenticeId, start }) => {
      const deps = organisation.depsOn(organisation.newTableClient(), NOW);
      try {
        return await bookPlanningMeeting(organisation.apprenticeActing(apprenticeId, deps, NOW), { apprenticeId, start, status: 'provisional' }, undefined);
      } catch (error) {
        if (isDomainError(error)) return error.code;
        throw error;
      }
    }),
  );

/** What the table holds, by the EPA index, not by the claims the conditions guard. */
const storedStarts = async (organisation: EmbeddedOrganisation): Promise<string[][]> => {
  const reader = organisation.depsOn(organisation.newTableClient(), NOW);
  return Promise.all(
    organisation.epaIds.map(async (epaId) => (await reader.meetings.list('gsi2', `EPA#${epaId}`, {}, { limit: 100 })).items.map((meeting) => meeting.start)),
  );
};

describe('storage-level exclusion: bookings racing through separate store clients', () => {
  let organisation: EmbeddedOrganisation;
  beforeAll(async () => {
    organisation = await EmbeddedOrganisation.start(3);
  });
  afterAll(() => organisation.close());

  it(`${RACERS} bookings of one slot, each through a table client and repositories of its own: one per EPA, never two at once`, async () => {
    const apprentices = Array.from({ length: RACERS }, (_, index) => `racer-${index + 1}`);
    for (const id of apprentices) await organisation.addApprentice(id);
    const outcomes = await raceBookings(
      organisation,
      apprentices.map((apprenticeId) => ({ apprenticeId, start: SLOT })),
    );
    const booked = outcomes.filter((outcome) => typeof outcome === 'object');
    expect(outcomes.filter((outcome) => outcome === 'SLOT_UNAVAILABLE')).toHaveLength(RACERS - booked.length);

    const stored = await storedStarts(organisation);
    for (const starts of stored) expect(starts).toEqual(starts.length > 0 ? [SLOT] : []);
    expect(stored.flat()).toHaveLength(booked.length);
    // Every EPA was free, so the race fills each of them once.
    expect(booked).toHaveLength(organisation.epaIds.length);
  });
});

describe('a daily maximum under the same race', () => {
  const MAX_PER_DAY = 2;
  let organisation: EmbeddedOrganisation;
  beforeAll(async () => {
    organisation = await EmbeddedOrganisation.start(2);
    // Both EPAs take at most two meetings a day; their hours are otherwise free.
    const { records } = organisation.depsOn(organisation.newTableClient(), NOW);
    const day = [{ start: '09:00', end: '17:00' }];
    for (const epaId of organisation.epaIds) {
      await records.put(
        'availability',
        epaId,
        { timeZone: 'Europe/London', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] }, overrides: [], maxMeetingsPerDay: MAX_PER_DAY },
        { by: 'test', now: NOW },
      );
    }
  });
  afterAll(() => organisation.close());

  it(`${RACERS} bookings of eight different hours of one day: each EPA takes its ${MAX_PER_DAY} and no more, though bookings of different hours share no hour claim`, async () => {
    const apprentices = Array.from({ length: RACERS }, (_, index) => `capped-${index + 1}`);
    for (const id of apprentices) await organisation.addApprentice(id);
    // 09:00 to 16:00 on Monday 18 January, three bookings an hour.
    const outcomes = await raceBookings(
      organisation,
      apprentices.map((apprenticeId, index) => ({ apprenticeId, start: `2027-01-18T${String(9 + (index % 8)).padStart(2, '0')}:00:00Z` })),
    );
    const booked = outcomes.filter((outcome) => typeof outcome === 'object');
    expect(outcomes.filter((outcome) => outcome === 'SLOT_UNAVAILABLE')).toHaveLength(RACERS - booked.length);

    const stored = await storedStarts(organisation);
    for (const starts of stored) {
      expect(starts.length).toBeLessThanOrEqual(MAX_PER_DAY);
      expect(new Set(starts).size).toBe(starts.length);
    }
    expect(stored.flat()).toHaveLength(booked.length);
    // Every hour was free: the race fills each EPA's day.
    expect(booked).toHaveLength(organisation.epaIds.length * MAX_PER_DAY);
  });
});
