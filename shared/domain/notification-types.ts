import * as z from 'zod';

/** The notification type ids of SPEC §8; the communication configuration is keyed by them. */
export const notificationTypes = [
  'provisionalBookingInvite',
  'meetingInvite',
  'meetingUpdated',
  'meetingRescheduled',
  'meetingCancelled',
  'meetingRejected',
] as const;
export const NotificationType = z.enum(notificationTypes);
export type NotificationType = z.infer<typeof NotificationType>;

/** Same values as the event rules' channels (`#events/event-rules.ts`): one notifier function per channel. */
export const notificationChannels = ['email', 'inApp', 'sms'] as const;
export const NotificationChannel = z.enum(notificationChannels);
export type NotificationChannel = z.infer<typeof NotificationChannel>;
