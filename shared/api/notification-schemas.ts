import * as z from 'zod';
import { PageLimit } from '#domain/primitives.ts';

export const MyNotificationsQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  limit: PageLimit(100, 20),
  cursor: z.string().max(2000).optional(),
});

export const InAppNotificationView = z.object({
  id: z.string(),
  notificationType: z.string(),
  meetingId: z.string(),
  eventId: z.string(),
  subject: z.string(),
  text: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export const MyNotificationsPage = z.object({ items: z.array(InAppNotificationView), cursor: z.string().nullable() });

export const NotificationIdParams = z.strictObject({ notificationId: z.string().min(1).max(200) });
