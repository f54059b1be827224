import type { DeliveryRecord, DeliveryStatus, InAppNotification, NotificationStore, UnsettledSend } from '#ports/notification-store.ts';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { CLAIM_LEFT_AFTER_MS } from '#domain/retention.ts';
import { writtenIfConditionHolds } from './conditional-write.ts';
import { allOf, anyOf, condition, itemExists, itemIsNew, type ConditionPart } from './condition-expressions.ts';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { deliveryKey, inAppNotificationKey, UNSETTLED_SENDS_PARTITION, type ItemKey } from './keys.ts';
import { decodeCursor, encodeCursor, is, MAX_READS_PER_PAGE, startsWith, type Page } from './cursors.ts';
import type { TableClient } from './table-client.ts';

export { CLAIM_LEFT_AFTER_MS };

export type { DeliveryRecord, DeliveryStatus, InAppNotification, UnsettledSend };

const DELIVERY_RETENTION_SECONDS = 90 * 24 * 3600;

/** A send claimed and neither settled nor given up since. */
const stillUnsettled: ConditionPart = {
  expression: '#status = :sending AND gsi3pk = :unsettled',
  names: { '#status': 'status' },
  values: { ':sending': 'sending', ':unsettled': UNSETTLED_SENDS_PARTITION },
};

/** The very claim that was read: neither settled, re-claimed nor reported since. */
const stillTheClaimOf = (send: Pick<UnsettledSend, 'claimedAt'>): ConditionPart =>
  allOf(stillUnsettled, { expression: 'gsi3sk = :claimedAt', values: { ':claimedAt': send.claimedAt } });

/** A send left to retry after a transient failure: it may be taken again. */
const leftToRetry: ConditionPart = { expression: '#status = :retry', names: { '#status': 'status' }, values: { ':retry': 'retry' } };

/**
 * A send claimed before `claimedBefore` and never settled nor given up: its notifier
 * stopped, so it may be taken again. `gsi3sk` is the claim's time, and a claim moves it,
 * so of two notifiers taking the same old claim at once only one succeeds.
 */
const leftUnsettledBefore = (claimedBefore: number): ConditionPart => ({
  expression: '#status = :sending AND gsi3pk = :unsettled AND gsi3sk < :claimedBefore',
  names: { '#status': 'status' },
  values: { ':sending': 'sending', ':unsettled': UNSETTLED_SENDS_PARTITION, ':claimedBefore': new Date(claimedBefore).toISOString() },
});

/**
 * Delivery records make each (event, recipient, channel) send once, however often the
 * event is delivered: a send is claimed with a conditional write before it happens. A
 * claim left in `retry` (a transient failure) may be taken again, and so may a claim
 * left `sending` for over {@link CLAIM_LEFT_AFTER_MS}: its notifier stopped, perhaps
 * after the channel took the message, so that send is at least once (decision 0003).
 */
export class NotificationRepository implements NotificationStore {
  constructor(private readonly table: TableClient) {}

  /** True when this caller may send now; false when it was sent, is being sent, or failed for good. */
  async claimDelivery(eventId: string, recipientKey: string, channel: string, now: number): Promise<boolean> {
    // Each claim sets the claim's time (gsi3sk), so a claim taken again is old again only a while later.
    return writtenIfConditionHolds(
      this.table.documents.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: deliveryKey(eventId, recipientKey, channel),
          // While sending, the record is in the unsettled sends' index, which the sweeper reads.
          UpdateExpression:
            'SET #status = :sending, updatedAt = :now, expiresAt = :expires, entity = :entity, eventId = :eventId, channel = :channel, ' +
            'recipient = :recipient, gsi3pk = :unsettled, gsi3sk = :now ADD attempts :one',
          ...condition(anyOf(itemIsNew, leftToRetry, leftUnsettledBefore(now - CLAIM_LEFT_AFTER_MS)), {
            values: {
              ':sending': 'sending',
              ':now': new Date(now).toISOString(),
              ':expires': Math.floor(now / 1000) + DELIVERY_RETENTION_SECONDS,
              ':entity': 'delivery',
              ':eventId': eventId,
              ':channel': channel,
              ':recipient': recipientKey.startsWith('user:') ? recipientKey : 'guest',
              ':unsettled': UNSETTLED_SENDS_PARTITION,
              ':one': 1,
            },
          }),
        }),
      ),
    );
  }

  async settleDelivery(eventId: string, recipientKey: string, channel: string, status: Exclude<DeliveryStatus, 'sending'>, now: number, error?: string): Promise<void> {
    await this.table.documents.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: deliveryKey(eventId, recipientKey, channel),
        UpdateExpression: error
          ? 'SET #status = :status, updatedAt = :now, lastError = :error REMOVE gsi3pk, gsi3sk'
          : 'SET #status = :status, updatedAt = :now REMOVE lastError, gsi3pk, gsi3sk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':now': new Date(now).toISOString(), ...(error ? { ':error': error.slice(0, 1000) } : {}) },
      }),
    );
  }

  async delivery(eventId: string, recipientKey: string, channel: string): Promise<DeliveryRecord | undefined> {
    const { Item } = await this.table.documents.send(
      new GetCommand({ TableName: this.table.tableName, Key: deliveryKey(eventId, recipientKey, channel), ConsistentRead: true }),
    );
    return Item
      ? { status: Item.status, attempts: Item.attempts, resends: Item.resends ?? 0, ...(Item.lastError ? { error: Item.lastError } : {}) }
      : undefined;
  }

  /** The sends claimed before `claimedBefore` and never settled nor given up, oldest claim first, at most `limit`. */
  async unsettledSends(claimedBefore: number, limit: number): Promise<UnsettledSend[]> {
    const { Items = [] } = await this.table.documents.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :unsettled AND gsi3sk < :before',
        ExpressionAttributeValues: { ':unsettled': UNSETTLED_SENDS_PARTITION, ':before': new Date(claimedBefore).toISOString() },
        Limit: limit,
      }),
    );
    return Items.map((item) => ({
      eventId: String(item.eventId),
      channel: String(item.channel),
      recipient: String(item.recipient),
      claimedAt: String(item.gsi3sk),
      resends: Number(item.resends ?? 0),
      key: { pk: String(item.pk), sk: String(item.sk) },
    }));
  }

  /**
   * Counts a delivery of the send's event again, if the claim is still the one read:
   * true for one caller only (of two sweeps at once, one delivers the event again).
   */
  async countResend(send: UnsettledSend, now: number): Promise<boolean> {
    return writtenIfConditionHolds(
      this.table.documents.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: send.key,
          UpdateExpression: 'SET resends = :resends, resentAt = :now',
          ...condition(allOf(stillTheClaimOf(send), { expression: 'attribute_not_exists(resends) OR resends = :seen', values: { ':seen': send.resends } }), {
            values: { ':resends': send.resends + 1, ':now': new Date(now).toISOString() },
          }),
        }),
      ),
    );
  }

  /**
   * Gives up on a send left unsettled, if the claim is still the one read: it leaves the
   * index, so it is neither claimed nor reported again, and stays `sending`, with
   * `reportedAt`. True for one caller only (a concurrent sweep, or a settle or a claim
   * that came late, keeps it).
   */
  async giveUpUnsettled(send: UnsettledSend, now: number): Promise<boolean> {
    return writtenIfConditionHolds(
      this.table.documents.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: send.key,
          UpdateExpression: 'SET reportedAt = :now REMOVE gsi3pk, gsi3sk',
          ...condition(stillTheClaimOf(send), { values: { ':now': new Date(now).toISOString() } }),
        }),
      ),
    );
  }

  /** Writes an in-app notification once; its id is derived from the event, so a retry finds it there. */
  async addInApp(notification: InAppNotification): Promise<void> {
    await writtenIfConditionHolds(
      this.table.documents.send(
        new PutCommand({
          TableName: this.table.tableName,
          // Unread is the absence of readAt, so that marking read can be `if_not_exists`.
          Item: { ...inAppNotificationKey(notification.userId, notification.id), entity: 'inAppNotification', ...notification, readAt: undefined },
          ...condition(itemIsNew),
        }),
      ),
    );
  }

  /** A user's in-app notifications, newest first. */
  async listInApp(userId: string, options: { unreadOnly: boolean; limit: number; cursor?: string | undefined }): Promise<Page<InAppNotification>> {
    const items: InAppNotification[] = [];
    // Only a cursor of this user's own notifications is taken (a 400 otherwise).
    let start: Record<string, unknown> | undefined = decodeCursor(options.cursor, { pk: is(inAppNotificationKey(userId, '').pk), sk: startsWith('NOTIFICATION#') });
    let reads = 0;
    do {
      const answer = await this.table.documents.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ...(options.unreadOnly ? { FilterExpression: 'attribute_not_exists(readAt)' } : {}),
          ExpressionAttributeValues: { ':pk': inAppNotificationKey(userId, '').pk, ':prefix': 'NOTIFICATION#' },
          ScanIndexForward: false,
          Limit: options.limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of answer.Items ?? []) {
        const { pk: _pk, sk: _sk, entity: _entity, ...notification } = item;
        items.push({ ...(notification as InAppNotification), readAt: (notification.readAt as string | undefined) ?? null });
      }
      start = answer.LastEvaluatedKey;
      reads += 1;
    } while (start && items.length < options.limit && reads < MAX_READS_PER_PAGE);
    return { items, cursor: encodeCursor(start) };
  }

  /** Marks read; false when there is no such notification for this user. */
  async markInAppRead(userId: string, notificationId: string, now: number): Promise<InAppNotification | undefined> {
    try {
      const { Attributes } = await this.table.documents.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: inAppNotificationKey(userId, notificationId),
          UpdateExpression: 'SET readAt = if_not_exists(readAt, :now)',
          ...condition(itemExists, { values: { ':now': new Date(now).toISOString() } }),
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (!Attributes) return undefined;
      const { pk: _pk, sk: _sk, entity: _entity, ...notification } = Attributes;
      return notification as InAppNotification;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
