import { StoredInAppChannel } from '#channels/stored-in-app-channel.ts';
import type { NotifierChannel } from '../notifier/notifier-channel.ts';

/** A notification in the recipient's own list, written to the table (no client beyond the table's); guests have no account, so none. */
export const inAppChannel: NotifierChannel<'inApp'> = {
  channel: 'inApp',
  delivery: {
    channel: 'inApp',
    build: async ({ event, planned, texts, context }) => {
      const { recipient } = planned;
      if (recipient.kind !== 'user') return null;
      return {
        ...context,
        // Sorts by time within the user's partition, and is the same on every retry of the event.
        id: `${event.occurredAt.replace(/[-:]/g, '')}-${event.eventId}`,
        userId: recipient.userId,
        subject: texts.subject,
        text: texts.text,
        createdAt: event.occurredAt,
      };
    },
    send: (inApp, message) => inApp.send(message),
  },
  port: (_settings, deps) => new StoredInAppChannel(deps.notifications),
};
