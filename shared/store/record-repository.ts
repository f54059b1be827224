import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DomainError } from '#domain/errors.ts';
import type { RecordMeta } from '#domain/directory.ts';
import { recordKey, type ItemKey, type RecordKind } from './keys.ts';
import { batchGetItems } from './batch-get.ts';
import type { TableClient } from './table-client.ts';

export interface StoredRecord<T> {
  data: T;
  meta: RecordMeta;
}

export interface WriteOptions {
  /** The version the caller last read (`If-Match`); absent = last writer wins. */
  ifVersion?: number | undefined;
  by: string;
  now: number;
}

interface RecordItem extends ItemKey {
  kind: RecordKind;
  data: unknown;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

const toRecord = <T>(item: RecordItem): StoredRecord<T> => ({
  data: item.data as T,
  meta: { version: item.version, updatedAt: item.updatedAt, updatedBy: item.updatedBy },
});

/**
 * Versioned directory and configuration records. Every write is conditional on the
 * version it read, so two administrators editing at once never overwrite each other.
 */
export class RecordRepository {
  private readonly cache = new Map<string, { record: StoredRecord<unknown> | undefined; until: number }>();

  constructor(private readonly table: TableClient) {}

  /**
   * A record read at most `maxAgeMs` ago by this process, for what every request reads
   * (the permissions map). Writes through this repository drop the cached copy at once;
   * other processes (other Lambda containers) see a change within `maxAgeMs`.
   */
  async getCached<T>(kind: RecordKind, id: string, maxAgeMs: number, now: number = Date.now()): Promise<StoredRecord<T> | undefined> {
    const key = `${kind}:${id}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.record as StoredRecord<T> | undefined;
    const record = await this.get<T>(kind, id);
    this.cache.set(key, { record, until: now + maxAgeMs });
    return record;
  }

  async get<T>(kind: RecordKind, id: string): Promise<StoredRecord<T> | undefined> {
    const { Item } = await this.table.documents.send(
      new GetCommand({ TableName: this.table.tableName, Key: recordKey(kind, id), ConsistentRead: true }),
    );
    return Item ? toRecord<T>(Item as RecordItem) : undefined;
  }

  /** One round trip per 100 ids, answered as a map by id; missing ids are absent. */
  async getMany<T>(kind: RecordKind, ids: readonly string[]): Promise<Map<string, StoredRecord<T>>> {
    const found = await this.getMixed(ids.map((id) => ({ kind, id })));
    return new Map([...found].map(([key, record]) => [key.slice(kind.length + 1), record as StoredRecord<T>]));
  }

  /**
   * Records of several kinds in one BatchGet (per 100 keys), keyed `kind:id`; the way
   * a use case reads everything it needs in one round trip.
   */
  async getMixed(wanted: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<Map<string, StoredRecord<unknown>>> {
    const items = await batchGetItems(this.table, wanted.map(({ kind, id }) => recordKey(kind, id)));
    const found = new Map<string, StoredRecord<unknown>>();
    for (const { kind, id } of wanted) {
      const key = recordKey(kind, id);
      const item = items.get(`${key.pk}|${key.sk}`);
      if (item) found.set(`${kind}:${id}`, toRecord(item as unknown as RecordItem));
    }
    return found;
  }

  async put<T>(kind: RecordKind, id: string, data: T, options: WriteOptions): Promise<StoredRecord<T>> {
    this.cache.delete(`${kind}:${id}`);
    // Without If-Match we still refuse to overwrite a write we did not see: read, then
    // write conditionally, and try again if someone slipped in between.
    for (let attempt = 0; ; attempt += 1) {
      const expected = options.ifVersion ?? (await this.get<T>(kind, id))?.meta.version ?? 0;
      const meta: RecordMeta = {
        version: expected + 1,
        updatedAt: new Date(options.now).toISOString(),
        updatedBy: options.by,
      };
      const item: RecordItem = { ...recordKey(kind, id), kind, data, ...meta };
      try {
        await this.table.documents.send(
          new PutCommand({
            TableName: this.table.tableName,
            Item: item,
            ...(expected === 0
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expected } }),
          }),
        );
        return { data, meta };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (options.ifVersion !== undefined || attempt >= 3) {
          throw new DomainError('VERSION_MISMATCH', `The ${kind} was changed by someone else; read it again and retry`);
        }
      }
    }
  }

  async delete(kind: RecordKind, id: string, ifVersion?: number): Promise<boolean> {
    this.cache.delete(`${kind}:${id}`);
    try {
      await this.table.documents.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: recordKey(kind, id),
          ...(ifVersion === undefined
            ? { ConditionExpression: 'attribute_exists(pk)' }
            : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': ifVersion } }),
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (ifVersion === undefined) return false;
      const current = await this.get(kind, id);
      if (!current) return false;
      throw new DomainError('VERSION_MISMATCH', `The ${kind} was changed by someone else; read it again and retry`);
    }
  }
}
