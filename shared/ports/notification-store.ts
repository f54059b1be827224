import type { Page } from './page.ts';

export type DeliveryStatus = 'sending' | 'sent' | 'retry' | 'failed';

export interface DeliveryRecord {
  status: DeliveryStatus;
  /** Claims so far: the first, each after a transient failure, and each of a send left unsettled. */
  attempts: number;
  /** How often a sweep has delivered the event again for this send, left unsettled. */
  resends: number;
  error?: string;
}

/** A send claimed and never settled: its notifier stopped between the claim and the settle. */
export interface UnsettledSend {
  eventId: string;
  channel: string;
  /** `user:<id>`, or `guest` (a guest's address stays out of logs). */
  recipient: string;
  claimedAt: string;
  /** How often a sweep has delivered its event again already. */
  resends: number;
  /** The delivery record's key; its sort key holds a guest's address, so it is not for logs. */
  key: { pk: string; sk: string };
}

export interface InAppNotification {
  id: string;
  userId: string;
  notificationType: string;
  meetingId: string;
  eventId: string;
  subject: string;
  text: string;
  createdAt: string;
  readAt: string | null;
}

/** Delivery records (one per event, recipient and channel) and in-app notifications. */
export interface NotificationStore {
  /** True when this caller may send now; false when it was sent, is being sent, or failed for good. */
  claimDelivery(eventId: string, recipientKey: string, channel: string, now: number): Promise<boolean>;
  settleDelivery(eventId: string, recipientKey: string, channel: string, status: Exclude<DeliveryStatus, 'sending'>, now: number, error?: string): Promise<void>;
  delivery(eventId: string, recipientKey: string, channel: string): Promise<DeliveryRecord | undefined>;
  /** The sends claimed before `claimedBefore` and never settled nor given up, oldest claim first, at most `limit`. */
  unsettledSends(claimedBefore: number, limit: number): Promise<UnsettledSend[]>;
  /** Counts a delivery of the send's event again, if the claim is still the one read: true for one caller only. */
  countResend(send: UnsettledSend, now: number): Promise<boolean>;
  /** Gives up on a send left unsettled, if the claim is still the one read: true for one caller only. */
  giveUpUnsettled(send: UnsettledSend, now: number): Promise<boolean>;
  /** Writes an in-app notification once; its id is derived from the event, so a retry finds it there. */
  addInApp(notification: InAppNotification): Promise<void>;
  /** A user's in-app notifications, newest first. */
  listInApp(userId: string, options: { unreadOnly: boolean; limit: number; cursor?: string | undefined }): Promise<Page<InAppNotification>>;
  /** Marks read; undefined when there is no such notification for this user. */
  markInAppRead(userId: string, notificationId: string, now: number): Promise<InAppNotification | undefined>;
}
