import { SNSClient } from '@aws-sdk/client-sns';
import { SnsSmsChannel } from '#channels/sns-sms-channel.ts';
import { smsDelivery } from '#use-cases/sms-delivery.ts';
import type { NotifierChannel } from '../notifier/notifier-channel.ts';

export const smsChannel: NotifierChannel<'sms'> = {
  channel: 'sms',
  delivery: smsDelivery,
  port: (settings) => new SnsSmsChannel(new SNSClient({}), { senderId: settings.SMS_SENDER_ID }),
};
