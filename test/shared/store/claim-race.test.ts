import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '#domain/errors.ts';
import { bookPlanningMeeting } from '#use-cases/book-planning-meeting.ts';
import { EmbeddedOrganisation } from '../../support/embedded-organisation.ts';

/** Wednesday 6 January 2027; the slot is the next Monday but one, 10:00 London. */
const NOW = Date.parse('2027-01-06T10:00:00Z');
const SLOT = '2027-01-18T10:00:00Z';
const RACERS = 24;

let organisation: EmbeddedOrganisation;
beforeAll(async () => {
  organisation = await EmbeddedOrganisation.start(3);
});
afterAll(() => organisation.close());

describe('storage-level exclusion: bookings racing through separate store clients', () => {
  it(`${RACERS} bookings of one slot, each through a table client and repositories of its own: one per EPA, never two at once`, async () => {
    const apprentices = Array.from({ length: RACERS }, (_, index) => `racer-${index + 1}`);
    for (const id of apprentices) await organisation.addApprentice(id);
    // Each booking as another Lambda container would make it: no client, connection or copy shared with the others.
    const outcomes = await Promise.all(
      apprentices.map(async (id) => {
        const deps = organisation.depsOn(organisation.newTableClient(), NOW);
        try {
          return await bookPlanningMeeting(organisation.apprenticeActing(id, deps, NOW), { apprenticeId: id, start: SLOT, status: 'provisional' }, undefined);
        } catch (error) {
          if (isDomainError(error)) return error.code;
          throw error;
        }
      }),
    );
    const booked = outcomes.filter((outcome) => typeof outcome === 'object');
    expect(outcomes.filter((outcome) => outcome === 'SLOT_UNAVAILABLE')).toHaveLength(RACERS - booked.length);

    // What the table holds, by the EPA index, not by the claim weeks the condition guards.
    const reader = organisation.depsOn(organisation.newTableClient(), NOW);
    const stored = await Promise.all(
      organisation.epaIds.map(async (epaId) => (await reader.meetings.list('gsi2', `EPA#${epaId}`, {}, { limit: 100 })).items),
    );
    for (const meetings of stored) expect(meetings.map((meeting) => meeting.start)).toEqual(meetings.length > 0 ? [SLOT] : []);
    expect(stored.flat()).toHaveLength(booked.length);
    // Every EPA was free, so the race fills each of them once.
    expect(booked).toHaveLength(organisation.epaIds.length);
  });
});
