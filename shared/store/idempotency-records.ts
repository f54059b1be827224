import type { AnsweredKey, IdempotencyRecord, IdempotencyState, IdempotencyStore, StoredAnswer } from '#ports/idempotency-store.ts';
import { IDEMPOTENCY_SECONDS } from '#domain/retention.ts';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { writtenIfConditionHolds } from './conditional-write.ts';
import { allOf, anyOf, condition, itemIsNew, type ConditionPart } from './condition-expressions.ts';
import { idempotencyKey } from './keys.ts';
import type { TableClient } from './table-client.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export { IDEMPOTENCY_SECONDS };

export type { AnsweredKey, StoredAnswer };

/** The key's 24 hours are over (TTL deletion is lazy). */
const hasExpired: ConditionPart = { expression: 'expiresAt <= :nowSeconds' };
/** Taken for a capacity batch whose answer is not kept yet. */
const unanswered: ConditionPart = { expression: 'attribute_not_exists(answer)' };
/** Its taker has had the lease and more: the process that took it is presumed gone. */
const leaseLapsed: ConditionPart = { expression: 'runningUntil <= :now' };
const takenBy = (owner: string): ConditionPart => ({ expression: '#owner = :owner', names: { '#owner': 'owner' }, values: { ':owner': owner } });

/** A booking's answer, kept in the booking's own transaction: a second write of the key cancels it. */
export const answeredKeyPut = (tableName: string, record: AnsweredKey): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: { ...idempotencyKey(record.scope, record.key), entity: 'idempotency', requestHash: record.requestHash, answer: record.answer, expiresAt: record.expiresAt },
    ...condition(itemIsNew),
  },
});

/** Idempotency keys: per caller (`scope`), kept 24 hours, read consistently. */
export class IdempotencyRecords implements IdempotencyStore {
  constructor(private readonly table: TableClient) {}

  async answerOf(scope: string, key: string, now: number): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.table.documents.send(
      new GetCommand({ TableName: this.table.tableName, Key: idempotencyKey(scope, key), ConsistentRead: true }),
    );
    // TTL deletion is lazy; an expired record no longer counts.
    if (!Item || (Item.expiresAt as number) * 1000 <= now || Item.answer === undefined) return undefined;
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
  async reserve(scope: string, key: string, requestHash: string, owner: string, now: number, leaseMs: number): Promise<IdempotencyState> {
    const nowSeconds = Math.floor(now / 1000);
    for (;;) {
      const reserved = await writtenIfConditionHolds(
        this.table.documents.send(
          new PutCommand({
            TableName: this.table.tableName,
            Item: { ...idempotencyKey(scope, key), entity: 'idempotency', requestHash, owner, runningUntil: now + leaseMs, expiresAt: nowSeconds + IDEMPOTENCY_SECONDS },
            ...condition(anyOf(itemIsNew, hasExpired, allOf(unanswered, leaseLapsed)), { values: { ':now': now, ':nowSeconds': nowSeconds } }),
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
          ...condition(allOf(takenBy(owner), unanswered), { values: { ':answer': answer } }),
        }),
      ),
    );
  }

  /** Gives a reserved key back unanswered (the work failed before it could answer), so a retry runs at once. */
  async release(scope: string, key: string, owner: string): Promise<void> {
    await writtenIfConditionHolds(
      this.table.documents.send(
        new DeleteCommand({ TableName: this.table.tableName, Key: idempotencyKey(scope, key), ...condition(allOf(takenBy(owner), unanswered)) }),
      ),
    );
  }
}
