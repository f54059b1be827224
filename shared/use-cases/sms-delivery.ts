import type { ChannelDelivery } from './channel-delivery.ts';

/** The SMS text alone: one text message for a default text, as many as its template takes for a customer's (`renderSms`). */
export const smsDelivery: ChannelDelivery<'sms'> = {
  channel: 'sms',
  build: async ({ planned, texts, context }) => ({ ...context, to: planned.recipient.phone!, text: texts.sms }),
  send: (sms, message) => sms.send(message),
};
