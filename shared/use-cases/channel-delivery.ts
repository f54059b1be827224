import type { MessageContext } from '#channels/channel-ports.ts';
import type { NotificationChannel } from '#domain/notification-types.ts';
import type { PlannedNotification } from '#domain/notification-planner.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import type { Dependencies } from '#ports/dependencies.ts';

/** A notification's words, filled in for its recipient. */
export interface NotificationTexts {
  subject: string;
  text: string;
  sms: string;
}

/**
 * How one channel's notification is built and handed to its channel. One module per
 * channel, so that a notifier bundles only its own: the email's MIME and iCalendar
 * writers were 156 KB of the SMS and in-app notifiers.
 */
export interface ChannelDelivery {
  channel: NotificationChannel;
  send(deps: Dependencies, event: PlanningMeetingEvent, planned: PlannedNotification, texts: NotificationTexts, context: MessageContext): Promise<void>;
}
