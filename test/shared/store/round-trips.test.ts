import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PermissionId } from '#domain/roles.ts';
import { bookPlanningMeeting } from '#use-cases/book-planning-meeting.ts';
import { changePlanningMeeting, updateCommand } from '#use-cases/change-planning-meeting.ts';
import { listPlanningMeetingSlots } from '#use-cases/planning-meeting-slots.ts';
import type { TableClient } from '#store/table-client.ts';
import { EmbeddedOrganisation } from '../../support/embedded-organisation.ts';

const NOW = Date.parse('2027-01-06T10:00:00Z');

/**
 * DynamoDB calls by command, and sequential round trips: a round trip starts when a
 * call is sent while none is in flight, so calls sent together count once.
 */
const countCalls = (table: TableClient) => {
  let inFlight = 0;
  const seen = { roundTrips: 0, calls: {} as Record<string, number> };
  table.documents.middlewareStack.add(
    (next, context) => async (args) => {
      if (inFlight === 0) seen.roundTrips += 1;
      const name = (context.commandName ?? 'unknown').replace(/Command$/, '');
      seen.calls[name] = (seen.calls[name] ?? 0) + 1;
      inFlight += 1;
      try {
        return await next(args);
      } finally {
        inFlight -= 1;
      }
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return {
    reset: () => {
      seen.roundTrips = 0;
      seen.calls = {};
    },
    seen,
  };
};

let organisation: EmbeddedOrganisation;
beforeAll(async () => {
  organisation = await EmbeddedOrganisation.start(3);
  for (const id of ['counted-1', 'counted-2', 'counted-3', 'counted-4']) await organisation.addApprentice(id);
});
afterAll(() => organisation.close());

describe('round trips to the table (decision 0005)', () => {
  it('a slot-based booking: apprentice, then schedules beside claim weeks, then the transaction; the standard once per process', async () => {
    const table = organisation.newTableClient();
    const deps = organisation.depsOn(table, NOW);
    const counter = countCalls(table);

    const first = await bookPlanningMeeting(organisation.apprenticeActing('counted-1', deps, NOW), { apprenticeId: 'counted-1', start: '2027-01-18T10:00:00Z', status: 'provisional' }, undefined);
    expect(first.status).toBe(201);
    // A process that holds nothing yet also reads the standard.
    expect(counter.seen).toEqual({ roundTrips: 4, calls: { BatchGetItem: 4, TransactWriteItems: 1 } });

    counter.reset();
    const second = await bookPlanningMeeting(organisation.apprenticeActing('counted-2', deps, NOW), { apprenticeId: 'counted-2', start: '2027-01-18T11:00:00Z', status: 'provisional' }, 'key-1');
    expect(second.status).toBe(201);
    // The idempotency record is read beside the apprentice.
    expect(counter.seen).toEqual({ roundTrips: 3, calls: { BatchGetItem: 3, GetItem: 1, TransactWriteItems: 1 } });
  });

  it('a slot listing: the apprentice, then schedules beside claim weeks', async () => {
    const table = organisation.newTableClient();
    const deps = organisation.depsOn(table, NOW);
    await listPlanningMeetingSlots(organisation.apprenticeActing('counted-3', deps, NOW), 'counted-3', '2027-01-11', '2027-01-15');
    const counter = countCalls(table);
    const answer = await listPlanningMeetingSlots(organisation.apprenticeActing('counted-3', deps, NOW), 'counted-3', '2027-01-11', '2027-01-15');
    expect(answer.slots.length).toBeGreaterThan(0);
    expect(counter.seen).toEqual({ roundTrips: 2, calls: { BatchGetItem: 3 } });
  });

  it('a direct booking: apprentice, EPA and claim weeks at once, then the transaction; a reschedule: meeting, zone beside claim weeks, transaction', async () => {
    const table = organisation.newTableClient();
    const deps = organisation.depsOn(table, NOW);
    const owner = { caller: { userId: 'owner', roles: ['owner' as const] }, permissions: new Set<PermissionId>(['ManagePlanningMeetings']), now: NOW, deps };
    // The standard read once, as a warm process holds it.
    await listPlanningMeetingSlots(organisation.apprenticeActing('counted-4', deps, NOW), 'counted-4', '2027-01-11', '2027-01-11');
    const counter = countCalls(table);
    const booked = await bookPlanningMeeting(owner, { apprenticeId: 'counted-4', start: '2027-01-19T09:00:00Z', status: 'confirmed', epaId: 'epa-1' }, undefined);
    expect(booked.status).toBe(201);
    expect(counter.seen).toEqual({ roundTrips: 2, calls: { BatchGetItem: 2, TransactWriteItems: 1 } });

    counter.reset();
    const moved = await changePlanningMeeting(owner, booked.body.id, updateCommand(owner, { start: '2027-01-19T13:00:00Z' }));
    expect(moved.start).toBe('2027-01-19T13:00:00Z');
    expect(counter.seen).toEqual({ roundTrips: 3, calls: { GetItem: 1, BatchGetItem: 2, TransactWriteItems: 1 } });
  });
});
