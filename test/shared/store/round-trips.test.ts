import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PermissionId } from '#domain/roles.ts';
import { bookPlanningMeeting } from '#use-cases/book-planning-meeting.ts';
import { changePlanningMeeting, updateCommand } from '#use-cases/change-planning-meeting.ts';
import { listPlanningMeetingSlots } from '#use-cases/planning-meeting-slots.ts';
import type { TableClient } from '#store/table-client.ts';
import type { Dependencies } from '#ports/dependencies.ts';
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
  for (const id of ['counted-1', 'counted-2', 'counted-3', 'counted-4', 'counted-5']) await organisation.addApprentice(id);
  // A standard whose source is a group of its own (two of the three EPAs), and an apprentice of it.
  const { records } = organisation.depsOn(organisation.newTableClient(), NOW);
  const by = { by: 'test', now: NOW };
  await records.put('group', 'own-group', { name: 'Own group', memberIds: ['epa-2', 'epa-3'] }, by);
  await records.put('standard', 'ST0002', { name: 'Own group standard', meetingDurationMinutes: 60, slotIntervalMinutes: 60, availabilitySource: { type: 'group', groupId: 'own-group' } }, by);
  await records.put('user', 'counted-own', { name: 'counted-own', email: 'counted-own@example.org', roles: ['apprentice'] }, by);
  await records.put('apprentice', 'counted-own', { standardId: 'ST0002', epaId: null, aoContactId: null }, by);
});
afterAll(() => organisation.close());

/**
 * What the HTTP frame reads before any use case: the permissions map, from this
 * process's five-second copy when it holds one (`http-handler.ts`). Cold, it is the
 * first round trip of every request.
 */
const frame = (deps: Dependencies) => deps.records.configuration('permissions');

describe('round trips to the table (decision 0005), with the copies of the configuration expired (cold) and held (warm)', () => {
  it('a slot-based booking, cold: permissions; apprentice; standard beside schedules and claims; transaction. Warm: the last three', async () => {
    // Fresh repositories hold no copy, as a new Lambda container.
    const table = organisation.newTableClient();
    const deps = organisation.depsOn(table, NOW);
    const counter = countCalls(table);

    await frame(deps);
    const first = await bookPlanningMeeting(organisation.apprenticeActing('counted-1', deps, NOW), { apprenticeId: 'counted-1', start: '2027-01-18T10:00:00Z', status: 'provisional' }, undefined);
    expect(first.status).toBe(201);
    expect(counter.seen).toEqual({ roundTrips: 4, calls: { BatchGetItem: 3, Query: 3, TransactWriteItems: 1 } });

    counter.reset();
    await frame(deps);
    const second = await bookPlanningMeeting(organisation.apprenticeActing('counted-2', deps, NOW), { apprenticeId: 'counted-2', start: '2027-01-18T11:00:00Z', status: 'provisional' }, 'key-1');
    expect(second.status).toBe(201);
    // The idempotency record is read beside the apprentice; the claims are one Query per EPA of the group.
    expect(counter.seen).toEqual({ roundTrips: 3, calls: { BatchGetItem: 2, GetItem: 1, Query: 3, TransactWriteItems: 1 } });
  });

  it('a slot listing, cold: permissions; apprentice; standard beside schedules and claims. Warm: the last two', async () => {
    const table = organisation.newTableClient();
    const deps = organisation.depsOn(table, NOW);
    const counter = countCalls(table);
    const list = async () => {
      await frame(deps);
      return listPlanningMeetingSlots(organisation.apprenticeActing('counted-3', deps, NOW), 'counted-3', '2027-01-11', '2027-01-15');
    };

    expect((await list()).slots.length).toBeGreaterThan(0);
    expect(counter.seen).toEqual({ roundTrips: 3, calls: { BatchGetItem: 3, Query: 3 } });

    counter.reset();
    expect((await list()).slots.length).toBeGreaterThan(0);
    expect(counter.seen).toEqual({ roundTrips: 2, calls: { BatchGetItem: 2, Query: 3 } });
  });

  it('a standard whose source is another group costs, cold, that group and then its members: the system group was read for nothing', async () => {
    const table = organisation.newTableClient();
    const deps = organisation.depsOn(table, NOW);
    const counter = countCalls(table);
    const list = async () => {
      await frame(deps);
      return listPlanningMeetingSlots(organisation.apprenticeActing('counted-own', deps, NOW), 'counted-own', '2027-01-11', '2027-01-15');
    };

    const cold = await list();
    expect(cold.source).toEqual({ type: 'group', groupId: 'own-group' });
    // Permissions; apprentice; standard beside the system group's three EPAs; the group; nothing more, since its members were read.
    expect(counter.seen).toEqual({ roundTrips: 4, calls: { BatchGetItem: 4, Query: 3 } });

    counter.reset();
    await list();
    expect(counter.seen).toEqual({ roundTrips: 2, calls: { BatchGetItem: 2, Query: 2 } });
  });

  it('a direct booking: apprentice, EPA and claims at once, then the transaction; a reschedule: meeting, claims, transaction', async () => {
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
    // Hours are the same in every zone: the EPA's zone is no longer read beside the claims.
    expect(counter.seen).toEqual({ roundTrips: 3, calls: { GetItem: 1, BatchGetItem: 1, TransactWriteItems: 1 } });
  });
});
