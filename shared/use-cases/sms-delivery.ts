import type { ChannelDelivery } from './channel-delivery.ts';

/** The SMS text alone (at most 160 characters: `renderSms`). */
export const smsDelivery: ChannelDelivery = {
  channel: 'sms',
  send: async (deps, _event, planned, texts, context) => {
    await deps.channels.sms.send({ ...context, to: planned.recipient.phone!, text: texts.sms });
  },
};
