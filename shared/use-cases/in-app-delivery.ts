import type { ChannelDelivery } from './channel-delivery.ts';

/** A notification in the recipient's own list; guests have no account, so none. */
export const inAppDelivery: ChannelDelivery = {
  channel: 'inApp',
  send: async (deps, event, planned, texts, context) => {
    const { recipient } = planned;
    if (recipient.kind !== 'user') return;
    await deps.channels.inApp.send({
      ...context,
      // Sorts by time within the user's partition, and is the same on every retry of the event.
      id: `${event.occurredAt.replace(/[-:]/g, '')}-${event.eventId}`,
      userId: recipient.userId,
      subject: texts.subject,
      text: texts.text,
      createdAt: event.occurredAt,
    });
  },
};
