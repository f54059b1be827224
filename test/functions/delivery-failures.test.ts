import { BadRequestException, MessageRejected, SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError } from '#channels/channel-ports.ts';
import { SesEmailChannel } from '#channels/ses-email-channel.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import type { LogLevel } from '#ports/logger.ts';
import type { Metrics } from '#ports/metrics.ts';
import { recipientKeyOf } from '#domain/attendees.ts';
import { deliverNotifications } from '#use-cases/deliver-notifications.ts';
import { emailChannel } from '../../functions/notify-email/channel.ts';
import { TestApi } from '../support/api-client.ts';
import { createApprentice } from '../support/apprentices.ts';
import { provisionallyBookedEvent } from '../support/planning-meeting-fixture.ts';

const now = Date.parse('2027-01-06T10:00:00Z');
const ses = mockClient(SESv2Client);
let api: TestApi;
let meeting: PlanningMeetingEvent['meeting'];
let deps: Dependencies;
const logged: Array<{ level: LogLevel; message: string; fields: Record<string, unknown> }> = [];
const counted: Array<{ name: string; value: number; properties: Record<string, string> }> = [];

beforeAll(async () => {
  api = await TestApi.start({ clock: () => now });
  const apprenticeId = await createApprentice(api, 'ses-apprentice', { now });
  const booked = await api.post('/planning-meetings', { as: 'demo-ao', body: { apprenticeId, start: '2027-01-21T10:00:00Z', status: 'provisional' } });
  expect(booked.status).toBe(201);
  await api.host.settle();
  meeting = booked.body;
  const metrics: Metrics = { count: (name, value, properties = {}) => counted.push({ name, value, properties }) };
  deps = {
    ...api.host.deps,
    // The SES adapter as deployed, its client answered by aws-sdk-client-mock.
    channels: { ...api.host.deps.channels, email: new SesEmailChannel(new SESv2Client({ region: 'eu-west-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }), {}) },
    logger: { log: (level, message, fields = {}) => logged.push({ level, message, fields }) },
    metrics,
  };
});
afterAll(() => api.close());
beforeEach(() => {
  ses.reset();
  logged.length = 0;
  counted.length = 0;
});

let events = 0;
/** The booking's change event under a new id, so its deliveries are not yet claimed. */
const freshEvent = (): PlanningMeetingEvent => {
  events += 1;
  return provisionallyBookedEvent(meeting, `ses-event-${events}`, now);
};
const noPause = { pause: async () => {} };
const deliveryOf = (event: PlanningMeetingEvent, attendee: (typeof meeting.attendees)[number]) =>
  api.host.deps.notifications.delivery(event.eventId, recipientKeyOf(attendee), 'email');

describe('email deliveries through SES that fail', () => {
  it('stop at a configuration error, fail the invocation, count it, and leave the deliveries to a redriven event', async () => {
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({
        message: `Email address is not verified. The following identities failed the check in region EU-WEST-2: ${meeting.attendees[0]!.email}`,
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const event = freshEvent();

    const failure = await deliverNotifications(deps, event, emailChannel.delivery, noPause).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ChannelError);
    expect((failure as ChannelError).kind).toBe('configuration');
    // The first send told us the set-up is wrong; nobody else was tried.
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(counted).toEqual([{ name: 'FailedDeliveries', value: 1, properties: { channel: 'email', kind: 'configuration', code: 'MessageRejected' } }]);
    const [line] = logged.filter((entry) => entry.level === 'error');
    expect(line!.fields).toMatchObject({ eventId: event.eventId, channel: 'email', outcome: 'retry', error: { kind: 'configuration', code: 'MessageRejected' } });
    expect((line!.fields.error as { message: string }).message).toMatch(/^MessageRejected: Email address is not verified/);
    expect(JSON.stringify(logged)).not.toContain('@');
    expect(await deliveryOf(event, meeting.attendees[0]!)).toMatchObject({ status: 'retry' });

    // Once the identity is verified, the event from the dead-letter queue sends to everyone.
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const report = await deliverNotifications(deps, event, emailChannel.delivery, noPause);
    expect(report).toMatchObject({ sent: meeting.attendees.length, failed: 0, retry: 0 });
  });

  it('record a refused recipient as failed, count it, and still tell the others', async () => {
    const refused = meeting.attendees[1]!;
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    ses.on(SendEmailCommand, { Destination: { ToAddresses: [refused.email] } }).rejects(new BadRequestException({ message: 'Missing final @domain', $metadata: { httpStatusCode: 400 } }));
    const event = freshEvent();

    const report = await deliverNotifications(deps, event, emailChannel.delivery, noPause);

    expect(report).toMatchObject({ sent: meeting.attendees.length - 1, failed: 1, retry: 0 });
    expect(await deliveryOf(event, refused)).toMatchObject({ status: 'failed', error: expect.stringContaining('BadRequestException') });
    expect(counted).toEqual([{ name: 'FailedDeliveries', value: 1, properties: { channel: 'email', kind: 'permanent', code: 'BadRequestException' } }]);
    expect(logged.find((entry) => entry.level === 'error')!.fields.error).toMatchObject({ kind: 'permanent', code: 'BadRequestException' });
  });

  it('retry throttling three times per recipient, then leave the event to be delivered again, uncounted', async () => {
    ses.on(SendEmailCommand).rejects(new TooManyRequestsException({ message: 'Maximum sending rate exceeded', $metadata: { httpStatusCode: 429 } }));
    const event = freshEvent();

    const report = await deliverNotifications(deps, event, emailChannel.delivery, noPause);

    expect(report).toMatchObject({ sent: 0, retry: meeting.attendees.length });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3 * meeting.attendees.length);
    expect(counted).toEqual([]);
    expect(logged.filter((entry) => entry.level === 'warn').map((entry) => (entry.fields.error as { code: string }).code)).toEqual(
      meeting.attendees.map(() => 'TooManyRequestsException'),
    );
  });
});
