import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError, type EmailChannel } from '#channels/channel-ports.ts';
import type { EventBus } from '#events/event-bus.ts';
import { publishEvents } from '#use-cases/publish-pending-events.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { silentLogger } from '#ports/logger.ts';
import { deliverNotifications } from '#use-cases/deliver-notifications.ts';
import { emailChannel } from '../../functions/notify-email/channel.ts';
import { publishPendingEvents } from '#use-cases/publish-pending-events.ts';
import { TestApi } from '../support/api-client.ts';
import { createApprentice } from '../support/apprentices.ts';

const now = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;

/** Every put the bus was told, as it was told it, and whether it took it. */
const busPuts: Array<{ events: PlanningMeetingEvent[]; outcome: 'taken' | 'refused' }> = [];
beforeAll(async () => {
  api = await TestApi.start({ clock: () => now, logger: silentLogger });
  const bus = api.host.bus;
  const put = bus.put.bind(bus);
  bus.put = async (entries) => {
    const events = entries.map((entry) => JSON.parse(entry.detail) as PlanningMeetingEvent);
    try {
      const outcome = await put(entries);
      busPuts.push({ events, outcome: 'taken' });
      return outcome;
    } catch (error) {
      busPuts.push({ events, outcome: 'refused' });
      throw error;
    }
  };
});
// An outage set by a test ends with it, also when the test fails.
afterEach(() => {
  api.host.bus.failPuts = 0;
});
afterAll(() => api.close());

/** What the bus was told about one meeting: one outcome per put that carried its events. */
const putsOf = (meetingId: string) => busPuts.filter((put) => put.events.some((event) => event.meetingId === meetingId)).map((put) => put.outcome);
/** The meeting's one change event, as the bus carried it. */
const eventOf = (meetingId: string): PlanningMeetingEvent => {
  const carried = busPuts.flatMap((put) => (put.outcome === 'taken' ? put.events : [])).filter((event) => event.meetingId === meetingId);
  expect(carried).toHaveLength(1);
  return carried[0]!;
};

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
  it('delivers when the bus fails at first: the publisher puts the event again, and stops once the bus takes it', async () => {
    api.host.bus.failPuts = 2;
    const meeting = await book();
    await api.host.settle();
    expect(putsOf(meeting.id)).toEqual(['refused', 'refused', 'taken']);
    expect(emailsFor(meeting.id)).toHaveLength(meeting.attendees.length);
  });

  it('keeps the event in the outbox while the bus is down, and delivers it once the bus is back', async () => {
    api.host.bus.failPuts = 1000;
    const meeting = await book();
    await api.host.settle();
    // The publisher's four attempts, all refused; then it leaves the event pending.
    expect(putsOf(meeting.id)).toEqual(['refused', 'refused', 'refused', 'refused']);
    expect(emailsFor(meeting.id)).toHaveLength(0);
    const pending = await api.host.deps.outbox.pending(100);
    expect(pending.items.map((event) => event.meetingId)).toContain(meeting.id);

    api.host.bus.failPuts = 0;
    await publishPendingEvents(api.host.deps);
    await api.host.settle();
    expect(putsOf(meeting.id)).toEqual(['refused', 'refused', 'refused', 'refused', 'taken']);
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
    const pauses: number[] = [];
    const report = await publishEvents(events, {
      bus,
      logger: silentLogger,
      markPublished: async (ids) => void marked.push(...ids),
      pause: async (attempt) => void pauses.push(attempt),
    });
    expect(seen).toEqual([['e1', 'e2', 'e3'], ['e2']]);
    expect(pauses).toEqual([1]);
    expect(report).toEqual({ published: ['e1', 'e3', 'e2'], failed: [] });
    expect(marked.sort()).toEqual(['e1', 'e2', 'e3']);
  });

  it('gives up on an entry the bus keeps refusing after four attempts, and leaves it unmarked', async () => {
    const events = [1, 2].map((n) => ({ eventId: `e${n}` }) as PlanningMeetingEvent);
    const seen: string[][] = [];
    const bus: EventBus = {
      put: async (entries) => {
        const ids = entries.map((entry) => (JSON.parse(entry.detail) as { eventId: string }).eventId);
        seen.push(ids);
        return { failed: ids.flatMap((id, index) => (id === 'e2' ? [{ index, code: 'InternalFailure', message: 'try again' }] : [])) };
      },
    };
    const marked: string[] = [];
    const pauses: number[] = [];
    const report = await publishEvents(events, {
      bus,
      logger: silentLogger,
      markPublished: async (ids) => void marked.push(...ids),
      pause: async (attempt) => void pauses.push(attempt),
    });
    expect(seen).toEqual([['e1', 'e2'], ['e2'], ['e2'], ['e2']]);
    expect(pauses).toEqual([1, 2, 3]);
    expect(report).toEqual({ published: ['e1'], failed: ['e2'] });
    expect(marked).toEqual(['e1']);
  });
});

describe('exactly once per event, recipient and channel', () => {
  it('the same event delivered three more times sends nothing more: one email per recipient', async () => {
    const meeting = await book();
    await api.host.settle();
    const addresses = meeting.attendees.map((attendee) => attendee.email).sort();
    expect(emailsFor(meeting.id).map((message) => message.to).sort()).toEqual(addresses);
    // Delivered again as the bus would: the very event it carried.
    const event = eventOf(meeting.id);
    expect(event.type).toBe('PlanningMeetingProvisionallyBooked');
    for (let i = 0; i < 3; i += 1) {
      expect(await deliverNotifications(api.host.deps, event, emailChannel.delivery)).toEqual({ sent: 0, skipped: addresses.length, failed: 0, retry: 0 });
    }
    expect(emailsFor(meeting.id).map((message) => message.to).sort()).toEqual(addresses);
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
      const addresses = meeting.attendees.map((attendee) => attendee.email);
      const sent = emailsFor(meeting.id).map((message) => message.to).sort();
      expect(sent).toEqual(addresses.filter((email) => email !== 'ao@demo.example.org').sort());
      // What the channel was asked: the throttled recipient twice in a row (one retry), the refused one once (never retried), the rest once.
      const throttled = calls[0] === 'ao@demo.example.org' ? calls[1]! : calls[0]!;
      expect(calls.filter((to) => to === throttled)).toHaveLength(2);
      expect(calls[calls.indexOf(throttled) + 1]).toBe(throttled);
      expect(calls.filter((to) => to === 'ao@demo.example.org')).toHaveLength(1);
      expect([...calls].sort()).toEqual([...addresses, throttled].sort());
      const { eventId } = eventOf(meeting.id);
      const blockedDelivery = await api.host.deps.notifications.delivery(eventId, 'user:demo-ao', 'email');
      expect(blockedDelivery).toMatchObject({ status: 'failed', attempts: 1 });
      expect(blockedDelivery?.error).toContain('MessageRejected');
    } finally {
      api.host.deps.channels.email = original;
    }
  });
});
