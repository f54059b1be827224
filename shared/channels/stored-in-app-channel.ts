import type { NotificationStore } from '#ports/notification-store.ts';
import { channelErrorOf, type InAppChannel, type OutgoingInApp } from './channel-ports.ts';

/** In-app notifications are items in the table, listed by `GET /me/notifications`. */
export class StoredInAppChannel implements InAppChannel {
  constructor(private readonly notifications: NotificationStore) {}

  async send(notification: OutgoingInApp): Promise<void> {
    try {
      await this.notifications.addInApp({
        id: notification.id,
        userId: notification.userId,
        notificationType: notification.notificationType,
        meetingId: notification.meetingId,
        eventId: notification.eventId,
        subject: notification.subject,
        text: notification.text,
        createdAt: notification.createdAt,
        readAt: null,
      });
    } catch (error) {
      throw channelErrorOf(error);
    }
  }
}
