import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError, type EmailChannel } from '#channels/channel-ports.ts';
import type { EventBus } from '#events/event-bus.ts';
import { publishEvents } from '#events/event-publisher.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { silentLogger } from '#ports/logger.ts';
import { deliverNotifications } from '#use-cases/deliver-notifications.ts';
import { publishPendingEvents } from '#use-cases/publish-pending-events.ts';
import { TestApi } from '../support/api-client.ts';
import { createApprentice } from '../support/apprentices.ts';

const now = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => now, logger: silentLogger });
});
afterAll(() => api.close());

let count = 0;
let hour = 9;
const book = async () => {
  count += 1;
  const id = `publish-apprentice-${count}`;
  await createApprentice(api, id, { now, record: { aoContactId: 'demo-ao' } });
  const start = `2027-01-${String(12 + Math.floor(count / 6)).padStart(2, '0')}T${String(10 + (hour++ % 6)).padStart(2, '0')}:00:00Z`;
  const answer = await api.post('/planning-meetings', { as: 'demo-ao', body: { apprenticeId: id, start, status: 'provisional' } });
  expect(answer.status).toBe(201);
  return answer.body as { id: string; attendees: Array<{ email: string }> };
};
const emailsFor = (meetingId: string) => api.host.outbox!.list().filter((message) => message.meetingId === meetingId && message.channel === 'email');

describe('publishing change events', () => {
  it('delivers when the bus fails at first: the publisher retries', async () => {
    api.host.bus!.failPuts = 2;
    const meeting = await book();
    await api.host.settle();
    expect(emailsFor(meeting.id)).toHaveLength(meeting.attendees.length);
  });

  it('keeps the event in the outbox while the bus is down, and delivers it once the bus is back', async () => {
    api.host.bus!.failPuts = 1000;
    const meeting = await book();
    await api.host.settle();
    expect(emailsFor(meeting.id)).toHaveLength(0);
    const pending = await api.host.deps.outbox.pending(100);
    expect(pending.items.map((event) => event.meetingId)).toContain(meeting.id);

    api.host.bus!.failPuts = 0;
    await publishPendingEvents(api.host.deps);
    await api.host.settle();
    expect(emailsFor(meeting.id)).toHaveLength(meeting.attendees.length);
    expect((await api.host.deps.outbox.pending(100)).items.map((event) => event.meetingId)).not.toContain(meeting.id);
  });

  it('sends again only the entries the bus refused', async () => {
    const events = [1, 2, 3].map((n) => ({ eventId: `e${n}` }) as PlanningMeetingEvent);
    const seen: string[][] = [];
    let refuseSecond = true;
    const bus: EventBus = {
      put: async (entries) => {
        seen.push(entries.map((entry) => (JSON.parse(entry.detail) as { eventId: string }).eventId));
        const failed = refuseSecond ? [{ index: 1, code: 'InternalFailure', message: 'try again' }] : [];
        refuseSecond = false;
        return { failed };
      },
    };
    const marked: string[] = [];
    const report = await publishEvents(events, { bus, logger: silentLogger, markPublished: async (ids) => void marked.push(...ids), pause: async () => {} });
    expect(seen).toEqual([['e1', 'e2', 'e3'], ['e2']]);
    expect(report).toEqual({ published: ['e1', 'e3', 'e2'], failed: [] });
    expect(marked.sort()).toEqual(['e1', 'e2', 'e3']);
  });
});

describe('exactly once per event, recipient and channel', () => {
  it('the same event delivered three times sends one email per recipient', async () => {
    const meeting = await book();
    await api.host.settle();
    const first = emailsFor(meeting.id);
    expect(first).toHaveLength(meeting.attendees.length);
    const eventId = first[0]!.eventId;
    const history = await api.host.deps.meetings.history(meeting.id);
    expect(history).toHaveLength(1);
    const stored = api.host.outbox!.list().find((message) => message.eventId === eventId)!;
    // Rebuild the event as the bus would deliver it again.
    const event: PlanningMeetingEvent = {
      eventId,
      type: 'PlanningMeetingProvisionallyBooked',
      meetingId: meeting.id,
      version: 1,
      occurredAt: new Date(now).toISOString().replace('.000', ''),
      actorId: 'demo-ao',
      meeting: (await api.get(`/planning-meetings/${meeting.id}`, { as: 'demo-owner' })).body,
      change: {},
    };
    expect(stored).toBeDefined();
    for (let i = 0; i < 3; i += 1) await deliverNotifications(api.host.deps, event, 'email');
    expect(emailsFor(meeting.id)).toHaveLength(meeting.attendees.length);
  });

  it('retries a transient failure, records a permanent one, and still tells the others', async () => {
    const original = api.host.deps.channels.email;
    const calls: string[] = [];
    let transientLeft = 1;
    const flaky: EmailChannel = {
      send: async (email) => {
        calls.push(email.to);
        if (email.to === 'ao@demo.example.org') throw new ChannelError('MessageRejected: address blocked', 'permanent');
        if (transientLeft > 0) {
          transientLeft -= 1;
          throw new ChannelError('ThrottlingException: slow down', 'transient');
        }
        await original.send(email);
      },
    };
    api.host.deps.channels.email = flaky;
    try {
      const meeting = await book();
      await api.host.settle();
      const sent = emailsFor(meeting.id).map((message) => message.to).sort();
      expect(sent).toEqual(meeting.attendees.map((attendee) => attendee.email).filter((email) => email !== 'ao@demo.example.org').sort());
      const eventId = (await api.host.deps.meetings.history(meeting.id))[0]!;
      expect(eventId.type).toBe('PlanningMeetingProvisionallyBooked');
      const blockedDelivery = await api.host.deps.notifications.delivery(
        api.host.outbox!.list().find((message) => message.meetingId === meeting.id)!.eventId,
        'user:demo-ao',
        'email',
      );
      expect(blockedDelivery).toMatchObject({ status: 'failed', attempts: 1 });
      expect(blockedDelivery?.error).toContain('MessageRejected');
    } finally {
      api.host.deps.channels.email = original;
    }
  });
});
