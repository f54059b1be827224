import * as z from 'zod';
import { notificationCatalogue, type CatalogueNotificationType } from './notifications/index.ts';

export type NotificationType = CatalogueNotificationType;
/** The notification type ids of SPEC §8, one per module of the catalogue (`notifications/index.ts`); the communication configuration is keyed by them. */
export const notificationTypes = notificationCatalogue.map((definition) => definition.id) as unknown as readonly [NotificationType, ...NotificationType[]];
export const NotificationType = z.enum(notificationTypes);

/** Same values as the event rules' channels (`#events/event-rules.ts`): one notifier function per channel. */
export const notificationChannels = ['email', 'inApp', 'sms'] as const;
export const NotificationChannel = z.enum(notificationChannels);
export type NotificationChannel = z.infer<typeof NotificationChannel>;
/** How the screens name each channel (the Planning tab, the local outbox). */
export const notificationChannelLabels: Readonly<Record<NotificationChannel, string>> = { email: 'Email', inApp: 'In-app', sms: 'SMS' };
