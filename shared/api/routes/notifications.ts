import { InAppNotificationView, MyNotificationsPage, MyNotificationsQuery, NotificationIdParams } from '../notification-schemas.ts';
import type { GroupRoute } from '../route.ts';

/** In-app notifications (SPEC §5.3) */
export const notificationsRoutes = [
  {
    operationId: 'listMyNotifications',
    method: 'GET',
    path: '/me/notifications',
    group: 'notifications',
    access: { kind: 'authenticated' },
    summary: 'Your in-app notifications, newest first (unread=true for unread only)',
    query: MyNotificationsQuery,
    response: MyNotificationsPage,
    successStatus: 200,
  },
  {
    operationId: 'markMyNotificationRead',
    method: 'POST',
    path: '/me/notifications/{notificationId}/read',
    group: 'notifications',
    access: { kind: 'authenticated' },
    summary: 'Mark one of your in-app notifications read',
    params: NotificationIdParams,
    response: InAppNotificationView,
    successStatus: 200,
  },
] as const satisfies readonly GroupRoute<'notifications'>[];
