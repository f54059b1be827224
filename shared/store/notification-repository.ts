import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { writtenIfConditionHolds } from './conditional-write.ts';
import { anyOf, condition, itemExists, itemIsNew, type ConditionPart } from './condition-expressions.ts';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { deliveryKey, inAppNotificationKey, UNSETTLED_SENDS_PARTITION } from './keys.ts';
import { decodeCursor, encodeCursor, is, MAX_READS_PER_PAGE, startsWith, type Page } from './cursors.ts';
import type { TableClient } from './table-client.ts';

export type DeliveryStatus = 'sending' | 'sent' | 'retry' | 'failed';

export interface DeliveryRecord {
  status: DeliveryStatus;
  attempts: number;
  error?: string;
}

/** A send claimed and never settled: its notifier stopped between the claim and the settle. */
export interface UnsettledSend {
  eventId: string;
  channel: string;
  /** `user:<id>`, or `guest` (a guest's address stays out of logs). */
  recipient: string;
  claimedAt: string;
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

const DELIVERY_RETENTION_SECONDS = 90 * 24 * 3600;

/** A send claimed and neither settled nor reported since. */
const stillUnsettled: ConditionPart = {
  expression: '#status = :sending AND gsi3pk = :unsettled',
  names: { '#status': 'status' },
  values: { ':sending': 'sending', ':unsettled': UNSETTLED_SENDS_PARTITION },
};

/** A send left to retry after a transient failure: it may be taken again. */
const leftToRetry: ConditionPart = { expression: '#status = :retry', names: { '#status': 'status' }, values: { ':retry': 'retry' } };

/**
 * Delivery records make each (event, recipient, channel) send at most once, however
 * often the event is delivered: a send is claimed with a conditional write before it
 * happens. A claim left in `retry` (a transient failure) may be taken again.
 */
export class NotificationRepository {
  constructor(private readonly table: TableClient) {}

  /** True when this caller may send now; false when it was sent, is being sent, or failed for good. */
  async claimDelivery(eventId: string, recipientKey: string, channel: string, now: number): Promise<boolean> {
    return writtenIfConditionHolds(
      this.table.documents.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: deliveryKey(eventId, recipientKey, channel),
          // While sending, the record is in the unsettled sends' index, which the sweeper reads.
          UpdateExpression:
            'SET #status = :sending, updatedAt = :now, expiresAt = :expires, entity = :entity, eventId = :eventId, channel = :channel, ' +
            'recipient = :recipient, gsi3pk = :unsettled, gsi3sk = :now ADD attempts :one',
          ...condition(anyOf(itemIsNew, leftToRetry), {
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
    return Item ? { status: Item.status, attempts: Item.attempts, ...(Item.lastError ? { error: Item.lastError } : {}) } : undefined;
  }

  /**
   * Takes out of the index the sends claimed before `claimedBefore` and never settled,
   * oldest first, at most `limit`, and answers them: each is answered once, to one
   * caller (a concurrent sweep, or a settle that came late, keeps it). A notifier
   * settles within its timeout, so a claim older than that was left by one that
   * stopped: the message may or may not have gone (decision 0003). The record stays
   * `sending`, with `reportedAt`.
   */
  async takeUnsettledSends(claimedBefore: number, limit: number, now: number): Promise<UnsettledSend[]> {
    const { Items = [] } = await this.table.documents.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :unsettled AND gsi3sk < :before',
        ExpressionAttributeValues: { ':unsettled': UNSETTLED_SENDS_PARTITION, ':before': new Date(claimedBefore).toISOString() },
        Limit: limit,
      }),
    );
    const taken = await Promise.all(
      Items.map((item) =>
        writtenIfConditionHolds(
          this.table.documents.send(
            new UpdateCommand({
              TableName: this.table.tableName,
              Key: { pk: item.pk, sk: item.sk },
              UpdateExpression: 'SET reportedAt = :now REMOVE gsi3pk, gsi3sk',
              ...condition(stillUnsettled, { values: { ':now': new Date(now).toISOString() } }),
            }),
          ),
        ),
      ),
    );
    return Items.filter((_item, index) => taken[index]).map((item) => ({
      eventId: String(item.eventId),
      channel: String(item.channel),
      recipient: String(item.recipient),
      claimedAt: String(item.updatedAt),
    }));
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
