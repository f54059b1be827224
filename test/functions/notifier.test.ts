import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError, type EmailChannel } from '#channels/channel-ports.ts';
import { recipientKeyOf } from '#domain/attendees.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { silentLogger } from '#ports/logger.ts';
import { handler } from '../../functions/notify-email/handler.ts';
import { useDependencies } from '../../functions/dependencies.ts';
import { TestApi } from '../support/api-client.ts';
import { createApprentice } from '../support/apprentices.ts';
import { provisionallyBookedEvent } from '../support/planning-meeting-fixture.ts';

const now = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
let meeting: PlanningMeetingEvent['meeting'];
/** What the email channel does with each send, set per test. */
let send: EmailChannel['send'] = async () => {};

beforeAll(async () => {
  api = await TestApi.start({ clock: () => now, logger: silentLogger });
  const apprenticeId = await createApprentice(api, 'notifier-apprentice', { now });
  const booked = await api.post('/planning-meetings', { as: 'demo-ao', body: { apprenticeId, start: '2027-01-22T10:00:00Z', status: 'provisional' } });
  expect(booked.status).toBe(201);
  await api.host.settle();
  meeting = booked.body;
  useDependencies({ ...api.host.deps, channels: { ...api.host.deps.channels, email: { send: (email) => send(email) } } });
});
afterAll(() => api.close());

let events = 0;
/** The booking's change event as EventBridge hands it to the notify-email target, under a fresh id. */
const invocation = (): EventBridgeEvent<string, PlanningMeetingEvent> => {
  events += 1;
  const detail = provisionallyBookedEvent(meeting, `notifier-event-${events}`, now);
  return {
    version: '0',
    id: `0a1b2c3d-${events}`,
    'detail-type': detail.type,
    source: 'planning-meetings',
    account: '123456789012',
    time: detail.occurredAt,
    region: 'eu-west-2',
    resources: [],
    detail,
  };
};

describe('the email notifier, as EventBridge invokes it', () => {
  it('answers when every attendee was sent to', async () => {
    const sent: string[] = [];
    send = async (email) => {
      sent.push(email.to);
    };
    await expect(handler(invocation())).resolves.toBeUndefined();
    expect(sent.sort()).toEqual(meeting.attendees.map((attendee) => attendee.email).sort());
  });

  it('fails the invocation when the set-up is wrong, so Lambda retries and then dead-letters the event', async () => {
    send = async () => {
      throw new ChannelError('AccessDeniedException: not authorized to perform ses:SendEmail', 'configuration', 'AccessDeniedException');
    };
    await expect(handler(invocation())).rejects.toMatchObject({ kind: 'configuration', code: 'AccessDeniedException' });
  });

  it('fails the invocation when a transient failure is left, and not for a refused recipient alone', async () => {
    send = async () => {
      throw new ChannelError('ThrottlingException: slow down', 'transient', 'ThrottlingException');
    };
    await expect(handler(invocation())).rejects.toThrow(/failed transiently; retrying the event/);

    send = async () => {
      throw new ChannelError('MessageRejected: Illegal address', 'permanent', 'MessageRejected');
    };
    await expect(handler(invocation())).resolves.toBeUndefined();
  });

  it('sends again a send that an earlier invocation claimed and never recorded, once its claim is five minutes old', async () => {
    const sent: string[] = [];
    send = async (email) => {
      sent.push(email.to);
    };
    const redelivered = invocation();
    const [stoppedLongAgo, stoppedLately] = meeting.attendees;
    const { notifications } = api.host.deps;
    // An invocation that stopped mid-send six minutes ago, and one a minute ago (as far as anyone knows, still sending).
    expect(await notifications.claimDelivery(redelivered.detail.eventId, recipientKeyOf(stoppedLongAgo!), 'email', now - 6 * 60_000)).toBe(true);
    expect(await notifications.claimDelivery(redelivered.detail.eventId, recipientKeyOf(stoppedLately!), 'email', now - 60_000)).toBe(true);

    await handler(redelivered);
    expect(sent.sort()).toEqual(meeting.attendees.filter((attendee) => attendee !== stoppedLately).map((attendee) => attendee.email).sort());
    expect(await notifications.delivery(redelivered.detail.eventId, recipientKeyOf(stoppedLongAgo!), 'email')).toMatchObject({ status: 'sent', attempts: 2 });

    // Once recorded, a further redelivery sends nothing more.
    sent.length = 0;
    await handler(redelivered);
    expect(sent).toEqual([]);
  });
});

