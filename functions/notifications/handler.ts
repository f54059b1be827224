import { createHttpHandler } from '#api/http-handler.ts';
import { notificationsRoutes } from '#api/routes/notifications.ts';
import { listMyNotifications, markMyNotificationRead } from '#use-cases/my-notifications.ts';
import { dependencies } from './notifications-dependencies.ts';

export const handler = createHttpHandler(
  'notifications',
  notificationsRoutes,
  {
    listMyNotifications: async (input) => ({ body: await listMyNotifications(input, input.query) }),
    markMyNotificationRead: async (input) => ({ body: await markMyNotificationRead(input, input.params.notificationId) }),
  },
  dependencies,
);
