import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTENDEES_LIMIT } from '#domain/configuration.ts';
import type { Attendee, PlanningMeeting } from '#domain/planning-meeting.ts';
import { MAX_LOCATION_LENGTH, MAX_NAME_LENGTH, MAX_NOTES_LENGTH, MAX_REASON_LENGTH } from '#domain/planning-meeting.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { MeetingRepository } from '#store/meetings.ts';
import type { TableClient } from '#store/table-client.ts';
import { eventsOf, historyOf } from '#use-cases/meeting-writes.ts';
import { sweepProvisionalMeetings } from '#use-cases/sweep-provisional-meetings.ts';
import { itemSize } from '../../bench/item-size.ts';
import { TestApi } from '../support/api-client.ts';

/**
 * No meeting item and no change event may come near DynamoDB's 400 KB item limit (the
 * issue this answers: a meeting of 848 guests could no longer be changed, 503). Every
 * text a meeting holds is bounded and a meeting has at most 50 attendees; here is what
 * that allows, worked out from the bounds, and the largest meeting the API accepts taken
 * through every kind of change, each item measured as the store was asked to write it.
 */

const ITEM_LIMIT = 400 * 1024;
/** What every item must stay under: a quarter of the limit, so a field added later has room before anything breaks. */
const BUDGET = ITEM_LIMIT / 4;

/** A character that takes 3 bytes in UTF-8 and one unit of a zod length: the most bytes a bounded text can take. */
const WIDE = '€';
const wide = (length: number, prefix = ''): string => prefix + WIDE.repeat(length - prefix.length);
/** An address of exactly 254 characters (the Email bound), distinct per `tag`. */
const longEmail = (tag: string): string => {
  const local = `${tag}-${'l'.repeat(60)}`.slice(0, 64);
  const domain = `${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(254 - local.length - 1 - 63 - 1 - 63 - 1 - 4)}.org`;
  return `${local}@${domain}`;
};
const ID_LENGTH = 128;
const longId = (tag: string): string => `${tag}-`.padEnd(ID_LENGTH, 'x');

describe('the worst case, from the bounds', () => {
  // Every field at its bound: ids at 128 characters, a caller's `sub` at OpenID Connect's 255,
  // every name 200 three-byte characters, every address 254, every phone E.164's 15 digits,
  // the longest time zone name; the longest location,
  // notes and reason; and 50 attendees, each a directory user (a user carries more than a guest).
  const SUB = 's'.repeat(255);
  const attendee = (n: number): Attendee => ({
    id: '00000000-0000-4000-8000-000000000000',
    kind: 'user',
    userId: longId(`user-${n}`),
    role: 'awardingorganisation',
    name: wide(MAX_NAME_LENGTH),
    email: longEmail(`a${n}`),
    phone: `+${'9'.repeat(15)}`,
    timeZone: 'America/Argentina/ComodRivadavia',
  });
  const meeting: PlanningMeeting = {
    id: '00000000-0000-4000-8000-000000000001',
    apprenticeId: longId('apprentice'),
    standardId: longId('standard'),
    epaId: longId('epa'),
    start: '2027-01-04T09:00:00Z',
    end: '2027-01-04T17:00:00Z',
    status: 'provisional',
    version: 999_999,
    attendees: Array.from({ length: MAX_ATTENDEES_LIMIT }, (_, n) => attendee(n)),
    location: wide(MAX_LOCATION_LENGTH),
    notes: wide(MAX_NOTES_LENGTH),
    reason: wide(MAX_REASON_LENGTH),
    createdAt: '2027-01-01T10:00:00Z',
    createdBy: SUB,
    updatedAt: '2027-01-02T10:00:00Z',
    updatedBy: SUB,
  };
  // A change carries at most all of this besides the meeting: a reassignment writes three events at once.
  const change = {
    previousStart: meeting.start,
    previousEnd: meeting.end,
    previousEpaId: longId('previous-epa'),
    previousStatus: 'provisional',
    fields: ['start', 'end', 'location', 'notes', 'epaId'],
    attendee: attendee(99),
    reason: wide(MAX_REASON_LENGTH),
  };

  it('keeps the meeting item, each event, each history entry and the idempotency record under a quarter of 400 KB', async () => {
    const written: Array<Record<string, unknown>> = [];
    const capturing = { tableName: 'worst-case', documents: { send: async (command: { input: { TransactItems: Array<{ Put?: { Item: Record<string, unknown> } }> } }) => {
      for (const item of command.input.TransactItems) if (item.Put) written.push(item.Put.Item);
      return {};
    } } } as unknown as TableClient;
    let id = 0;
    const events: PlanningMeetingEvent[] = eventsOf({ newId: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}` }, meeting, [
      { type: 'PlanningMeetingUpdated', change },
      { type: 'PlanningMeetingAttendeeRemoved', change },
      { type: 'PlanningMeetingAttendeeAdded', change },
    ], SUB, Date.parse('2027-01-02T10:00:00Z'));
    await new MeetingRepository(capturing).commit({
      meeting,
      claimUnits: Array.from({ length: 10 }, (_, hour) => `2027-01-04T${String(hour).padStart(2, '0')}@America/Argentina/ComodRivadavia`),
      expectedVersion: meeting.version - 1,
      claims: [],
      history: historyOf(events),
      events,
      idempotency: { scope: SUB, key: `book:${'k'.repeat(255)}`, requestHash: 'h'.repeat(43), answer: { status: 201, body: meeting }, expiresAt: 1_800_000_000 },
    });
    const largest = new Map<string, number>();
    for (const item of written) largest.set(String(item.entity), Math.max(largest.get(String(item.entity)) ?? 0, itemSize(item)));
    console.info(`worst case from the bounds, bytes per item: ${[...largest].map(([entity, bytes]) => `${entity} ${bytes}`).join(', ')}`);
    expect([...largest.keys()].sort()).toEqual(['activeMeeting', 'event', 'history', 'idempotency', 'meeting']);
    for (const [entity, bytes] of largest) expect(bytes, entity).toBeLessThan(BUDGET);
    // The whole transaction is far below TransactWriteItems' 4 MB too.
    expect(written.reduce((sum, item) => sum + itemSize(item), 0)).toBeLessThan(1024 * 1024);
  });
});

describe('the largest meeting the API accepts, through every kind of change', () => {
  /** Wednesday 6 January 2027, 10:00 GMT. */
  const now = Date.parse('2027-01-06T10:00:00Z');
  let api: TestApi;
  let restore: Record<string, unknown>;
  /** The largest item of each kind the store was asked to write, over every change. */
  const largest = new Map<string, number>();
  const statuses: string[] = [];

  const apprenticeId = longId('largest-apprentice');
  const aoId = longId('largest-ao');
  const epaId = longId('largest-epa');
  const namedUserIds = Array.from({ length: 45 }, (_, n) => longId(`largest-user-${n}`));
  /** E.164 at its longest: 15 digits. */
  const LONG_PHONE = '+447700900123456';

  const user = (tag: string, roles: string[]) => ({
    name: wide(MAX_NAME_LENGTH, `${tag} `),
    email: longEmail(tag),
    phone: LONG_PHONE,
    roles,
    timeZone: 'America/Argentina/ComodRivadavia',
  });
  const contact = (tag: string) => ({ name: wide(MAX_NAME_LENGTH, `${tag} `), email: longEmail(tag), phone: LONG_PHONE });
  // 45 directory users and the two shortcuts: with the apprentice, the EPA and the AO contact, 50.
  const named = [...namedUserIds.map((userId) => ({ userId })), { shortcut: 'workplaceMentor' }, { shortcut: 'onProgrammeAssessor' }];
  const text = { location: wide(MAX_LOCATION_LENGTH, 'Room '), notes: wide(MAX_NOTES_LENGTH, 'Notes\n') };
  const reason = (tag: string) => wide(MAX_REASON_LENGTH, `${tag}: `);
  const idempotencyKey = (tag: string) => `${tag.replaceAll(' ', '-')}-`.padEnd(255, 'k');

  beforeAll(async () => {
    api = await TestApi.start({ clock: () => now });
    const by = { by: 'test', now };
    await api.host.deps.records.put('user', apprenticeId, user('apprentice', ['apprentice']), by);
    await api.host.deps.records.put('apprentice', apprenticeId, {
      standardId: 'ST0116',
      epaId: null,
      aoContactId: aoId,
      workplaceMentor: contact('mentor'),
      onProgrammeAssessor: contact('assessor'),
    }, by);
    await api.host.deps.records.put('user', aoId, user('ao', ['awardingorganisation']), by);
    await api.host.deps.records.put('user', epaId, user('epa', ['epa']), by);
    for (const [n, userId] of namedUserIds.entries()) await api.host.deps.records.put('user', userId, user(`u${n}`, ['trainingprovider']), by);
    const { version: _version, ...before } = (await api.get('/configuration/availability', { as: 'demo-owner' })).body;
    restore = before;
    expect((await api.put('/configuration/availability', { as: 'demo-owner', body: { ...before, maxAttendeesPerMeeting: MAX_ATTENDEES_LIMIT } })).status).toBe(200);

    // Every item the store is asked to write from here on, measured as sent.
    const documents = api.host.table.documents;
    const send = documents.send.bind(documents) as (command: unknown) => Promise<unknown>;
    const measure = (item: Record<string, unknown> | undefined) => {
      if (!item) return;
      const kind = String(item.entity ?? String(item.pk).split('#')[0]);
      largest.set(kind, Math.max(largest.get(kind) ?? 0, itemSize(item)));
    };
    (documents as { send: (command: unknown) => Promise<unknown> }).send = (command: unknown) => {
      const input = (command as { input?: { TransactItems?: Array<{ Put?: { Item: Record<string, unknown> } }>; Item?: Record<string, unknown> } }).input;
      for (const part of input?.TransactItems ?? []) measure(part.Put?.Item);
      measure(input?.Item);
      return send(command);
    };
  }, 60_000);
  afterAll(async () => {
    if (restore) await api.put('/configuration/availability', { as: 'demo-owner', body: restore });
    await api.close();
  });

  /** Sends a change and settles its notifications; never a 5xx. */
  const change = async (what: string, method: 'post' | 'patch' | 'delete', path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) => {
    const answer = await api[method]<any>(path, { as: 'demo-owner', ...options });
    statuses.push(`${what} ${answer.status}`);
    expect(answer.status, `${what}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBeLessThan(500);
    await api.host.settle();
    return answer;
  };
  const bookFull = async (what: string, body: Record<string, unknown>) => {
    const booked = await change(what, 'post', '/planning-meetings', { body: { apprenticeId, attendees: named, ...text, ...body }, headers: { 'idempotency-key': idempotencyKey(what) } });
    expect(booked.status, `${what}: ${JSON.stringify(booked.body).slice(0, 400)}`).toBe(201);
    expect(booked.body.attendees).toHaveLength(MAX_ATTENDEES_LIMIT);
    return booked.body as PlanningMeeting;
  };

  it('provisional booking, update, capacity reassign, attendee removed and added, reschedule and rejection', async () => {
    const meeting = await bookFull('provisional booking', { start: '2027-01-18T10:00:00Z', status: 'provisional' });
    const updated = await change('update', 'patch', `/planning-meetings/${meeting.id}`, { body: { notes: wide(MAX_NOTES_LENGTH, 'Other notes '), location: wide(MAX_LOCATION_LENGTH, 'Hall ') } });
    expect(updated.status).toBe(200);
    expect(updated.body.epaId).toBe(meeting.epaId);
    const reassigned = await change('capacity reassign', 'post', '/capacity/changes', {
      body: { items: [{ action: 'reassign', meetingId: meeting.id, ifVersion: updated.body.version, epaId }] },
    });
    expect(reassigned.body.results[0].meeting).toMatchObject({ epaId });
    const guest = reassigned.body.results[0].meeting.attendees.find((attendee: Attendee) => attendee.role === 'workplaceMentor');
    expect((await change('attendee removed', 'delete', `/planning-meetings/${meeting.id}/attendees/${guest.id}`)).status).toBe(200);
    const added = await change('attendee added', 'post', `/planning-meetings/${meeting.id}/attendees`, { body: { guest: { ...contact('guest'), role: 'other' } } });
    expect(added.status).toBe(200);
    expect(added.body.attendees).toHaveLength(MAX_ATTENDEES_LIMIT);
    const oneMore = await change('attendee over the limit', 'post', `/planning-meetings/${meeting.id}/attendees`, { body: { guest: { ...contact('more'), role: 'other' } } });
    expect(oneMore.body.code).toBe('ATTENDEE_LIMIT');
    expect((await change('provisional reschedule', 'patch', `/planning-meetings/${meeting.id}`, { body: { start: '2027-01-18T15:00:00Z' } })).status).toBe(200);
    const rejected = await change('rejection', 'post', `/planning-meetings/${meeting.id}/reject`, { body: { reason: reason('Rejected') } });
    expect(rejected.status).toBe(200);
    // The reason reaches the rejected email, whole.
    const emails = api.host.outbox.list().filter((message) => message.meetingId === meeting.id && message.notificationType === 'meetingRejected');
    expect(emails).toHaveLength(MAX_ATTENDEES_LIMIT);
    expect(emails[0]!.text).toContain(reason('Rejected'));
  }, 120_000);

  it('approval, reschedule of a confirmed meeting and cancellation', async () => {
    const meeting = await bookFull('provisional booking again', { start: '2027-01-19T10:00:00Z', status: 'provisional' });
    expect((await change('approval', 'post', `/planning-meetings/${meeting.id}/approve`, { body: { reason: reason('Approved') } })).status).toBe(200);
    const rescheduled = await change('reschedule', 'patch', `/planning-meetings/${meeting.id}`, { body: { start: '2027-01-19T15:00:00Z' } });
    expect(rescheduled.status).toBe(200);
    expect((await change('cancellation', 'post', `/planning-meetings/${meeting.id}/cancel`, { body: { reason: reason('Cancelled') } })).status).toBe(200);
  }, 120_000);

  it('expiry by the sweeper', async () => {
    const meeting = await bookFull('provisional booking to expire', { start: '2027-01-20T10:00:00Z', status: 'provisional' });
    // The sweep's own clock: the hold of 72 hours is over (the host's stays, and with it the callers' tokens).
    const report = await sweepProvisionalMeetings(api.host.deps, now + 73 * 3_600_000);
    await api.host.settle();
    expect(report.expired).toContain(meeting.id);
    expect((await api.get(`/planning-meetings/${meeting.id}`, { as: 'demo-owner' })).body.status).toBe('expired');
  }, 120_000);

  it('direct booking and its cancellation', async () => {
    const meeting = await bookFull('direct booking', { start: '2027-01-25T10:00:00Z', end: '2027-01-25T18:00:00Z', status: 'confirmed', epaId });
    expect((await change('direct cancellation', 'post', `/planning-meetings/${meeting.id}/cancel`, { body: { reason: reason('Cancelled') } })).status).toBe(200);
  }, 120_000);

  it('every item written stayed under a quarter of 400 KB, and every notification went out', async () => {
    await api.host.settle();
    expect(api.host.bus.deadLetters).toEqual([]);
    console.info(`largest legal meeting, bytes per item written: ${[...largest].sort((a, b) => b[1] - a[1]).map(([kind, bytes]) => `${kind} ${bytes}`).join(', ')}`);
    console.info(`changes answered: ${statuses.join('; ')}`);
    expect(largest.get('meeting')).toBeGreaterThan(50 * 1024);
    expect(largest.has('event')).toBe(true);
    for (const [kind, bytes] of largest) expect(bytes, kind).toBeLessThan(BUDGET);
  });
});
