import type { Channels, MessageContext, Organizer } from '#ports/channels.ts';
import type { NotificationChannel } from '#domain/notification-types.ts';
import type { PlannedNotification } from '#domain/notification-planner.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';

/** A notification's words, filled in for its recipient. */
export interface NotificationTexts {
  subject: string;
  text: string;
  sms: string;
}

/** The message a channel's port takes, read from the port itself so that a new channel is declared once. */
export type ChannelMessage<C extends NotificationChannel> = Parameters<Channels[C]['send']>[0];

/** What a channel's message is built from: one planned notification of one event, its words filled in. */
export interface MessageInput {
  event: PlanningMeetingEvent;
  planned: PlannedNotification;
  texts: NotificationTexts;
  context: MessageContext;
  /** The ORGANIZER of invites and the From of emails. */
  sender: Organizer;
}

/**
 * One channel's part of a delivery: `build` is the only place its message is made
 * (the MIME with its invite, the SMS text, the in-app item), `send` hands it to the
 * channel's port and needs nothing else. Each channel's is in its entry of the channel
 * registry (`functions/notify-<channel>/channel.ts`), so that a notifier bundles only
 * its own: the email's MIME and iCalendar writers were 156 KB of the SMS and in-app
 * notifiers.
 */
export interface ChannelDelivery<C extends NotificationChannel = NotificationChannel> {
  channel: C;
  /** Null when this recipient gets nothing on this channel (a guest has no in-app list). */
  build(input: MessageInput): Promise<ChannelMessage<C> | null>;
  send(port: Channels[C], message: ChannelMessage<C>): Promise<void>;
}
