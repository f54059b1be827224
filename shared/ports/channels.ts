/**
 * The channels' ports: what the notifier sends through. The adapters decide how (SES,
 * SNS, the local outbox); the notifier decides what and to whom.
 */

/** The configured sender: ORGANIZER of every invite and From of every email. */
export interface Organizer {
  name: string;
  email: string;
}

export interface MessageContext {
  notificationType: string;
  meetingId: string;
  eventId: string;
  /** The directory user, when the recipient is one (guests have none). */
  recipientUserId: string | null;
}

export interface OutgoingEmail extends MessageContext {
  to: string;
  subject: string;
  text: string;
  /** The invite's iCalendar text; null for an email without one (a reminder). */
  ics: string | null;
  /** The whole MIME message as sent. */
  raw: string;
  messageId: string;
}

export interface OutgoingSms extends MessageContext {
  to: string;
  text: string;
}

export interface OutgoingInApp extends MessageContext {
  id: string;
  userId: string;
  subject: string;
  text: string;
  createdAt: string;
}

export interface EmailChannel {
  send(email: OutgoingEmail): Promise<void>;
}
export interface SmsChannel {
  send(sms: OutgoingSms): Promise<void>;
}
export interface InAppChannel {
  send(notification: OutgoingInApp): Promise<void>;
}

export interface Channels {
  email: EmailChannel;
  sms: SmsChannel;
  inApp: InAppChannel;
}

