import type { ChannelDelivery } from './channel-delivery.ts';

/** The SMS text alone: one text message for a default text, as many as its template takes for a customer's (`renderSms`). */
export const smsDelivery: ChannelDelivery = {
  channel: 'sms',
  send: async (deps, _event, planned, texts, context) => {
    await deps.channels.sms.send({ ...context, to: planned.recipient.phone!, text: texts.sms });
  },
};
