import type { Outbox as OutboxPort } from '#ports/outbox.ts';
import { QueryCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { batchGetItems } from './batch-get.ts';
import { writtenIfConditionHolds } from './conditional-write.ts';
import { condition, itemExists, itemIsNew } from './condition-expressions.ts';
import { decodeCursor, encodeCursor, is, startsWith, type Page } from './cursors.ts';
import { PENDING_EVENTS_PARTITION, eventKey } from './keys.ts';
import type { TableClient } from './table-client.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const EVENT_RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * A change event recorded with the change itself (decision 0003): pending (in gsi3)
 * until published. Kept 30 days after it happened, for inspection.
 */
export const outboxEventPut = (tableName: string, event: PlanningMeetingEvent): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: {
      ...eventKey(event.eventId),
      entity: 'event',
      detailType: event.type,
      detail: event,
      gsi3pk: PENDING_EVENTS_PARTITION,
      gsi3sk: `${event.occurredAt}#${event.eventId}`,
      expiresAt: Math.floor(Date.parse(event.occurredAt) / 1000) + EVENT_RETENTION_SECONDS,
    },
    ...condition(itemIsNew),
  },
});

/** The change events waiting to be published, and marking them published. */
export class Outbox implements OutboxPort {
  constructor(private readonly table: TableClient) {}

  /** Change events not yet published, oldest first, a page at a time (gsi3, sparse). */
  async pending(limit: number, cursor?: string): Promise<Page<PlanningMeetingEvent>> {
    const answer = await this.table.documents.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pending',
        ExpressionAttributeValues: { ':pending': PENDING_EVENTS_PARTITION },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, { pk: startsWith('EVENT#'), sk: is('EVENT'), gsi3pk: is(PENDING_EVENTS_PARTITION), gsi3sk: startsWith('') }),
      }),
    );
    return { items: (answer.Items ?? []).map((item) => item.detail as PlanningMeetingEvent), cursor: encodeCursor(answer.LastEvaluatedKey) };
  }

  /** Recorded change events by id, published or not (kept 30 days); the ones not found are absent. */
  async recorded(eventIds: readonly string[]): Promise<PlanningMeetingEvent[]> {
    if (eventIds.length === 0) return [];
    const found = await batchGetItems(this.table, eventIds.map(eventKey));
    return [...found.values()].map((item) => item.detail as PlanningMeetingEvent);
  }

  /** Takes published events out of the pending index; the item stays (TTL) for inspection. */
  async markPublished(eventIds: readonly string[], now: number): Promise<void> {
    await Promise.all(
      eventIds.map((eventId) =>
        writtenIfConditionHolds(
          this.table.documents.send(
            new UpdateCommand({
              TableName: this.table.tableName,
              Key: eventKey(eventId),
              UpdateExpression: 'REMOVE gsi3pk, gsi3sk SET publishedAt = :now',
              ...condition(itemExists, { values: { ':now': new Date(now).toISOString() } }),
            }),
          ),
        ),
      ),
    );
  }
}
