import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { PlanningMeeting } from '#domain/planning-meeting.ts';
import type { ClaimedInterval, EpaWeekClaim } from '#domain/time-claims.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import {
  PENDING_EVENTS_PARTITION,
  activeMeetingKey,
  claimKey,
  eventKey,
  historyKey,
  idempotencyKey,
  meetingIndexKeys,
  meetingKey,
} from './keys.ts';
import { batchGetItems } from './batch-get.ts';
import { writtenIfConditionHolds } from './conditional-write.ts';
import { RecentReads, type RecentReadsOptions } from './recent-reads.ts';
import type { TableClient } from './table-client.ts';

export interface StoredMeeting {
  meeting: PlanningMeeting;
  /** The claim weeks written for it, kept so a release frees exactly those. */
  claimWeeks: string[];
}

export interface HistoryEntry {
  at: string;
  by: string;
  type: string;
  version: number;
  change: Record<string, unknown>;
}

export interface StoredAnswer {
  status: number;
  body: unknown;
}

export interface IdempotencyRecord {
  requestHash: string;
  answer: StoredAnswer;
}

/** Where a key taken before work that is not one transaction stands (see `reserveIdempotencyKey`). */
export type IdempotencyState =
  | { kind: 'reserved'; owner: string }
  | ({ kind: 'answered' } & IdempotencyRecord)
  | { kind: 'running'; requestHash: string };

export interface ClaimWrite {
  epaId: string;
  week: string;
  intervals: ClaimedInterval[];
  /** The version read; 0 when the item did not exist. */
  expectedVersion: number;
}

/** One change of one meeting, written all at once or not at all. */
export interface MeetingWrite {
  meeting: PlanningMeeting;
  claimWeeks: string[];
  /** The meeting version read; 0 for a new meeting. */
  expectedVersion: number;
  claims: ClaimWrite[];
  activeMeeting?: { apprenticeId: string; action: 'claim' | 'release' };
  history: HistoryEntry[];
  events: PlanningMeetingEvent[];
  idempotency?: { scope: string; key: string; requestHash: string; answer: StoredAnswer; expiresAt: number };
}

export type WriteConflict = 'meeting' | 'claim' | 'activeMeeting' | 'idempotency';

/** The transaction was refused: which of its conditions failed. */
export class MeetingWriteConflict extends Error {
  constructor(readonly conflicts: ReadonlySet<WriteConflict>) {
    super(`Meeting write refused: ${[...conflicts].join(', ')}`);
    this.name = 'MeetingWriteConflict';
  }
}

export interface Page<T> {
  items: T[];
  cursor: string | undefined;
}

const EVENT_RETENTION_SECONDS = 30 * 24 * 3600;

export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

export const decodeCursor = (cursor: string | undefined): Record<string, unknown> | undefined => {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/** How far behind the table a recent claim read may be in this process (decision 0004). */
export const RECENT_CLAIMS = { refreshAfterMs: 1_000, maxAgeMs: 2_000 } as const;

const claimCacheKey = (claim: { epaId: string; week: string }): string => `${claim.epaId}|${claim.week}`;
const claimOfCacheKey = (key: string): { epaId: string; week: string } => {
  const bar = key.lastIndexOf('|');
  return { epaId: key.slice(0, bar), week: key.slice(bar + 1) };
};

/** Frozen: the recent copies are shared by every caller of this process. */
const frozenClaim = (claim: { epaId: string; week: string; intervals: readonly ClaimedInterval[]; version: number }): EpaWeekClaim =>
  Object.freeze({ ...claim, intervals: Object.freeze(claim.intervals.map((interval) => Object.freeze({ ...interval }))) });

/** A meeting whose transaction this process has sent and not yet seen answered. */
export interface MeetingInFlight {
  meetingId: string;
  resourceId: string;
  start: number;
  end: number;
}

export class MeetingRepository {
  readonly #recentClaims: RecentReads<EpaWeekClaim>;
  readonly #inFlight = new Map<string, MeetingInFlight>();
  /** Claim weeks that commits of this process are writing, with each commit's answer. */
  readonly #claimWeeksInFlight = new Map<string, Set<Promise<unknown>>>();

  /**
   * `afterCommit` lets the local host drain the outbox straight after a change; in AWS
   * the table's stream does that job and nothing is set here.
   */
  constructor(
    private readonly table: TableClient,
    private readonly afterCommit?: (events: readonly PlanningMeetingEvent[]) => void,
    options: { recentClaims?: RecentReadsOptions } = {},
  ) {
    this.#recentClaims = new RecentReads(options.recentClaims ?? RECENT_CLAIMS);
  }

  async get(meetingId: string): Promise<StoredMeeting | undefined> {
    const { Item } = await this.table.documents.send(
      new GetCommand({ TableName: this.table.tableName, Key: meetingKey(meetingId), ConsistentRead: true }),
    );
    return Item ? { meeting: Item.meeting as PlanningMeeting, claimWeeks: (Item.claimWeeks as string[] | undefined) ?? [] } : undefined;
  }

  /** The id of the apprentice's provisional or confirmed meeting, if any. */
  async activeMeetingOf(apprenticeId: string): Promise<string | undefined> {
    const { Item } = await this.table.documents.send(
      new GetCommand({ TableName: this.table.tableName, Key: activeMeetingKey(apprenticeId), ConsistentRead: true }),
    );
    return Item?.meetingId as string | undefined;
  }

  /**
   * Claim weeks of several EPAs in one consistent batch; a missing week is an empty claim
   * at version 0. What it read also refreshes the recent copies (`recentClaims`), so the
   * next booking of this process does not lose a race on a week it already read afresh.
   */
  async claims(wanted: ReadonlyArray<{ epaId: string; week: string }>): Promise<EpaWeekClaim[]> {
    // Each week once: a change's claims go into one transaction, which may name an item only once.
    const unique = [...new Map(wanted.map((claim) => [claimCacheKey(claim), claim])).values()];
    const keys = unique.map(claimCacheKey);
    const values = await this.#recentClaims.readAgain(keys, (missing) => this.#readClaims(missing));
    return unique.map((claim, index) => values.get(keys[index]!) ?? { ...claim, intervals: [], version: 0 });
  }

  /**
   * Claim weeks as this process read (or wrote) them a moment ago (`RECENT_CLAIMS`).
   * Only for what a conditional write confirms or what is advice anyway: a booking's
   * first attempt (a stale week fails the transaction's version condition, and the
   * retry reads with `claims`) and the slots listing. A commit through this repository
   * drops the weeks it wrote, so this process sees its own changes at once.
   */
  async recentClaims(wanted: ReadonlyArray<{ epaId: string; week: string }>): Promise<EpaWeekClaim[]> {
    const keys = wanted.map(claimCacheKey);
    const values = await this.#recentClaims.get(keys, (missing) => this.#readClaims(missing));
    return wanted.map((claim, index) => values.get(keys[index]!) ?? { ...claim, intervals: [], version: 0 });
  }

  /** One consistent batch of claim weeks by cache key; a missing week is an empty claim at version 0. */
  async #readClaims(keys: readonly string[]): Promise<Map<string, EpaWeekClaim>> {
    const wanted = keys.map(claimOfCacheKey);
    const items = await batchGetItems(this.table, wanted.map((claim) => claimKey(claim.epaId, claim.week)));
    const found = new Map<string, EpaWeekClaim>();
    for (const item of items.values()) {
      const claim = frozenClaim({
        epaId: item.epaId as string,
        week: item.week as string,
        intervals: (item.intervals as ClaimedInterval[] | undefined) ?? [],
        version: item.version as number,
      });
      found.set(claimCacheKey(claim), claim);
    }
    return new Map(
      wanted.map((claim) => [claimCacheKey(claim), found.get(claimCacheKey(claim)) ?? Object.freeze({ ...claim, intervals: Object.freeze([]), version: 0 })]),
    );
  }

  /**
   * Meetings that take capacity and are being committed by this process right now.
   * A capacity ranking counts them, so bookings racing in one process spread over
   * EPAs instead of all choosing the same one and all but one losing.
   */
  meetingsInFlight(): MeetingInFlight[] {
    return [...this.#inFlight.values()];
  }

  /**
   * Settles once every commit of this process now writing one of these claim weeks has
   * been answered (either way); undefined when none is. A booking about to write those
   * weeks waits and reads again instead of sending a transaction bound to fail.
   */
  commitsLandingOn(claims: ReadonlyArray<{ epaId: string; week: string }>): Promise<void> | undefined {
    const pending = claims.flatMap((claim) => [...(this.#claimWeeksInFlight.get(claimCacheKey(claim)) ?? [])]);
    return pending.length > 0 ? Promise.allSettled(pending).then(() => undefined) : undefined;
  }

  async idempotencyRecord(scope: string, key: string, now: number): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.table.documents.send(
      new GetCommand({ TableName: this.table.tableName, Key: idempotencyKey(scope, key), ConsistentRead: true }),
    );
    // TTL deletion is lazy; an expired record no longer counts.
    if (!Item || (Item.expiresAt as number) * 1000 <= now) return undefined;
    return { requestHash: Item.requestHash as string, answer: Item.answer as StoredAnswer };
  }

  /**
   * Takes an idempotency key before work that is not one transaction (a capacity batch), so
   * that one request sent twice at once runs once. Answers `reserved` to the caller that
   * took it; to any other, the answer once kept, or that the work is still running. A key
   * taken but never answered (its process stopped) can be taken again after `leaseMs`.
   * `owner` (new for every reservation) lets only the taker answer or give it back: one
   * that took so long that another took the key over cannot overwrite or drop theirs.
   */
  async reserveIdempotencyKey(scope: string, key: string, requestHash: string, owner: string, now: number, leaseMs: number): Promise<IdempotencyState> {
    for (;;) {
      const reserved = await writtenIfConditionHolds(
        this.table.documents.send(
          new PutCommand({
            TableName: this.table.tableName,
            Item: { ...idempotencyKey(scope, key), entity: 'idempotency', requestHash, owner, runningUntil: now + leaseMs, expiresAt: Math.floor(now / 1000) + 24 * 3600 },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :nowSeconds OR (attribute_not_exists(answer) AND runningUntil <= :now)',
            ExpressionAttributeValues: { ':now': now, ':nowSeconds': Math.floor(now / 1000) },
          }),
        ),
      );
      if (reserved) return { kind: 'reserved', owner };
      const { Item } = await this.table.documents.send(
        new GetCommand({ TableName: this.table.tableName, Key: idempotencyKey(scope, key), ConsistentRead: true }),
      );
      // Gone or expired in between: take it again.
      if (!Item || (Item.expiresAt as number) * 1000 <= now) continue;
      const requestHashOfItem = Item.requestHash as string;
      if (Item.answer !== undefined) return { kind: 'answered', requestHash: requestHashOfItem, answer: Item.answer as StoredAnswer };
      return { kind: 'running', requestHash: requestHashOfItem };
    }
  }

  /** Keeps the answer of a key this owner reserved and still holds. */
  async rememberAnswer(scope: string, key: string, owner: string, answer: StoredAnswer): Promise<void> {
    await writtenIfConditionHolds(
      this.table.documents.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: idempotencyKey(scope, key),
          UpdateExpression: 'SET answer = :answer REMOVE runningUntil',
          ConditionExpression: '#owner = :owner AND attribute_not_exists(answer)',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':answer': answer, ':owner': owner },
        }),
      ),
    );
  }

  /** Gives a reserved key back unanswered (the work failed before it could answer), so a retry runs at once. */
  async releaseIdempotencyKey(scope: string, key: string, owner: string): Promise<void> {
    await writtenIfConditionHolds(
      this.table.documents.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: idempotencyKey(scope, key),
          ConditionExpression: '#owner = :owner AND attribute_not_exists(answer)',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      ),
    );
  }

  async commit(write: MeetingWrite): Promise<void> {
    const { tableName } = this.table;
    const { meeting } = write;
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [];
    const roles: WriteConflict[] = [];

    items.push({
      Put: {
        TableName: tableName,
        Item: {
          ...meetingKey(meeting.id),
          ...meetingIndexKeys(meeting),
          entity: 'meeting',
          meeting,
          claimWeeks: write.claimWeeks,
          version: meeting.version,
          status: meeting.status,
        },
        ...(write.expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': write.expectedVersion } }),
      },
    });
    roles.push('meeting');

    for (const claim of write.claims) {
      items.push({
        Put: {
          TableName: tableName,
          Item: { ...claimKey(claim.epaId, claim.week), entity: 'claim', epaId: claim.epaId, week: claim.week, intervals: claim.intervals, version: claim.expectedVersion + 1 },
          ...(claim.expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': claim.expectedVersion } }),
        },
      });
      roles.push('claim');
    }

    if (write.activeMeeting?.action === 'claim') {
      items.push({
        Put: {
          TableName: tableName,
          Item: { ...activeMeetingKey(write.activeMeeting.apprenticeId), entity: 'activeMeeting', meetingId: meeting.id },
          // One active planning meeting per apprentice, however many requests race (SPEC §4.1).
          ConditionExpression: 'attribute_not_exists(pk) OR meetingId = :meeting',
          ExpressionAttributeValues: { ':meeting': meeting.id },
        },
      });
      roles.push('activeMeeting');
    } else if (write.activeMeeting?.action === 'release') {
      items.push({
        Delete: {
          TableName: tableName,
          Key: activeMeetingKey(write.activeMeeting.apprenticeId),
          ConditionExpression: 'attribute_not_exists(pk) OR meetingId = :meeting',
          ExpressionAttributeValues: { ':meeting': meeting.id },
        },
      });
      roles.push('activeMeeting');
    }

    write.history.forEach((entry, index) => {
      items.push({ Put: { TableName: tableName, Item: { ...historyKey(meeting.id, entry.version, index), entity: 'history', ...entry } } });
      roles.push('meeting');
    });

    for (const event of write.events) {
      const occurred = Date.parse(event.occurredAt);
      items.push({
        Put: {
          TableName: tableName,
          Item: {
            ...eventKey(event.eventId),
            entity: 'event',
            detailType: event.type,
            detail: event,
            gsi3pk: PENDING_EVENTS_PARTITION,
            gsi3sk: `${event.occurredAt}#${event.eventId}`,
            expiresAt: Math.floor(occurred / 1000) + EVENT_RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      roles.push('meeting');
    }

    if (write.idempotency) {
      const { scope, key, requestHash, answer, expiresAt } = write.idempotency;
      items.push({
        Put: {
          TableName: tableName,
          Item: { ...idempotencyKey(scope, key), entity: 'idempotency', requestHash, answer, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      roles.push('idempotency');
    }

    const holdsCapacity = write.claims.length > 0 && (meeting.status === 'provisional' || meeting.status === 'confirmed');
    if (holdsCapacity) {
      this.#inFlight.set(meeting.id, { meetingId: meeting.id, resourceId: meeting.epaId, start: Date.parse(meeting.start), end: Date.parse(meeting.end) });
    }
    const sent = this.table.documents.send(new TransactWriteCommand({ TransactItems: items }));
    const claimKeys = write.claims.map(claimCacheKey);
    for (const key of claimKeys) {
      const commits = this.#claimWeeksInFlight.get(key);
      if (commits) commits.add(sent);
      else this.#claimWeeksInFlight.set(key, new Set([sent]));
    }
    try {
      await sent;
      // The weeks now hold exactly what was written: kept as fresh copies, so the next
      // booking of this process on those weeks needs no read.
      this.#recentClaims.remember(
        new Map(
          write.claims.map((claim) => [
            claimCacheKey(claim),
            frozenClaim({ epaId: claim.epaId, week: claim.week, intervals: claim.intervals, version: claim.expectedVersion + 1 }),
          ]),
        ),
      );
      if (write.events.length > 0) this.afterCommit?.(write.events);
    } catch (error) {
      // Refused or unknown: either way what this process holds for those weeks may be old.
      this.#recentClaims.forget(claimKeys);
      if (!(error instanceof TransactionCanceledException)) throw error;
      const conflicts = new Set<WriteConflict>();
      (error.CancellationReasons ?? []).forEach((reason, index) => {
        if (reason.Code === 'ConditionalCheckFailed') conflicts.add(roles[index] ?? 'meeting');
      });
      // A cancellation for throttling or a conflicting transaction is worth a retry as a race.
      if (conflicts.size === 0) conflicts.add('claim');
      throw new MeetingWriteConflict(conflicts);
    } finally {
      if (holdsCapacity) this.#inFlight.delete(meeting.id);
      for (const key of claimKeys) {
        const commits = this.#claimWeeksInFlight.get(key);
        commits?.delete(sent);
        if (commits?.size === 0) this.#claimWeeksInFlight.delete(key);
      }
    }
  }

  /** Change events not yet published, oldest first, a page at a time (gsi3, sparse). */
  async pendingEvents(limit: number, cursor?: string): Promise<Page<PlanningMeetingEvent>> {
    const answer = await this.table.documents.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pending',
        ExpressionAttributeValues: { ':pending': PENDING_EVENTS_PARTITION },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return { items: (answer.Items ?? []).map((item) => item.detail as PlanningMeetingEvent), cursor: encodeCursor(answer.LastEvaluatedKey) };
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
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':now': new Date(now).toISOString() },
            }),
          ),
        ),
      ),
    );
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
   * in [from, to), ordered by start, a page at a time.
   */
  async list(
    index: 'gsi1' | 'gsi2' | 'gsi3',
    partition: string,
    range: { from?: string | undefined; to?: string | undefined },
    page: { limit: number; cursor?: string | undefined; statuses?: readonly string[] | undefined },
  ): Promise<Page<PlanningMeeting>> {
    const names: Record<string, string> = { '#pk': `${index}pk`, '#sk': `${index}sk` };
    const values: Record<string, unknown> = { ':pk': partition, ':from': range.from ?? '0000', ':to': range.to ?? '9999' };
    let filter: string | undefined;
    if (page.statuses && page.statuses.length > 0) {
      names['#status'] = 'status';
      page.statuses.forEach((status, i) => (values[`:s${i}`] = status));
      filter = `#status IN (${page.statuses.map((_, i) => `:s${i}`).join(', ')})`;
    }
    const items: PlanningMeeting[] = [];
    let start = decodeCursor(page.cursor);
    // A filter can thin a page out; keep reading until the page is full or the range ends.
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
    } while (start && items.length < page.limit);
    return { items, cursor: encodeCursor(start) };
  }
}
