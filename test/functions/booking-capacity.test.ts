import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusOfCode } from '#api/problem.ts';
import type { CapacityChange } from '#use-cases/capacity-inputs.ts';
import { saveCapacityChanges } from '#use-cases/booking-capacity.ts';
import type { Actor } from '#ports/actor.ts';
import { TestApi } from '../support/api-client.ts';
import { createApprentice } from '../support/apprentices.ts';

const NOW = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
});
afterAll(() => api.close());

let count = 0;
const provisional = async (start: string) => {
  count += 1;
  const id = `capacity-apprentice-${count}`;
  await createApprentice(api, id, { now: NOW });
  const answer = await api.post('/planning-meetings', { as: 'demo-ao', body: { apprenticeId: id, start, status: 'provisional' } });
  expect(answer.status).toBe(201);
  return answer.body;
};

describe('GET /capacity', () => {
  it('shows available and booked minutes, utilisation and the meetings per EPA and day', async () => {
    const meeting = await provisional('2027-01-11T09:00:00Z');
    const view = await api.get('/capacity?from=2027-01-11&to=2027-01-12', { as: 'demo-owner' });
    expect(view.status).toBe(200);
    expect(view.body.days).toHaveLength(6); // three EPAs of the system group × two days
    const day = view.body.days.find((row: { epaId: string; date: string }) => row.epaId === meeting.epaId && row.date === '2027-01-11');
    expect(day).toMatchObject({ availableMinutes: 420, bookedMinutes: 60, utilisation: 0.143 });
    expect(day.meetings.map((m: { id: string }) => m.id)).toEqual([meeting.id]);
    const epa2 = view.body.days.find((row: { epaId: string; date: string }) => row.epaId === 'epa-2' && row.date === '2027-01-11');
    expect(epa2.availableMinutes).toBe(360);
  });

  it('filters by EPA and needs ManagePlanningCapacity', async () => {
    const view = await api.get('/capacity?from=2027-01-11&to=2027-01-11&epaId=epa-2', { as: 'demo-ao' });
    expect(view.body.days.map((row: { epaId: string }) => row.epaId)).toEqual(['epa-2']);
    expect((await api.get('/capacity?from=2027-01-11&to=2027-01-11', { as: 'epa-1' })).status).toBe(403);
    expect((await api.get('/capacity?from=2027-01-11&to=2027-05-11', { as: 'demo-owner' })).status).toBe(400);
  });
});

describe('POST /capacity/changes', () => {
  it('saves items on different meetings side by side but keeps the order of items on one meeting', async () => {
    const [a, b, c] = await Promise.all([
      provisional('2027-01-15T09:00:00Z'),
      provisional('2027-01-15T10:00:00Z'),
      provisional('2027-01-15T11:00:00Z'),
    ]);
    // Each of a's items names the version the one before it leaves: run out of order, one is a 412.
    const answer = await api.post('/capacity/changes', {
      as: 'demo-owner',
      body: {
        items: [
          { action: 'approve', meetingId: a!.id, ifVersion: 1 },
          { action: 'approve', meetingId: b!.id, ifVersion: 1 },
          { action: 'reschedule', meetingId: a!.id, ifVersion: 2, start: '2027-01-15T14:00:00Z' },
          { action: 'approve', meetingId: c!.id, ifVersion: 1 },
          { action: 'reschedule', meetingId: a!.id, ifVersion: 3, start: '2027-01-15T15:00:00Z' },
        ],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r: { meetingId: string; status: number }) => [r.meetingId, r.status])).toEqual([
      [a!.id, 200],
      [b!.id, 200],
      [a!.id, 200],
      [c!.id, 200],
      [a!.id, 200],
    ]);
    expect(answer.body.results[4].meeting).toMatchObject({ version: 4, start: '2027-01-15T15:00:00Z', status: 'confirmed' });
  });

  it('answers each item on its own: approve, reject, reassign, reschedule, and a stale one', async () => {
    const [a, b, c, d, e] = await Promise.all([
      provisional('2027-01-13T09:00:00Z'),
      provisional('2027-01-13T10:00:00Z'),
      provisional('2027-01-13T11:00:00Z'),
      provisional('2027-01-14T09:00:00Z'),
      provisional('2027-01-14T10:00:00Z'),
    ]);
    const other = c!.epaId === 'epa-2' ? 'epa-3' : 'epa-2';
    const answer = await api.post('/capacity/changes', {
      as: 'demo-owner',
      headers: { 'idempotency-key': 'batch-1' },
      body: {
        items: [
          { action: 'approve', meetingId: a!.id, ifVersion: 1 },
          { action: 'reject', meetingId: b!.id, ifVersion: 1, reason: 'EPA on leave' },
          { action: 'reassign', meetingId: c!.id, ifVersion: 1, epaId: other },
          { action: 'reschedule', meetingId: d!.id, ifVersion: 1, start: '2027-01-14T14:00:00Z' },
          { action: 'approve', meetingId: e!.id, ifVersion: 9 },
          { action: 'approve', meetingId: 'missing', ifVersion: 1 },
        ],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r: { status: number }) => r.status)).toEqual([200, 200, 200, 200, 412, 404]);
    expect(answer.body.results[0].meeting.status).toBe('confirmed');
    expect(answer.body.results[1].meeting).toMatchObject({ status: 'rejected', reason: 'EPA on leave' });
    expect(answer.body.results[2].meeting.epaId).toBe(other);
    expect(answer.body.results[3].meeting).toMatchObject({ start: '2027-01-14T14:00:00Z', end: '2027-01-14T15:00:00Z' });
    expect(answer.body.results[4].problem.code).toBe('VERSION_MISMATCH');
    expect((await api.get(`/planning-meetings/${e!.id}`, { as: 'demo-owner' })).body.status).toBe('provisional');

    const replay = await api.post('/capacity/changes', {
      as: 'demo-owner',
      headers: { 'idempotency-key': 'batch-1' },
      body: { items: [{ action: 'approve', meetingId: a!.id, ifVersion: 1 }, { action: 'reject', meetingId: b!.id, ifVersion: 1, reason: 'EPA on leave' }, { action: 'reassign', meetingId: c!.id, ifVersion: 1, epaId: other }, { action: 'reschedule', meetingId: d!.id, ifVersion: 1, start: '2027-01-14T14:00:00Z' }, { action: 'approve', meetingId: e!.id, ifVersion: 9 }, { action: 'approve', meetingId: 'missing', ifVersion: 1 }] },
    });
    expect(replay.body).toEqual(answer.body);
  });

  it('runs one batch sent three times at once with one Idempotency-Key once, and answers all three alike', async () => {
    const meetings = await Promise.all(['2027-01-15T09:00:00Z', '2027-01-15T10:00:00Z', '2027-01-15T11:00:00Z'].map(provisional));
    const body = { items: meetings.map((meeting) => ({ action: 'approve', meetingId: meeting!.id, ifVersion: 1 })) };
    const answers = await Promise.all(
      [1, 2, 3].map(() => api.post('/capacity/changes', { as: 'demo-owner', headers: { 'idempotency-key': 'batch-at-once' }, body })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    // Run twice, the second run's items would be 412 (version 2 by then); every answer is the first run's.
    for (const answer of answers) expect(answer.body.results.map((r: { status: number }) => r.status)).toEqual([200, 200, 200]);
    expect(answers[1]!.body).toEqual(answers[0]!.body);
    expect(answers[2]!.body).toEqual(answers[0]!.body);
    for (const meeting of meetings) {
      const history = await api.get(`/planning-meetings/${meeting!.id}/history`, { as: 'demo-owner' });
      expect(history.body.entries.map((entry: { type: string }) => entry.type)).toEqual(['PlanningMeetingProvisionallyBooked', 'PlanningMeetingApproved']);
    }
  });

  it('answers a different batch under a key still in use 422, and a key left running by a stopped process runs again after its lease', async () => {
    const meeting = await provisional('2027-01-15T12:00:00Z');
    const body = { items: [{ action: 'approve', meetingId: meeting.id, ifVersion: 1 }] };
    // A process took this key and stopped before answering, long enough ago for its lease to have run out.
    const long = NOW - 120_000;
    expect(await api.host.deps.idempotency.reserve('demo-owner', 'capacity:left-running', 'another-hash', 'stopped', long, 60_000)).toEqual({ kind: 'reserved', owner: 'stopped' });
    const different = await api.post('/capacity/changes', { as: 'demo-owner', headers: { 'idempotency-key': 'left-running' }, body });
    expect(different.status).toBe(200);
    expect(different.body.results[0].status).toBe(200);

    // One that is still running, for another batch: 422, and nothing changes.
    expect(await api.host.deps.idempotency.reserve('demo-owner', 'capacity:running', 'another-hash', 'other', NOW, 60_000)).toEqual({ kind: 'reserved', owner: 'other' });
    const refused = await api.post('/capacity/changes', { as: 'demo-owner', headers: { 'idempotency-key': 'running' }, body });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('lets only the holder of a key answer it or give it back, not one whose lease another took over', async () => {
    const { idempotency } = api.host.deps;
    expect(await idempotency.reserve('demo-owner', 'capacity:taken-over', 'h', 'first', NOW - 120_000, 60_000)).toEqual({ kind: 'reserved', owner: 'first' });
    expect(await idempotency.reserve('demo-owner', 'capacity:taken-over', 'h', 'second', NOW, 60_000)).toEqual({ kind: 'reserved', owner: 'second' });
    await idempotency.release('demo-owner', 'capacity:taken-over', 'first');
    await idempotency.rememberAnswer('demo-owner', 'capacity:taken-over', 'first', { status: 200, body: { from: 'first' } });
    expect(await idempotency.reserve('demo-owner', 'capacity:taken-over', 'h', 'third', NOW, 60_000)).toEqual({ kind: 'running', requestHash: 'h' });
    await idempotency.rememberAnswer('demo-owner', 'capacity:taken-over', 'second', { status: 200, body: { from: 'second' } });
    expect(await idempotency.reserve('demo-owner', 'capacity:taken-over', 'h', 'fourth', NOW, 60_000)).toEqual({
      kind: 'answered',
      requestHash: 'h',
      answer: { status: 200, body: { from: 'second' } },
    });
  });

  it('refuses more than 50 items and an unknown action', async () => {
    const items = Array.from({ length: 51 }, (_, i) => ({ action: 'approve', meetingId: `m${i}`, ifVersion: 1 }));
    expect((await api.post('/capacity/changes', { as: 'demo-owner', body: { items } })).status).toBe(400);
    expect((await api.post('/capacity/changes', { as: 'demo-owner', body: { items: [{ action: 'delete', meetingId: 'x', ifVersion: 1 }] } })).status).toBe(400);
  });
});

describe('a duplicate of a batch that is still running', () => {
  /** The owner at an instant of its own: each of the duplicate's pauses moves that clock on instead of sleeping. */
  const ownerOnAClock = () => {
    let now = NOW;
    const pauses: number[] = [];
    const actor: Actor = {
      caller: { userId: 'demo-owner', roles: ['owner'] },
      permissions: new Set(['ManagePlanningCapacity', 'ManagePlanningMeetings']),
      now,
      deps: { ...api.host.deps, clock: () => now },
    };
    const pause = async (ms: number) => {
      pauses.push(ms);
      now += ms;
    };
    return { actor, pause, pauses };
  };
  const batchOf = async (start: string): Promise<{ meetingId: string; items: CapacityChange[]; hash: string }> => {
    const meeting = await provisional(start);
    const items: CapacityChange[] = [{ action: 'approve', meetingId: meeting.id, ifVersion: 1 }];
    return { meetingId: meeting.id, items, hash: createHash('sha256').update(JSON.stringify(items)).digest('base64url') };
  };
  const statusOf = async (meetingId: string) => (await api.get(`/planning-meetings/${meetingId}`, { as: 'demo-owner' })).body.status;

  it('looks 25 times, 200 ms apart, then is told to send it again (409 IDEMPOTENCY_KEY_IN_USE), and changes nothing', async () => {
    const { meetingId, items, hash } = await batchOf('2027-01-15T13:00:00Z');
    expect(await api.host.deps.idempotency.reserve('demo-owner', 'capacity:slow', hash, 'slow', NOW, 60_000)).toEqual({ kind: 'reserved', owner: 'slow' });
    const { actor, pause, pauses } = ownerOnAClock();
    await expect(saveCapacityChanges(actor, items, 'slow', { pause })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE' });
    expect(pauses).toEqual(Array.from({ length: 24 }, () => 200));
    expect(statusOfCode.IDEMPOTENCY_KEY_IN_USE).toBe(409);
    expect(await statusOf(meetingId)).toBe('provisional');
  });

  it('gets the first run’s answer when it comes while the duplicate waits', async () => {
    const { meetingId, items, hash } = await batchOf('2027-01-15T14:00:00Z');
    await api.host.deps.idempotency.reserve('demo-owner', 'capacity:first-answers', hash, 'first', NOW, 60_000);
    const { actor, pauses } = ownerOnAClock();
    const firstAnswer = { results: [{ meetingId, action: 'approve', answeredBy: 'the first run' }] };
    const pause = async (ms: number) => {
      pauses.push(ms);
      if (pauses.length === 3) await api.host.deps.idempotency.rememberAnswer('demo-owner', 'capacity:first-answers', 'first', { status: 200, body: firstAnswer });
    };
    expect(await saveCapacityChanges(actor, items, 'first-answers', { pause })).toEqual(firstAnswer);
    expect(pauses).toHaveLength(3);
    expect(await statusOf(meetingId)).toBe('provisional');
  });

  it('takes over a key whose lease runs out while it waits (the clock is read at each look), and runs the batch once', async () => {
    const { meetingId, items, hash } = await batchOf('2027-01-15T15:00:00Z');
    // Taken 59 seconds ago by a process that stopped: its 60-second lease runs out one second from now.
    await api.host.deps.idempotency.reserve('demo-owner', 'capacity:lapsing', hash, 'stopped', NOW - 59_000, 60_000);
    const { actor, pause, pauses } = ownerOnAClock();
    const answer = await saveCapacityChanges(actor, items, 'lapsing', { pause });
    expect(answer.results.map((result) => [result.meetingId, result.meeting?.status])).toEqual([[meetingId, 'confirmed']]);
    expect(pauses).toEqual([200, 200, 200, 200, 200]);
    const history = await api.get(`/planning-meetings/${meetingId}/history`, { as: 'demo-owner' });
    expect(history.body.entries.map((entry: { type: string }) => entry.type)).toEqual(['PlanningMeetingProvisionallyBooked', 'PlanningMeetingApproved']);
  });
});
