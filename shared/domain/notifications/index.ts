import type { NotificationDefinition } from './definition.ts';
import { meetingCancelled } from './meeting-cancelled.ts';
import { meetingInvite } from './meeting-invite.ts';
import { meetingRejected } from './meeting-rejected.ts';
import { meetingReminder } from './meeting-reminder.ts';
import { meetingRescheduled } from './meeting-rescheduled.ts';
import { meetingUpdated } from './meeting-updated.ts';
import { provisionalBookingInvite } from './provisional-booking-invite.ts';

/**
 * Every notification type (SPEC §8), in the order the Planning tab shows them. The
 * notification type ids, the configuration's schema and defaults, the planner and the
 * screens' labels are all read from this list.
 */
export const notificationCatalogue = [
  provisionalBookingInvite,
  meetingInvite,
  meetingUpdated,
  meetingRescheduled,
  meetingCancelled,
  meetingRejected,
  meetingReminder,
] as const satisfies readonly NotificationDefinition[];

export type NotificationDefinitionOf = (typeof notificationCatalogue)[number];
export type CatalogueNotificationType = NotificationDefinitionOf['id'];

export const notificationDefinition = <T extends CatalogueNotificationType>(id: T): Extract<NotificationDefinitionOf, { id: T }> =>
  notificationCatalogue.find((definition) => definition.id === id) as Extract<NotificationDefinitionOf, { id: T }>;

/** How people see each type named. A `Record` over the ids, so a screen cannot miss one. */
export const notificationLabels = Object.fromEntries(notificationCatalogue.map((definition) => [definition.id, definition.label])) as Record<
  CatalogueNotificationType,
  string
>;
