import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { isActive, type PlanningMeeting } from '#domain/planning-meeting.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { MeetingWriteConflict, type WriteConflict } from '#domain/meeting-write-conflict.ts';
import type { HistoryEntry, MeetingStore, MeetingWrite, StoredMeeting } from '#ports/meeting-store.ts';
import { claimPut } from './claims.ts';
import { anyOf, condition, stillAsRead, itemIsNew, versionIs, type ConditionPart } from './condition-expressions.ts';
import { between, decodeCursor, encodeCursor, is, MAX_READS_PER_PAGE, startsWith, type Page } from './cursors.ts';
import { answeredKeyPut } from './idempotency-records.ts';
import { activeMeetingIndexKeys, activeMeetingKey, historyKey, meetingIndexKeys, meetingKey, reminderKey } from './keys.ts';
import { outboxEventPut } from './outbox.ts';
import type { TableClient } from './table-client.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const REMINDER_RETENTION_SECONDS = 30 * 24 * 3600;

export type { HistoryEntry, MeetingWrite, StoredMeeting };
export { MeetingWriteConflict };

/** The apprentice's active-meeting marker is free, or already names this meeting: one active meeting per apprentice (SPEC §4.1). */
const markerFreeOrOf = (meetingId: string): ConditionPart =>
  anyOf(itemIsNew, { expression: 'meetingId = :meeting', values: { ':meeting': meetingId } });

/** A transaction's item and the conflict its failed condition means. */
interface Part {
  item: TransactItem;
  conflict: WriteConflict;
}

const partsOf = (tableName: string, write: MeetingWrite): Part[] => {
  const { meeting } = write;
  const parts: Part[] = [
    {
      conflict: 'meeting',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...meetingKey(meeting.id), ...meetingIndexKeys(meeting), entity: 'meeting', meeting, claimUnits: write.claimUnits, version: meeting.version, status: meeting.status },
          ...condition(stillAsRead(write.expectedVersion)),
        },
      },
    },
    ...write.claims.map((claim): Part => ({ conflict: 'claim', item: claimPut(tableName, claim) })),
  ];
  // The marker carries the meeting's status and start, which the planning meeting listing shows: every change of an
  // active meeting writes it again (an approval, a new start), not only the booking that claims it.
  const marker = write.activeMeeting ?? (isActive(meeting.status) ? { apprenticeId: meeting.apprenticeId, action: 'claim' as const } : undefined);
  if (marker) {
    const { apprenticeId, action } = marker;
    const guard = condition(markerFreeOrOf(meeting.id));
    parts.push({
      conflict: 'activeMeeting',
      item:
        action === 'claim'
          ? {
              Put: {
                TableName: tableName,
                Item: {
                  ...activeMeetingKey(apprenticeId),
                  ...activeMeetingIndexKeys(meeting),
                  entity: 'activeMeeting',
                  meetingId: meeting.id,
                  status: meeting.status,
                  start: meeting.start,
                },
                ...guard,
              },
            }
          : { Delete: { TableName: tableName, Key: activeMeetingKey(apprenticeId), ...guard } },
    });
  }
  write.history.forEach((entry, index) => {
    parts.push({ conflict: 'meeting', item: { Put: { TableName: tableName, Item: { ...historyKey(meeting.id, entry.version, index), entity: 'history', ...entry } } } });
  });
  for (const event of write.events) parts.push({ conflict: 'meeting', item: outboxEventPut(tableName, event) });
  if (write.idempotency) parts.push({ conflict: 'idempotency', item: answeredKeyPut(tableName, write.idempotency) });
  return parts;
};

/** Planning meetings: each change written with its claims, history and events in one transaction. */
export class MeetingRepository implements MeetingStore {
  /**
   * `afterCommit` lets the local host drain the outbox straight after a change; in AWS
   * the table's stream does that job and nothing is set here.
   */
  constructor(
    private readonly table: TableClient,
    private readonly afterCommit?: (events: readonly PlanningMeetingEvent[]) => void,
  ) {}

  async get(meetingId: string): Promise<StoredMeeting | undefined> {
    const { Item } = await this.table.documents.send(
      new GetCommand({ TableName: this.table.tableName, Key: meetingKey(meetingId), ConsistentRead: true }),
    );
    return Item ? { meeting: Item.meeting as PlanningMeeting, claimUnits: (Item.claimUnits as string[] | undefined) ?? [] } : undefined;
  }

  /** The id of the apprentice's provisional or confirmed meeting, if any. */
  async activeMeetingOf(apprenticeId: string): Promise<string | undefined> {
    const { Item } = await this.table.documents.send(
      new GetCommand({ TableName: this.table.tableName, Key: activeMeetingKey(apprenticeId), ConsistentRead: true }),
    );
    return Item?.meetingId as string | undefined;
  }

  /**
   * One `TransactWriteItems`: the meeting, its claim weeks, the apprentice's marker, its
   * history, its outbox events and its idempotency record. A refusal is thrown as a
   * `MeetingWriteConflict` naming which conditions failed.
   */
  async commit(write: MeetingWrite): Promise<void> {
    const parts = partsOf(this.table.tableName, write);
    try {
      await this.table.documents.send(new TransactWriteCommand({ TransactItems: parts.map((part) => part.item) }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const conflicts = new Set<WriteConflict>();
      (error.CancellationReasons ?? []).forEach((reason, index) => {
        if (reason.Code === 'ConditionalCheckFailed') conflicts.add(parts[index]?.conflict ?? 'meeting');
      });
      // A cancellation for throttling or a conflicting transaction is worth a retry as a race.
      if (conflicts.size === 0) conflicts.add('claim');
      throw new MeetingWriteConflict(conflicts);
    }
    if (write.events.length > 0) this.afterCommit?.(write.events);
  }

  async history(meetingId: string): Promise<HistoryEntry[]> {
    const entries: HistoryEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const answer = await this.table.documents.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
          ExpressionAttributeValues: { ':pk': meetingKey(meetingId).pk, ':history': 'HISTORY#' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of answer.Items ?? []) {
        entries.push({ at: item.at, by: item.by, type: item.type, version: item.version, change: item.change } as HistoryEntry);
      }
      start = answer.LastEvaluatedKey;
    } while (start);
    return entries;
  }

  /**
   * Meetings of one index partition (an apprentice, an EPA or a status) whose start is
   * in [from, to), ordered by start, a page at a time. A cursor is accepted only as this
   * listing issues it: a meeting's key in that partition, inside the range.
   */
  async list(
    index: 'gsi1' | 'gsi2' | 'gsi3',
    partition: string,
    range: { from?: string | undefined; to?: string | undefined },
    page: { limit: number; cursor?: string | undefined; statuses?: readonly string[] | undefined },
  ): Promise<Page<PlanningMeeting>> {
    const from = range.from ?? '0000';
    const to = range.to ?? '9999';
    const names: Record<string, string> = { '#pk': `${index}pk`, '#sk': `${index}sk` };
    const values: Record<string, unknown> = { ':pk': partition, ':from': from, ':to': to };
    let filter: string | undefined;
    if (page.statuses && page.statuses.length > 0) {
      names['#status'] = 'status';
      page.statuses.forEach((status, i) => (values[`:s${i}`] = status));
      filter = `#status IN (${page.statuses.map((_, i) => `:s${i}`).join(', ')})`;
    }
    const items: PlanningMeeting[] = [];
    let start: Record<string, unknown> | undefined = decodeCursor(page.cursor, {
      pk: startsWith('MEETING#'),
      sk: is('MEETING'),
      [`${index}pk`]: is(partition),
      [`${index}sk`]: between(from, to),
    });
    // A filter can thin a page out; keep reading until the page is full, the range ends, or MAX_READS_PER_PAGE.
    let reads = 0;
    do {
      const answer = await this.table.documents.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: index,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ...(filter ? { FilterExpression: filter } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          Limit: page.limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(answer.Items ?? []).map((item) => item.meeting as PlanningMeeting));
      start = answer.LastEvaluatedKey;
      reads += 1;
    } while (start && items.length < page.limit && reads < MAX_READS_PER_PAGE);
    return { items, cursor: encodeCursor(start) };
  }

  /** Whether the reminder of this start was written already (sent, or decided against). */
  async reminderWritten(meetingId: string, start: string): Promise<boolean> {
    const { Item } = await this.table.documents.send(
      new GetCommand({ TableName: this.table.tableName, Key: reminderKey(meetingId, start), ConsistentRead: true }),
    );
    return Item !== undefined;
  }

  /**
   * Records the reminder of the meeting's start, with its event when it is sent, in one
   * transaction that holds only while the meeting is as read (a change in between may
   * have cancelled or moved it) and no reminder of that start was written (a second
   * sweeper at once): so it goes once per start. False when refused; the next sweep
   * reads the meeting again.
   */
  async recordReminder(meeting: PlanningMeeting, event: PlanningMeetingEvent | null): Promise<boolean> {
    const tableName = this.table.tableName;
    // Kept a month past the start, like the events, then left to the table's TTL.
    const expiresAt = Math.floor(Date.parse(meeting.start) / 1000) + REMINDER_RETENTION_SECONDS;
    const items: TransactItem[] = [
      { ConditionCheck: { TableName: tableName, Key: meetingKey(meeting.id), ...condition(versionIs(meeting.version)) } },
      {
        Put: {
          TableName: tableName,
          Item: { ...reminderKey(meeting.id, meeting.start), entity: 'reminder', meetingId: meeting.id, start: meeting.start, eventId: event?.eventId ?? null, expiresAt },
          ...condition(itemIsNew),
        },
      },
      ...(event ? [outboxEventPut(tableName, event)] : []),
    ];
    try {
      await this.table.documents.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
    if (event) this.afterCommit?.([event]);
    return true;
  }
}
