import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { channelErrorOf, type OutgoingSms, type SmsChannel } from './channel-ports.ts';

/** SMS through SNS, sent straight to the phone number as a transactional message. */
export class SnsSmsChannel implements SmsChannel {
  constructor(
    private readonly client: SNSClient,
    private readonly settings: { senderId?: string | undefined },
  ) {}

  async send(sms: OutgoingSms): Promise<void> {
    try {
      await this.client.send(
        new PublishCommand({
          PhoneNumber: sms.to,
          Message: sms.text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(this.settings.senderId ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.settings.senderId } } : {}),
          },
        }),
      );
    } catch (error) {
      throw channelErrorOf(error);
    }
  }
}
