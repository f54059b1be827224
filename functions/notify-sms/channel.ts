import { SNSClient } from '@aws-sdk/client-sns';
import { SnsSmsChannel } from '#channels/sns-sms-channel.ts';
import type { NotifierChannel } from '../notifier/notifier-channel.ts';

/** The SMS text alone, through SNS: one text message for a default text, as many as its template takes for a customer's (`renderSms`). */
export const smsChannel: NotifierChannel<'sms'> = {
  channel: 'sms',
  delivery: {
    channel: 'sms',
    build: async ({ planned, texts, context }) => ({ ...context, to: planned.recipient.phone!, text: texts.sms }),
    send: (sms, message) => sms.send(message),
  },
  port: (settings) => new SnsSmsChannel(new SNSClient({}), { senderId: settings.SMS_SENDER_ID }),
};
