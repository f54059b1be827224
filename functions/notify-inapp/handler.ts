import { StoredInAppChannel } from '#channels/stored-in-app-channel.ts';
import { notifierHandler } from '../notifier/notifier.ts';

/** In-app notifications are written to the table: no client beyond the table's. */
export const handler = notifierHandler('inApp', (_settings, deps) => ({ inApp: new StoredInAppChannel(deps.notifications) }));
