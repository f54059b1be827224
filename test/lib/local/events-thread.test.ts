import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '#ports/logger.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { busEntryOf } from '#events/event-bus.ts';
import { eventKey } from '#store/keys.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEventsThread } from '#local/events-thread.ts';
import { TestApi } from '../../support/api-client.ts';
import { createApprentice } from '../../support/apprentices.ts';

// The pipeline's thread keeps real time, so this host does too; slots are found, not assumed.
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ eventsOnThread: true, logger: silentLogger });
  // Before any notification: the thread reads the settings as a separate function would (decision 0004).
  const current = await api.get('/configuration/notifications', { as: 'demo-owner' });
  const { version, updatedAt: _at, updatedBy: _by, ...configuration } = current.body;
  configuration.types.meetingInvite.channels = ['email', 'inApp'];
  const saved = await api.put('/configuration/notifications', { as: 'demo-owner', body: configuration, headers: { 'if-match': `"${version}"` } });
  expect(saved.status).toBe(200);
});
afterAll(() => api.close());

const day = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

const bookSomething = async (apprenticeId: string) => {
  await createApprentice(api, apprenticeId, { now: Date.now(), record: { aoContactId: 'demo-ao' } });
  const slots = await api.get(`/apprentices/${apprenticeId}/planning-meeting-slots?from=${day(7)}&to=${day(21)}`, { as: 'demo-ao' });
  expect(slots.status).toBe(200);
  const start = (slots.body.slots as Array<{ start: string }>)[0]!.start;
  const booked = await api.post('/planning-meetings', { as: 'demo-ao', body: { apprenticeId, start, status: 'provisional' } });
  expect(booked.status).toBe(201);
  return booked.body as { id: string; attendees: Array<{ email: string }> };
};

const emailsOf = async (meetingId: string) => {
  const listing = await api.get('/local/outbox');
  return (listing.body.messages as Array<{ meetingId: string; channel: string; to: string }>).filter(
    (message) => message.meetingId === meetingId && message.channel === 'email',
  );
};

describe('the events pipeline on its own thread', () => {
  it('has no outbox or bus in the server thread', () => {
    expect(api.host.outbox).toBeUndefined();
    expect(api.host.bus).toBeUndefined();
  });

  it('publishes a booking and sends every attendee one email with the invite', async () => {
    const meeting = await bookSomething('thread-apprentice-1');
    await api.host.settle();
    const emails = await emailsOf(meeting.id);
    expect(emails.map((email) => email.to).sort()).toEqual(meeting.attendees.map((attendee) => attendee.email).sort());
    expect((await api.host.deps.meetings.pendingEvents(100)).items.map((event) => event.meetingId)).not.toContain(meeting.id);
  });

  it('takes a republished event through the server thread’s bus and sends nothing twice', async () => {
    const meeting = await bookSomething('thread-apprentice-2');
    await api.host.settle();
    const before = await emailsOf(meeting.id);
    expect(before.length).toBe(meeting.attendees.length);

    // The sweeper republishes through deps.bus: here it crosses to the thread. The event item
    // stays in the table after publishing, so the very event can be sent again.
    const eventId = (before[0] as unknown as { eventId: string }).eventId;
    const { Item } = await api.host.table.documents.send(new GetCommand({ TableName: api.host.table.tableName, Key: eventKey(eventId) }));
    const event = Item?.detail as PlanningMeetingEvent;
    expect(event.meetingId).toBe(meeting.id);
    const outcome = await api.host.deps.bus.put([busEntryOf(event)]);
    expect(outcome.failed).toEqual([]);
    await api.host.settle();
    expect(await emailsOf(meeting.id)).toHaveLength(before.length);
  });

  it('stores the in-app notification of an approval in the table, where the apprentice reads it', async () => {
    const meeting = await bookSomething('thread-apprentice-3');
    expect((await api.post(`/planning-meetings/${meeting.id}/approve`, { as: 'demo-owner' })).status).toBe(200);
    await api.host.settle();
    const inApp = await api.get('/me/notifications', { as: 'thread-apprentice-3' });
    expect(inApp.status).toBe(200);
    expect((inApp.body.items as Array<{ meetingId: string }>).some((item) => item.meetingId === meeting.id)).toBe(true);
  });

  it('refuses to start, instead of hanging, when its thread fails before it is ready', async () => {
    const notADirectory = join(mkdtempSync(join(tmpdir(), 'events-thread-')), 'a-file');
    writeFileSync(notADirectory, 'not a directory');
    await expect(
      startEventsThread({ tableName: api.host.table.tableName, endpoint: 'http://127.0.0.1:9', dataDirectory: notADirectory }, silentLogger),
    ).rejects.toThrow();
  });

  it('answers first: sends nothing while an API request is being answered, then at once when it ends', async () => {
    api.host.apiActivity.begin();
    let ended = false;
    try {
      const meeting = await bookSomething('thread-apprentice-quiet');
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await emailsOfHeld(meeting.id)).toEqual([]);
      api.host.apiActivity.end();
      ended = true;
      const endedAt = performance.now();
      await api.host.settle();
      expect((await emailsOf(meeting.id)).length).toBe(meeting.attendees.length);
      expect(performance.now() - endedAt).toBeLessThan(1_200);
    } finally {
      if (!ended) api.host.apiActivity.end();
    }
  });

  it('does not wait for a pause for ever: under endless API requests the notifications are a few seconds late, not lost', async () => {
    api.host.apiActivity.begin();
    try {
      const meeting = await bookSomething('thread-apprentice-busy');
      await api.host.settle();
      expect((await emailsOf(meeting.id)).length).toBe(meeting.attendees.length);
    } finally {
      api.host.apiActivity.end();
    }
  }, 15_000);
});

/** The outbox as it is, without waiting for the pipeline (GET /local/outbox settles first). */
const emailsOfHeld = async (meetingId: string) =>
  (await api.host.outboxListing()).messages.filter((message) => message.meetingId === meetingId && message.channel === 'email');
