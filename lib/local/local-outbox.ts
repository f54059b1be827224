import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Channels, InAppChannel, OutgoingEmail, OutgoingInApp, OutgoingSms } from '#channels/channel-ports.ts';
import type { NotificationChannel } from '#domain/notification-types.ts';

export interface OutboxMessage {
  id: string;
  channel: NotificationChannel;
  notificationType: string;
  meetingId: string;
  eventId: string;
  recipientUserId: string | null;
  to: string;
  subject: string | null;
  text: string;
  ics: string | null;
  raw: string | null;
  sentAt: string;
}

/**
 * The channels of local mode: nothing leaves the machine. Every message is kept for
 * `GET /local/outbox`, and every email is also written as an `.eml` file that a mail
 * client opens with its calendar invite.
 */
export class LocalOutbox {
  private readonly messages: OutboxMessage[] = [];
  private sequence = 0;

  constructor(
    private readonly directory: string | undefined,
    private readonly clock: () => number,
    private readonly storedInApp: InAppChannel,
  ) {
    if (!directory) return;
    mkdirSync(directory, { recursive: true });
    // Numbered on from the last start, so that no file of an earlier start is written over.
    this.sequence = readdirSync(directory).length;
  }

  /** Newest first. */
  list(): OutboxMessage[] {
    return [...this.messages].reverse();
  }

  private record(message: Omit<OutboxMessage, 'id' | 'sentAt'>): OutboxMessage {
    this.sequence += 1;
    const sentAt = new Date(this.clock()).toISOString();
    const stored = { id: `${sentAt.replace(/[-:.]/g, '')}-${String(this.sequence).padStart(6, '0')}`, sentAt, ...message };
    this.messages.push(stored);
    return stored;
  }

  readonly channels: Channels = {
    email: {
      send: async (email: OutgoingEmail) => {
        const stored = this.record({
          channel: 'email',
          notificationType: email.notificationType,
          meetingId: email.meetingId,
          eventId: email.eventId,
          recipientUserId: email.recipientUserId,
          to: email.to,
          subject: email.subject,
          text: email.text,
          ics: email.ics,
          raw: email.raw,
        });
        if (this.directory) writeFileSync(join(this.directory, `${stored.id}-${email.notificationType}.eml`), email.raw);
      },
    },
    sms: {
      send: async (sms: OutgoingSms) => {
        this.record({
          channel: 'sms',
          notificationType: sms.notificationType,
          meetingId: sms.meetingId,
          eventId: sms.eventId,
          recipientUserId: sms.recipientUserId,
          to: sms.to,
          subject: null,
          text: sms.text,
          ics: null,
          raw: null,
        });
      },
    },
    inApp: {
      // Stored exactly as in AWS (so /me/notifications works), and listed here too.
      send: async (notification: OutgoingInApp) => {
        await this.storedInApp.send(notification);
        this.record({
          channel: 'inApp',
          notificationType: notification.notificationType,
          meetingId: notification.meetingId,
          eventId: notification.eventId,
          recipientUserId: notification.userId,
          to: notification.userId,
          subject: notification.subject,
          text: notification.text,
          ics: null,
          raw: null,
        });
      },
    },
  };
}
