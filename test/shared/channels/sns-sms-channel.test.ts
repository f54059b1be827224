import {
  AuthorizationErrorException,
  InternalErrorException,
  InvalidParameterException,
  KMSAccessDeniedException,
  OptedOutException,
  PublishCommand,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ChannelError, type ChannelFailureKind, type OutgoingSms } from '#channels/channel-ports.ts';
import { SnsSmsChannel } from '#channels/sns-sms-channel.ts';

const sns = mockClient(SNSClient);
beforeEach(() => sns.reset());

const sms: OutgoingSms = {
  notificationType: 'meetingInvite',
  meetingId: 'meeting-1',
  eventId: 'event-1',
  recipientUserId: 'user-1',
  to: '+447700900555',
  text: 'Planning meeting on 20 Jan at 10:00',
};

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe('SnsSmsChannel', () => {
  it('publishes straight to the phone number as a transactional SMS, with the sender id where set', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    await new SnsSmsChannel(new SNSClient({ region: 'eu-west-2' }), { senderId: 'AcmeEPA' }).send(sms);

    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      PhoneNumber: '+447700900555',
      Message: 'Planning meeting on 20 Jan at 10:00',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'AcmeEPA' },
      },
    });
  });

  it('sends no sender id attribute without one', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    await new SnsSmsChannel(new SNSClient({ region: 'eu-west-2' }), {}).send(sms);
    expect(Object.keys(sns.commandCalls(PublishCommand)[0]!.args[0].input.MessageAttributes!)).toEqual(['AWS.SNS.SMS.SMSType']);
  });

  const cases: Array<[string, Error, ChannelFailureKind, string]> = [
    ['the role may not publish', new AuthorizationErrorException({ message: 'User is not authorized to perform: SNS:Publish', ...metadata(403) }), 'configuration', 'AuthorizationErrorException'],
    ['a key it may not use', new KMSAccessDeniedException({ message: 'Access denied to the key', ...metadata(400) }), 'configuration', 'KMSAccessDeniedException'],
    ['a malformed number', new InvalidParameterException({ message: 'Invalid parameter: PhoneNumber Reason: +44 7700 900555 is not valid', ...metadata(400) }), 'permanent', 'InvalidParameterException'],
    ['a number that opted out', new OptedOutException({ message: 'Phone number is opted out', ...metadata(400) }), 'permanent', 'OptedOutException'],
    ['throttling', new ThrottledException({ message: 'Rate exceeded', ...metadata(429) }), 'transient', 'ThrottledException'],
    ['SNS down', new InternalErrorException({ message: 'Internal error', ...metadata(500) }), 'transient', 'InternalErrorException'],
  ];

  it.each(cases)('classifies %s', async (_case, error, kind, code) => {
    sns.on(PublishCommand).rejects(error);
    const failure = await new SnsSmsChannel(new SNSClient({ region: 'eu-west-2' }), {}).send(sms).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(failure).toBeInstanceOf(ChannelError);
    expect({ kind: (failure as ChannelError).kind, code: (failure as ChannelError).code }).toEqual({ kind, code });
    expect((failure as ChannelError).message).not.toMatch(/7700/);
  });
});
