import type { ConfigurationData, RecordData, RecordSet, RecordStore, RecordWanted, StoredRecord, TypedRecordKind, WriteOptions } from '#ports/record-store.ts';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DomainError } from '#domain/errors.ts';
import type { RecordMeta } from '#domain/directory.ts';
import { namedRecordIndexKeys, namedRecordKinds, namedRecordsPartition, recordKey, type ItemKey, type NamedRecordKind, type RecordKind } from './keys.ts';
import { decodeCursor, encodeCursor, is, MAX_READS_PER_PAGE, startsWith, type Page } from './cursors.ts';
import { batchGetItems } from './batch-get.ts';
import { condition, itemExists, stillAsRead, versionIs } from './condition-expressions.ts';
import { TimedCopies } from './timed-copies.ts';
import type { TableClient } from './table-client.ts';

export type { StoredRecord, WriteOptions };

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
 * A batch's records by `kind:id`. The one place a record's data is given its kind's type:
 * every write went through that kind's schema.
 */
class RecordsRead implements RecordSet {
  constructor(private readonly found: Map<string, StoredRecord<unknown>>) {}

  of<K extends TypedRecordKind>(kind: K, id: string): StoredRecord<RecordData[K]> | undefined {
    return this.found.get(cacheKey(kind, id)) as StoredRecord<RecordData[K]> | undefined;
  }

  configuration<C extends keyof ConfigurationData>(id: C): StoredRecord<ConfigurationData[C]> | undefined {
    return this.found.get(cacheKey('configuration', id)) as StoredRecord<ConfigurationData[C]> | undefined;
  }

  allOf<K extends TypedRecordKind>(kind: K): Map<string, StoredRecord<RecordData[K]>> {
    const prefix = `${kind}:`;
    return new Map(
      [...this.found].filter(([key]) => key.startsWith(prefix)).map(([key, record]) => [key.slice(prefix.length), record as StoredRecord<RecordData[K]>]),
    );
  }

  add(other: RecordSet): void {
    if (!(other instanceof RecordsRead)) throw new TypeError('Only records read by this store join its sets');
    for (const [key, record] of other.found) this.found.set(key, record);
  }
}

/** How old this process's copy of a configuration record may be (decision 0005). */
const CONFIGURATION_COPY_MS = 5_000;

/**
 * What the organisation's configuration is made of (SPEC §2, ConfigureSystem): the
 * configuration records (permissions, booking windows, notifications), standards and
 * groups. People's records (users, apprentices, schedules) are always read afresh.
 */
const configurationKinds: ReadonlySet<RecordKind> = new Set(['configuration', 'standard', 'group']);
const isConfiguration = (want: { kind: RecordKind }): boolean => configurationKinds.has(want.kind);

const cacheKey = (kind: RecordKind, id: string): string => `${kind}:${id}`;

const partitionPrefixOf = (kind: RecordKind): string => recordKey(kind, '').pk;

const isNamedKind = (kind: RecordKind): kind is NamedRecordKind => (namedRecordKinds as readonly RecordKind[]).includes(kind);

/** Standards and groups sit in their kind's name partition of gsi1, so a picker lists them by name without a scan. */
const nameIndexOf = (kind: RecordKind, id: string, data: unknown) => {
  const name = (data as { name?: unknown }).name;
  return isNamedKind(kind) && typeof name === 'string' ? namedRecordIndexKeys(kind, id, name) : {};
};

/**
 * Versioned directory and configuration records. Every write is conditional on the
 * version it read, so two administrators editing at once never overwrite each other.
 */
export class RecordRepository implements RecordStore {
  /** Configuration, standards and groups as read at most 5 s ago; `null` is "not there". */
  readonly #configuration: TimedCopies<StoredRecord<unknown> | null>;

  constructor(
    private readonly table: TableClient,
    options: { configurationCopyMs?: number; monotonicNow?: () => number } = {},
  ) {
    this.#configuration = new TimedCopies(options.configurationCopyMs ?? CONFIGURATION_COPY_MS, options.monotonicNow);
  }

  /**
   * Records keyed `kind:id`, in one batch (none when all are held): configuration,
   * standards and groups from this process's copy when it is younger than
   * `CONFIGURATION_COPY_MS` (every request reads the permissions map; every listing and
   * booking the standard), everything else from the table. A write through this
   * repository drops the copy at once; other processes (other Lambda containers) see a
   * configuration change within 5 s.
   */
  async getAllowingCopy(wanted: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<Map<string, StoredRecord<unknown>>> {
    const held = this.#configuration.held(wanted.filter(isConfiguration).map((want) => cacheKey(want.kind, want.id)));
    const toRead = wanted.filter((want) => !held.has(cacheKey(want.kind, want.id)));
    const read = this.#configuration.startRead();
    const found = toRead.length > 0 ? await this.getMixed(toRead) : new Map<string, StoredRecord<unknown>>();
    this.#configuration.keep(
      read,
      toRead.filter(isConfiguration).map((want) => [cacheKey(want.kind, want.id), found.get(cacheKey(want.kind, want.id)) ?? null] as const),
    );
    for (const [key, record] of held) if (record) found.set(key, record);
    return found;
  }

  /**
   * The copies this process holds of these records, without reading anything: by
   * `kind:id`, `null` for a record known not to exist, absent when no copy is held.
   * A use case that reads the table next anyway asks this to decide what to read
   * with it (`loadAvailabilityContext`).
   */
  heldCopies(wanted: ReadonlyArray<{ kind: RecordKind; id: string }>): Map<string, StoredRecord<unknown> | null> {
    return this.#configuration.held(wanted.filter(isConfiguration).map((want) => cacheKey(want.kind, want.id)));
  }

  async readAllowingCopy(wanted: RecordWanted): Promise<RecordSet> {
    return new RecordsRead(await this.getAllowingCopy(wanted));
  }

  async read(wanted: RecordWanted): Promise<RecordSet> {
    return new RecordsRead(await this.getMixed(wanted));
  }

  user(id: string): Promise<StoredRecord<RecordData['user']> | undefined> {
    return this.getOneAllowingCopy('user', id);
  }

  apprentice(id: string): Promise<StoredRecord<RecordData['apprentice']> | undefined> {
    return this.getOneAllowingCopy('apprentice', id);
  }

  standard(id: string): Promise<StoredRecord<RecordData['standard']> | undefined> {
    return this.getOneAllowingCopy('standard', id);
  }

  group(id: string): Promise<StoredRecord<RecordData['group']> | undefined> {
    return this.getOneAllowingCopy('group', id);
  }

  configuration<C extends keyof ConfigurationData>(id: C): Promise<StoredRecord<ConfigurationData[C]> | undefined> {
    return this.getOneAllowingCopy('configuration', id);
  }

  async getOneAllowingCopy<T>(kind: RecordKind, id: string): Promise<StoredRecord<T> | undefined> {
    return (await this.getAllowingCopy([{ kind, id }])).get(cacheKey(kind, id)) as StoredRecord<T> | undefined;
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

  /** Only configuration kinds are ever copied: a write of a user or schedule leaves the copies, and reads under way, alone. */
  #dropCopy(kind: RecordKind, id: string): void {
    if (configurationKinds.has(kind)) this.#configuration.drop(cacheKey(kind, id));
  }

  async put<T>(kind: RecordKind, id: string, data: T, options: WriteOptions): Promise<StoredRecord<T>> {
    this.#dropCopy(kind, id);
    // Without If-Match we still refuse to overwrite a write we did not see: read, then
    // write conditionally, and try again if someone slipped in between.
    for (let attempt = 0; ; attempt += 1) {
      const expected = options.ifVersion ?? (await this.get<T>(kind, id))?.meta.version ?? 0;
      const meta: RecordMeta = {
        version: expected + 1,
        updatedAt: new Date(options.now).toISOString(),
        updatedBy: options.by,
      };
      const item: RecordItem = { ...recordKey(kind, id), ...nameIndexOf(kind, id, data), kind, data, ...meta };
      try {
        await this.table.documents.send(
          new PutCommand({
            TableName: this.table.tableName,
            Item: item,
            ...condition(stillAsRead(expected)),
          }),
        );
        // Again after the write: a reader may have cached the old item while it was in flight.
        this.#dropCopy(kind, id);
        return { data, meta };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (options.ifVersion !== undefined || attempt >= 3) {
          throw new DomainError('VERSION_MISMATCH', `The ${kind} was changed by someone else; read it again and retry`);
        }
      }
    }
  }

  /**
   * Standards or groups in name order whose name `matches`, a page at a time. There are
   * tens or hundreds of each, so the name partition is read through (1 MB a read, at most
   * `MAX_READS_PER_PAGE` reads a page) and matched here; the cursor is the last item
   * answered, so a page cut short by the limit goes on where it stopped.
   */
  async listByName<T>(
    kind: NamedRecordKind,
    options: { matches: (name: string) => boolean; limit: number; cursor?: string | undefined },
  ): Promise<Page<{ id: string; record: StoredRecord<T> }>> {
    const partition = namedRecordsPartition(kind);
    let start: Record<string, unknown> | undefined = decodeCursor(options.cursor, {
      pk: startsWith(`${partitionPrefixOf(kind)}`),
      sk: is(recordKey(kind, '').sk),
      gsi1pk: is(partition),
      gsi1sk: (value) => value.includes('#'),
    });
    const items: Array<{ id: string; record: StoredRecord<T> }> = [];
    let last: Record<string, unknown> | undefined;
    let reads = 0;
    do {
      const answer = await this.table.documents.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :partition',
          ExpressionAttributeValues: { ':partition': partition },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of (answer.Items ?? []) as Array<RecordItem & { gsi1pk: string; gsi1sk: string }>) {
        const record = toRecord<T>(item);
        if (!options.matches(String((record.data as { name?: unknown }).name ?? ''))) continue;
        items.push({ id: item.pk.slice(partitionPrefixOf(kind).length), record });
        last = { pk: item.pk, sk: item.sk, gsi1pk: item.gsi1pk, gsi1sk: item.gsi1sk };
        if (items.length === options.limit) return { items, cursor: encodeCursor(last) };
      }
      start = answer.LastEvaluatedKey;
      reads += 1;
    } while (start && reads < MAX_READS_PER_PAGE);
    // Read to the end: no more pages. Stopped by the read budget: go on from the last read.
    return { items, cursor: encodeCursor(start) };
  }

  async delete(kind: RecordKind, id: string, ifVersion?: number): Promise<boolean> {
    this.#dropCopy(kind, id);
    try {
      return await this.#delete(kind, id, ifVersion);
    } finally {
      this.#dropCopy(kind, id);
    }
  }

  async #delete(kind: RecordKind, id: string, ifVersion?: number): Promise<boolean> {
    try {
      await this.table.documents.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: recordKey(kind, id),
          ...condition(ifVersion === undefined ? itemExists : versionIs(ifVersion)),
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
