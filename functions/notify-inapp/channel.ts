import { StoredInAppChannel } from '#channels/stored-in-app-channel.ts';
import { inAppDelivery } from '#use-cases/in-app-delivery.ts';
import type { NotifierChannel } from '../notifier/notifier-channel.ts';

/** In-app notifications are written to the table: no client beyond the table's. */
export const inAppChannel: NotifierChannel<'inApp'> = {
  channel: 'inApp',
  delivery: inAppDelivery,
  port: (_settings, deps) => new StoredInAppChannel(deps.notifications),
};
