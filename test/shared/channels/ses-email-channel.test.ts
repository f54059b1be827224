import {
  AccountSuspendedException,
  BadRequestException,
  LimitExceededException,
  MessageRejected,
  SendEmailCommand,
  SESv2Client,
  SendingPausedException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ChannelError, type ChannelFailureKind, type OutgoingEmail } from '#channels/channel-ports.ts';
import { SesEmailChannel } from '#channels/ses-email-channel.ts';

const ses = mockClient(SESv2Client);
beforeEach(() => ses.reset());

const email: OutgoingEmail = {
  notificationType: 'meetingInvite',
  meetingId: 'meeting-1',
  eventId: 'event-1',
  recipientUserId: 'user-1',
  to: 'ann@example.org',
  subject: 'Planning meeting',
  text: 'You are invited',
  ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
  raw: 'From: planning@acme.example\r\nTo: ann@example.org\r\nSubject: Planning meeting\r\n\r\nYou are invited – ünïcode\r\n',
  messageId: '<event-1@planning-meetings>',
};

const failureOf = async (channel: SesEmailChannel): Promise<ChannelError> => {
  const error = await channel.send(email).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
};

describe('SesEmailChannel', () => {
  it('sends the MIME message as built (raw, UTF-8) to the one recipient, through the configuration set, tagged with the notification type', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    await new SesEmailChannel(new SESv2Client({ region: 'eu-west-2' }), { configurationSetName: 'acme-transactional' }).send(email);

    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.Destination).toEqual({ ToAddresses: ['ann@example.org'] });
    expect(Buffer.from(input.Content!.Raw!.Data!).toString('utf8')).toBe(email.raw);
    expect(input.ConfigurationSetName).toBe('acme-transactional');
    expect(input.EmailTags).toEqual([{ Name: 'notificationType', Value: 'meetingInvite' }]);
  });

  it('names no configuration set when the stack has none', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    await new SesEmailChannel(new SESv2Client({ region: 'eu-west-2' }), {}).send(email);
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).not.toHaveProperty('ConfigurationSetName');
  });

  const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
  const cases: Array<[string, Error, ChannelFailureKind, string]> = [
    [
      'an unverified identity in the sandbox',
      new MessageRejected({
        message: 'Email address is not verified. The following identities failed the check in region EU-WEST-2: ann@example.org',
        ...metadata(400),
      }),
      'configuration',
      'MessageRejected',
    ],
    ['access denied (the role may not send from this identity)', Object.assign(new Error('User is not authorized to perform ses:SendEmail'), { name: 'AccessDeniedException', ...metadata(403) }), 'configuration', 'AccessDeniedException'],
    ['a suspended account', new AccountSuspendedException({ message: 'Account suspended', ...metadata(400) }), 'configuration', 'AccountSuspendedException'],
    ['sending paused', new SendingPausedException({ message: 'Sending is paused for this account', ...metadata(400) }), 'configuration', 'SendingPausedException'],
    ['a message SES refuses (content)', new MessageRejected({ message: 'Illegal address', ...metadata(400) }), 'permanent', 'MessageRejected'],
    ['a malformed request', new BadRequestException({ message: 'Missing final @domain', ...metadata(400) }), 'permanent', 'BadRequestException'],
    ['throttling', new TooManyRequestsException({ message: 'Maximum sending rate exceeded', ...metadata(429) }), 'transient', 'TooManyRequestsException'],
    ['the daily quota', new LimitExceededException({ message: 'Daily message quota exceeded', ...metadata(400) }), 'transient', 'LimitExceededException'],
    ['SES down', Object.assign(new Error('We encountered an internal error'), { name: 'InternalFailure', ...metadata(500) }), 'transient', 'InternalFailure'],
    ['the network', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient', 'ECONNRESET'],
  ];

  it.each(cases)('classifies %s', async (_case, error, kind, code) => {
    ses.on(SendEmailCommand).rejects(error);
    const failure = await failureOf(new SesEmailChannel(new SESv2Client({ region: 'eu-west-2' }), {}));
    expect({ kind: failure.kind, code: failure.code }).toEqual({ kind, code });
  });

  it('keeps the reason but not the address SES quotes', async () => {
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({ message: 'Email address is not verified. The following identities failed the check in region EU-WEST-2: ann@example.org', ...metadata(400) }),
    );
    const failure = await failureOf(new SesEmailChannel(new SESv2Client({ region: 'eu-west-2' }), {}));
    expect(failure.message).toBe('MessageRejected: Email address is not verified. The following identities failed the check in region EU-WEST-2: <email>');
  });
});
