import { notFound } from '#domain/errors.ts';
import type { InAppNotification } from '#ports/notification-store.ts';
import type { Actor } from '#ports/actor.ts';

const view = ({ userId: _userId, ...notification }: InAppNotification) => notification;

/** The caller's own in-app notifications, newest first; nobody reads anyone else's. */
export const listMyNotifications = async (actor: Actor, query: { unread?: 'true' | 'false' | undefined; limit: number; cursor?: string | undefined }) => {
  const page = await actor.deps.notifications.listInApp(actor.caller.userId, {
    unreadOnly: query.unread === 'true',
    limit: query.limit,
    cursor: query.cursor,
  });
  return { items: page.items.map(view), cursor: page.cursor ?? null };
};

export const markMyNotificationRead = async (actor: Actor, notificationId: string) => {
  const notification = await actor.deps.notifications.markInAppRead(actor.caller.userId, notificationId, actor.now);
  if (!notification) throw notFound(`Notification ${notificationId}`);
  return view(notification);
};
