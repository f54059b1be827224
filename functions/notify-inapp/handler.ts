import { StoredInAppChannel } from '#channels/stored-in-app-channel.ts';
import { inAppDelivery } from '#use-cases/in-app-delivery.ts';
import { notifierHandler } from '../notifier/notifier.ts';

/** In-app notifications are written to the table: no client beyond the table's. */
export const handler = notifierHandler(inAppDelivery, (_settings, deps) => ({ inApp: new StoredInAppChannel(deps.notifications) }));
