import type { ApprenticeListingEntry, ApprenticeListingRow, DirectoryEntry, DirectoryListingStore, LinkKind, ListingFilters, ListingScope } from '#ports/directory-listing-store.ts';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ApprenticeInput, RecordMeta, UserInput } from '#domain/directory.ts';
import { DomainError } from '#domain/errors.ts';
import { gatewayOf, gatewayStatuses } from '#domain/gateway.ts';
import type { MeetingStatus } from '#domain/planning-meeting.ts';
import type { RoleId } from '#domain/roles.ts';
import { firstCharacter, indexedWords, searchText, sortName } from '#domain/search-words.ts';
import { batchGetItems } from './batch-get.ts';
import { condition, stillAsRead } from './condition-expressions.ts';
import { decodeCursor, encodeCursor, is, MAX_READS_PER_PAGE, startsWith, type CursorShape, type Page } from './cursors.ts';
import {
  activeMeetingIndexKeys,
  activeMeetingKey,
  activeMeetingsPartition,
  apprenticeLinkKey,
  apprenticeListingKey,
  apprenticeWordKey,
  byNameSortKey,
  byWordSortKey,
  DIRECTORY_SORT_KEY,
  directoryEntryKey,
  directoryPartitions,
  LISTING_LINK_PREFIX,
  LISTING_SORT_KEY,
  LISTING_WORD_PREFIX,
  listingPartitions,
  meetingKey,
  recordKey,
  type ItemKey,
} from './keys.ts';
import type { StoredRecord, WriteOptions } from './record-repository.ts';
import { tableDefinition, type IndexName } from './table-definition.ts';
import type { TableClient } from './table-client.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Item = Record<string, unknown> & ItemKey;

export type { ApprenticeListingEntry, ApprenticeListingRow, DirectoryEntry, LinkKind, ListingFilters, ListingScope };

/**
 * The words of each role a user is found by with `role=`: fewer than by name alone, so
 * that every directory item of one user, old and new, fits one transaction with the
 * user's record (docs/data-model.md).
 */
const ROLE_WORDS = 4;

/** How much a read may thin out (see `#pages`): not at all; by a name found twice in one search; by a filter or a meeting. */
type Thinning = 'none' | 'repeats' | 'sparse';
/** How many items a read looks at where a filter or a meeting may drop some. */
const FILTERED_READ = 100;
/** How many more than the page lacks a search reads, for the names it finds twice (under two of their words). */
const REPEATS_MARGIN = 5;

/** DynamoDB's limit on the actions of one `TransactWriteItems`. */
const MAX_TRANSACTION_ACTIONS = 100;

interface RecordItem extends Item {
  kind: 'user' | 'apprentice';
  data: unknown;
  version: number;
}

/** The records an id's derived items come from, and the derived items as they are. */
interface Subject {
  user: RecordItem | undefined;
  apprentice: RecordItem | undefined;
  derived: Item[];
}

const keyText = (key: ItemKey): string => `${key.pk}|${key.sk}`;
const keyOf = (item: ItemKey): ItemKey => ({ pk: item.pk, sk: item.sk });

/** Canonical text of an item, to tell an unchanged copy from one to write again. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );

const listingEntryOf = (id: string, user: UserInput, apprentice: ApprenticeInput): ApprenticeListingEntry => {
  const gateway = gatewayOf(apprentice);
  return {
    id,
    name: user.name,
    standardId: apprentice.standardId,
    gateway: {
      status: gateway.status,
      estimatedEpaDate: gateway.estimatedEpaDate ?? null,
      submittedDate: gateway.submittedDate ?? null,
      auditSubmittedDate: gateway.auditSubmittedDate ?? null,
    },
    epaId: apprentice.epaId ?? null,
  };
};

/** Who is linked to the apprentice, and how: the apprentice themself, its providers' and employers' staff, its EPA. */
const linksOf = (id: string, apprentice: ApprenticeInput): Record<string, LinkKind[]> => {
  const links: Record<string, LinkKind[]> = { [id]: ['self'] };
  const link = (userId: string, kind: LinkKind) => {
    links[userId] = [...new Set([...(links[userId] ?? []), kind])];
  };
  for (const userId of apprentice.providerUserIds ?? []) link(userId, 'provider');
  for (const userId of apprentice.employerUserIds ?? []) link(userId, 'employer');
  if (apprentice.epaId) link(apprentice.epaId, 'epa');
  return links;
};

/**
 * The listing items of an apprentice: its entry (every apprentice, by name), one per
 * name word, and one per linked user. None without both the directory user (the name)
 * and the apprentice record. Only the entry carries the links: it is what a linked
 * listing checks its rows against (link items may be written after it, see `#write`).
 */
const listingItemsOf = (id: string, user: UserInput | undefined, apprentice: ApprenticeInput | undefined): Item[] => {
  if (!user || !apprentice) return [];
  const entry = listingEntryOf(id, user, apprentice);
  const words = indexedWords(user.name);
  const order = sortName(user.name);
  const copy = { entity: 'apprenticeListing', apprentice: entry, gatewayStatus: entry.gateway.status, search: searchText(user.name), words };
  const links = linksOf(id, apprentice);
  return [
    { ...apprenticeListingKey(id), gsi1pk: listingPartitions.all, gsi1sk: byNameSortKey(order, id), ...copy, links },
    ...words.map((word) => ({ ...apprenticeWordKey(id, word), gsi1pk: listingPartitions.words(firstCharacter(word)), gsi1sk: byWordSortKey(word, order, id), ...copy, word })),
    ...Object.entries(links).map(([userId, kinds]) => ({
      ...apprenticeLinkKey(id, userId),
      gsi1pk: listingPartitions.linkedTo(userId),
      gsi1sk: byNameSortKey(order, id),
      ...copy,
      linkedAs: kinds,
    })),
  ];
};

/** A user's directory items: one in every user, one per role, one per name word, and one per role and name word. */
const directoryItemsOf = (id: string, user: UserInput | undefined): Item[] => {
  if (!user) return [];
  const entry: DirectoryEntry = { id, name: user.name, roles: user.roles, email: user.email, ...(user.phone ? { phone: user.phone } : {}) };
  const words = indexedWords(user.name);
  const roleWords = words.slice(0, ROLE_WORDS);
  const order = sortName(user.name);
  const copy = { entity: 'directoryEntry', user: entry };
  const search = searchText(user.name);
  return [
    { ...directoryEntryKey(id), gsi1pk: directoryPartitions.all, gsi1sk: byNameSortKey(order, id), ...copy },
    ...user.roles.map((role) => ({ ...directoryEntryKey(id, { role }), gsi1pk: directoryPartitions.role(role), gsi1sk: byNameSortKey(order, id), ...copy })),
    ...words.map((word) => ({
      ...directoryEntryKey(id, { word }),
      gsi1pk: directoryPartitions.words(firstCharacter(word)),
      gsi1sk: byWordSortKey(word, order, id),
      ...copy,
      search,
      words,
      word,
    })),
    ...user.roles.flatMap((role) =>
      roleWords.map((word) => ({
        ...directoryEntryKey(id, { role, word }),
        gsi1pk: directoryPartitions.words(firstCharacter(word), role),
        gsi1sk: byWordSortKey(word, order, id),
        ...copy,
        search,
        words: roleWords,
        word,
      })),
    ),
  ];
};

/**
 * Every item `putUser` and `putApprentice` leave for a new id: its records at version 1
 * and every derived item. For a bulk load that writes them unconditioned into an empty
 * table (the bench's 10,000 apprentices), never beside a request.
 */
export const itemsOfNewRecords = (id: string, records: { user?: UserInput; apprentice?: ApprenticeInput }, stamp: { by: string; now: number }): Item[] => {
  const meta: RecordMeta = { version: 1, updatedAt: new Date(stamp.now).toISOString(), updatedBy: stamp.by };
  return [
    ...(['user', 'apprentice'] as const).flatMap((kind) => (records[kind] ? [{ ...recordKey(kind, id), kind, data: records[kind], ...meta }] : [])),
    ...directoryItemsOf(id, records.user),
    ...listingItemsOf(id, records.user, records.apprentice),
  ];
};

const isLinkItem = (key: ItemKey): boolean => key.sk.startsWith(LISTING_LINK_PREFIX);

const versionMismatch = (kind: string): DomainError =>
  new DomainError('VERSION_MISMATCH', `The ${kind} was changed by someone else; read it again and retry`);

/** A refused transaction: whether the record being written was no longer at the version expected. */
class Refused extends Error {
  constructor(readonly ownRecord: boolean) {
    super('directory write refused');
  }
}

/** Whether a search word (the one looked up by key) finds this copy first among the name's words, so each name is answered once. */
const isFirstMatch = (item: Record<string, unknown>, keyWord: string): boolean =>
  (item.words as string[] | undefined)?.find((word) => word.startsWith(keyWord)) === item.word;

interface Source {
  index: IndexName;
  partition: string;
  /** A `begins_with` on gsi1sk: the key word, for a search by name. */
  keyPrefix?: string;
  /** What the items' sort keys (table) look like, for the cursor check. */
  sortKeys: (value: string) => boolean;
}

/** One condition of a Query's filter, with the names and values it binds. */
interface FilterPart {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** The parts that say something, joined with AND; nothing when none does. */
const filterOf = (parts: FilterPart[]) => {
  const present = parts.filter((part) => part.expression);
  if (present.length === 0) return {};
  return {
    FilterExpression: present.map((part) => `(${part.expression})`).join(' AND '),
    names: Object.assign({}, ...present.map((part) => part.names ?? {})) as Record<string, string>,
    values: Object.assign({}, ...present.map((part) => part.values ?? {})) as Record<string, unknown>,
  };
};

/** "Every word starts a word of the name": the name's search text contains each word after a space. */
const wordsFilter = (words: readonly string[]): FilterPart => ({
  expression: words.map((_, index) => `contains(#search, :w${index})`).join(' AND '),
  names: words.length > 0 ? { '#search': 'search' } : {},
  values: Object.fromEntries(words.map((word, index) => [`:w${index}`, ` ${word}`])),
});

/**
 * The listing entries of apprentices and the directory entries of users: derived
 * items that the store keeps in step with the records they come from. A user's name
 * is in their directory user and also in their apprentice listing entry; so every
 * write of a user or an apprentice record goes through `putUser` / `putApprentice`,
 * which write the record and rewrite every derived item of that id in the same
 * transaction, conditioned on both records being as read (docs/data-model.md).
 */
export class DirectoryListings implements DirectoryListingStore {
  constructor(private readonly table: TableClient) {}

  async putUser(userId: string, data: UserInput, options: WriteOptions): Promise<StoredRecord<UserInput>> {
    const { meta } = await this.#write(userId, { kind: 'user', data, options });
    return { data, meta: meta! };
  }

  async putApprentice(apprenticeId: string, data: ApprenticeInput, options: WriteOptions): Promise<StoredRecord<ApprenticeInput>> {
    const { meta } = await this.#write(apprenticeId, { kind: 'apprentice', data, options });
    return { data, meta: meta! };
  }

  /**
   * Brings an id's derived items in step with its records as they are, writing only
   * what differs (the rebuild of records saved before the listing existed).
   */
  async sync(id: string): Promise<'written' | 'unchanged'> {
    const [{ changed }, upgraded] = await Promise.all([this.#write(id, undefined), this.#completeMarker(id)]);
    return changed || upgraded ? 'written' : 'unchanged';
  }

  /**
   * An active-meeting marker of a release before the listing holds the meeting's id
   * only: it is completed from the meeting (status, start, and its place in gsi2), on
   * condition that it is still that marker as it was. A change of the meeting writes
   * the whole marker anyway; this is for meetings nobody changes meanwhile.
   */
  async #completeMarker(apprenticeId: string): Promise<boolean> {
    const { tableName } = this.table;
    const { Item: marker } = await this.table.documents.send(new GetCommand({ TableName: tableName, Key: activeMeetingKey(apprenticeId), ConsistentRead: true }));
    if (!marker || marker.gsi2pk !== undefined) return false;
    const { Item } = await this.table.documents.send(new GetCommand({ TableName: tableName, Key: meetingKey(String(marker.meetingId)), ConsistentRead: true }));
    const meeting = Item?.meeting as { id: string; apprenticeId: string; status: MeetingStatus; start: string } | undefined;
    if (!meeting || meeting.apprenticeId !== apprenticeId || (meeting.status !== 'provisional' && meeting.status !== 'confirmed')) return false;
    try {
      await this.table.documents.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...activeMeetingKey(apprenticeId), ...activeMeetingIndexKeys(meeting), entity: 'activeMeeting', meetingId: meeting.id, status: meeting.status, start: meeting.start },
          ConditionExpression: 'meetingId = :meeting AND attribute_not_exists(gsi2pk)',
          ExpressionAttributeValues: { ':meeting': meeting.id },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Ids of every directory user and apprentice record: a Scan, for the one-off rebuild only (never on a request path). */
  async *recordIds(): AsyncGenerator<string> {
    let start: Record<string, unknown> | undefined;
    do {
      const answer = await this.table.documents.send(
        new ScanCommand({
          TableName: this.table.tableName,
          FilterExpression: '#kind IN (:user, :apprentice) AND (sk = :profile OR sk = :record)',
          ProjectionExpression: 'pk',
          ExpressionAttributeNames: { '#kind': 'kind' },
          ExpressionAttributeValues: {
            ':user': 'user',
            ':apprentice': 'apprentice',
            ':profile': recordKey('user', '').sk,
            ':record': recordKey('apprentice', '').sk,
          },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of answer.Items ?? []) {
        const pk = String(item.pk);
        yield pk.slice(pk.indexOf('#') + 1);
      }
      start = answer.LastEvaluatedKey;
    } while (start);
  }

  /**
   * Every id's derived items brought in step (`sync`), a few ids at a time: records
   * saved before the listing existed, or after a change to what the items hold. Scans,
   * so only for the one-off command (`bin/rebuild-listings.ts`) and local mode's start.
   */
  async rebuild(concurrency = 8): Promise<{ ids: number; written: number; failed: Array<{ id: string; error: unknown }> }> {
    const seen = new Set<string>();
    let written = 0;
    const failed: Array<{ id: string; error: unknown }> = [];
    const running = new Set<Promise<void>>();
    for await (const id of this.recordIds()) {
      if (seen.has(id)) continue;
      seen.add(id);
      const task: Promise<void> = this.sync(id)
        .then(
          (outcome) => void (outcome === 'written' && (written += 1)),
          (error: unknown) => void failed.push({ id, error }),
        )
        .finally(() => running.delete(task));
      running.add(task);
      if (running.size >= concurrency) await Promise.race(running);
    }
    await Promise.all(running);
    return { ids: seen.size, written, failed };
  }

  async #read(id: string): Promise<Subject> {
    const queryAll = async (pk: string, skPrefix?: string): Promise<Item[]> => {
      const items: Item[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const answer = await this.table.documents.send(
          new QueryCommand({
            TableName: this.table.tableName,
            KeyConditionExpression: skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk, ...(skPrefix ? { ':prefix': skPrefix } : {}) },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        items.push(...((answer.Items ?? []) as Item[]));
        start = answer.LastEvaluatedKey;
      } while (start);
      return items;
    };
    // The apprentice's partition is small (record, marker, listing items): read whole. The user's holds notifications too.
    const [user, apprenticePartition, directory] = await Promise.all([
      this.table.documents.send(new GetCommand({ TableName: this.table.tableName, Key: recordKey('user', id), ConsistentRead: true })),
      queryAll(recordKey('apprentice', id).pk),
      queryAll(recordKey('user', id).pk, DIRECTORY_SORT_KEY),
    ]);
    const apprenticeSk = recordKey('apprentice', id).sk;
    return {
      user: user.Item as RecordItem | undefined,
      apprentice: apprenticePartition.find((item) => item.sk === apprenticeSk) as RecordItem | undefined,
      derived: [...apprenticePartition.filter((item) => item.sk.startsWith(LISTING_SORT_KEY)), ...directory],
    };
  }

  /**
   * Writes a record (or none, for `sync`) and brings every derived item of its id in
   * step, in one transaction conditioned on both records (user and apprentice) being
   * at the versions read: a rename racing an apprentice save cannot leave either one's
   * items behind. Without `ifVersion` a lost race is read again and retried (as
   * `RecordRepository.put`); with it, the record's own mismatch is a 412.
   *
   * What one transaction holds: the two records, every directory item and the listing
   * entry and word items, old and new (at most about 80 actions, by the bounds on name
   * words and roles). Link items of an apprentice linked to very many users may not
   * fit: those that do not follow in further transactions, each conditioned on the
   * records being as written. A linked listing checks each row against the entry, so
   * a link item written late, or left by a race meanwhile, never shows what the entry
   * does not say.
   */
  async #write(
    id: string,
    change: { kind: 'user' | 'apprentice'; data: unknown; options: WriteOptions } | undefined,
  ): Promise<{ changed: boolean; meta?: RecordMeta }> {
    const { tableName } = this.table;
    for (let attempt = 0; ; attempt += 1) {
      const current = await this.#read(id);
      const records: Record<'user' | 'apprentice', RecordItem | undefined> = { user: current.user, apprentice: current.apprentice };
      let written: { item: RecordItem; meta: RecordMeta; expected: number } | undefined;
      if (change) {
        const read = records[change.kind]?.version ?? 0;
        const { ifVersion } = change.options;
        if (ifVersion !== undefined && ifVersion !== read) throw versionMismatch(change.kind);
        const meta: RecordMeta = { version: read + 1, updatedAt: new Date(change.options.now).toISOString(), updatedBy: change.options.by };
        const item: RecordItem = { ...recordKey(change.kind, id), kind: change.kind, data: change.data, ...meta };
        written = { item, meta, expected: read };
        records[change.kind] = item;
      }

      const wanted = [
        ...directoryItemsOf(id, records.user?.data as UserInput | undefined),
        ...listingItemsOf(id, records.user?.data as UserInput | undefined, records.apprentice?.data as ApprenticeInput | undefined),
      ];
      const existing = new Map(current.derived.map((item) => [keyText(item), item]));
      const wantedKeys = new Set(wanted.map(keyText));
      const puts = wanted.filter((item) => {
        const old = existing.get(keyText(item));
        return !old || canonical(old) !== canonical(item);
      });
      const deletes = current.derived.filter((item) => !wantedKeys.has(keyText(item))).map(keyOf);
      if (!written && puts.length === 0 && deletes.length === 0) return { changed: false };

      const check = (kind: 'user' | 'apprentice', version: number): TransactItem => ({
        ConditionCheck: { TableName: tableName, Key: recordKey(kind, id), ...condition(stillAsRead(version)) },
      });
      const guards: TransactItem[] = (['user', 'apprentice'] as const).map((kind) =>
        written && change?.kind === kind
          ? { Put: { TableName: tableName, Item: written.item, ...condition(stillAsRead(written.expected)) } }
          : check(kind, records[kind]?.version ?? 0),
      );
      const actions: TransactItem[] = [
        ...deletes.map((key): [ItemKey, TransactItem] => [key, { Delete: { TableName: tableName, Key: key } }]),
        ...puts.map((item): [ItemKey, TransactItem] => [item, { Put: { TableName: tableName, Item: item } }]),
      ]
        // Link items last: only they may not fit the first transaction.
        .sort(([a], [b]) => Number(isLinkItem(a)) - Number(isLinkItem(b)))
        .map(([, action]) => action);
      const room = MAX_TRANSACTION_ACTIONS - guards.length;
      const ownIndex = change?.kind === 'apprentice' ? 1 : 0;
      try {
        await this.#transact([...guards, ...actions.slice(0, room)], written ? ownIndex : undefined);
      } catch (error) {
        if (!(error instanceof Refused)) throw error;
        if (change && ((error.ownRecord && change.options.ifVersion !== undefined) || attempt >= 3)) throw versionMismatch(change.kind);
        if (!change && attempt >= 3) throw new Error(`the directory items of ${id} could not be brought in step: its records keep changing`);
        continue;
      }
      // Further transactions, only for link items that did not fit: each stops if the records changed since (that writer rewrote them).
      const asWritten = (['user', 'apprentice'] as const).map((kind) => check(kind, records[kind]?.version ?? 0));
      for (let from = room; from < actions.length; from += MAX_TRANSACTION_ACTIONS - asWritten.length) {
        try {
          await this.#transact([...asWritten, ...actions.slice(from, from + MAX_TRANSACTION_ACTIONS - asWritten.length)], undefined);
        } catch (error) {
          if (error instanceof Refused) break;
          throw error;
        }
      }
      return { changed: true, ...(written ? { meta: written.meta } : {}) };
    }
  }

  async #transact(actions: TransactItem[], ownIndex: number | undefined): Promise<void> {
    try {
      await this.table.documents.send(new TransactWriteCommand({ TransactItems: actions }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      throw new Refused(ownIndex !== undefined && reasons[ownIndex]?.Code === 'ConditionalCheckFailed');
    }
  }

  /**
   * A page of the planning meeting listing. Sources, all in name order but the last:
   * - every apprentice: gsi1 `LISTING#ALL`; with a search, the partition of the longest
   *   word's first character, `begins_with` that word, the other words and the stages
   *   in a filter;
   * - linked apprentices: gsi1 `LISTING#LINKED#<caller>`, the words, the stages and the
   *   kinds of link in a filter, each row checked against its apprentice's entry;
   * - every apprentice with a provisional (or confirmed) meeting and no search: the
   *   active-meeting markers in gsi2 `ACTIVE-MEETING#<status>`, by the meeting's start,
   *   each joined to its entry. (Through the entries, a 4 % match read every entry until
   *   the page filled: 20 round trips and 400 units for 7 rows, in `npm run bench`.)
   * The page's current meetings (markers) and EPA names are read by key in one
   * `BatchGetItem`; `meeting=` then keeps the rows it names.
   */
  async listApprentices(scope: ListingScope, filters: ListingFilters, page: { limit: number; cursor?: string | undefined }): Promise<Page<ApprenticeListingRow>> {
    const [keyWord, ...otherWords] = filters.words;
    const byMeeting = scope.kind === 'organisation' && keyWord === undefined && (filters.meeting === 'provisional' || filters.meeting === 'confirmed');
    const source: Source =
      scope.kind === 'linked'
        ? { index: 'gsi1', partition: listingPartitions.linkedTo(scope.userId), sortKeys: startsWith(LISTING_LINK_PREFIX) }
        : byMeeting
          ? { index: 'gsi2', partition: activeMeetingsPartition(filters.meeting!), sortKeys: is(activeMeetingKey('').sk) }
          : keyWord !== undefined
            ? { index: 'gsi1', partition: listingPartitions.words(firstCharacter(keyWord)), keyPrefix: keyWord, sortKeys: startsWith(LISTING_WORD_PREFIX) }
            : { index: 'gsi1', partition: listingPartitions.all, sortKeys: is(LISTING_SORT_KEY) };
    // The cursor is checked before anything else: a foreign cursor is a 400 even where there is nothing to read.
    const start = decodeCursor(page.cursor, cursorShapeOf(recordKey('apprentice', '').pk, source));
    if (filters.stages.length === 0 || (scope.kind === 'linked' && scope.as.length === 0)) return { items: [], cursor: undefined };
    const stageFilter: FilterPart =
      filters.stages.length < gatewayStatuses.length
        ? {
            expression: `#stage IN (${filters.stages.map((_, index) => `:g${index}`).join(', ')})`,
            names: { '#stage': 'gatewayStatus' },
            values: Object.fromEntries(filters.stages.map((stage, index) => [`:g${index}`, stage])),
          }
        : { expression: '' };
    const filter = byMeeting
      ? filterOf([])
      : filterOf([
          wordsFilter(scope.kind === 'linked' ? filters.words : otherWords),
          stageFilter,
          scope.kind === 'linked'
            ? {
                expression: scope.as.map((_, index) => `contains(#linkedAs, :l${index})`).join(' OR '),
                names: { '#linkedAs': 'linkedAs' },
                values: Object.fromEntries(scope.as.map((kind, index) => [`:l${index}`, kind])),
              }
            : { expression: '' },
        ]);
    // Markers by status are each a row, but for a stage asked for, which only the entry tells.
    const thins: Thinning = byMeeting
      ? filters.stages.length < gatewayStatuses.length
        ? 'sparse'
        : 'none'
      : 'FilterExpression' in filter || filters.meeting !== undefined || scope.kind === 'linked'
        ? 'sparse'
        : keyWord !== undefined
          ? 'repeats'
          : 'none';
    return this.#pages(source, start, filter, page, thins, {
      select: (items) => (keyWord !== undefined && scope.kind === 'organisation' ? items.filter((item) => isFirstMatch(item, keyWord)) : items),
      rows: (items) => (byMeeting ? this.#rowsOfMarkers(items, filters) : this.#rows(items, scope, filters)),
    });
  }

  /**
   * A page of the directory search, in name order (or name-word order for a search):
   * every user, the users of one role, or by the longest word searched for, in every
   * role or one; the other words in a filter.
   */
  async searchUsers(filters: { words: readonly string[]; role?: RoleId | undefined }, page: { limit: number; cursor?: string | undefined }): Promise<Page<DirectoryEntry>> {
    const [keyWord, ...otherWords] = filters.words;
    const { role } = filters;
    const source: Source =
      keyWord !== undefined
        ? {
            index: 'gsi1',
            partition: directoryPartitions.words(firstCharacter(keyWord), role),
            keyPrefix: keyWord,
            sortKeys: startsWith(`${directoryEntryKey('', role ? { role } : {}).sk}#WORD#`),
          }
        : role
          ? { index: 'gsi1', partition: directoryPartitions.role(role), sortKeys: is(directoryEntryKey('', { role }).sk) }
          : { index: 'gsi1', partition: directoryPartitions.all, sortKeys: is(DIRECTORY_SORT_KEY) };
    const start = decodeCursor(page.cursor, cursorShapeOf(recordKey('user', '').pk, source));
    const filter = filterOf([wordsFilter(otherWords)]);
    return this.#pages(source, start, filter, page, 'FilterExpression' in filter ? 'sparse' : keyWord !== undefined ? 'repeats' : 'none', {
      select: (items) => (keyWord === undefined ? items : items.filter((item) => isFirstMatch(item, keyWord))),
      rows: async (items) => items.map((item) => item.user as DirectoryEntry),
    });
  }

  /**
   * Reads a source a page at a time. Where nothing can be dropped, each Query asks for
   * what the page still lacks; where only a name two of whose words match can repeat,
   * a few more. Where a filter or a meeting can drop items, it asks for many more
   * (`FILTERED_READ`): DynamoDB's `Limit` counts the items it looks at, not those it
   * answers, and a sparse filter would otherwise take a round trip per few rows. `select` drops what the items themselves say (repeats of one
   * name), then only as many as the page lacks go on to `rows` (the join); when that
   * cuts a read short, the next page starts after the last item taken. Stops when the
   * page is full, the partition ends, or after `MAX_READS_PER_PAGE` reads.
   */
  async #pages<T>(
    source: Source,
    start: Record<string, unknown> | undefined,
    filter: ReturnType<typeof filterOf>,
    page: { limit: number },
    thins: Thinning,
    steps: { select: (items: Array<Record<string, unknown>>) => Array<Record<string, unknown>>; rows: (items: Array<Record<string, unknown>>) => Promise<T[]> },
  ): Promise<Page<T>> {
    const { partitionKey, sortKey } = tableDefinition.indexes[source.index];
    const names: Record<string, string> = { '#pk': partitionKey, ...('names' in filter ? filter.names : {}) };
    const values: Record<string, unknown> = { ':pk': source.partition, ...('values' in filter ? filter.values : {}) };
    let keyCondition = '#pk = :pk';
    if (source.keyPrefix !== undefined) {
      names['#sk'] = sortKey;
      values[':prefix'] = source.keyPrefix;
      keyCondition += ' AND begins_with(#sk, :prefix)';
    }
    const rows: T[] = [];
    let next = start;
    let reads = 0;
    do {
      const lacking = page.limit - rows.length;
      const answer = await this.table.documents.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: source.index,
          KeyConditionExpression: keyCondition,
          ...('FilterExpression' in filter ? { FilterExpression: filter.FilterExpression } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          Limit: thins === 'sparse' ? Math.max(lacking, FILTERED_READ) : thins === 'repeats' ? lacking + REPEATS_MARGIN : lacking,
          ExclusiveStartKey: next,
        }),
      );
      reads += 1;
      const selected = steps.select((answer.Items ?? []) as Array<Record<string, unknown>>);
      const taken = selected.slice(0, lacking);
      rows.push(...(await steps.rows(taken)));
      next =
        taken.length < selected.length
          ? { pk: taken.at(-1)!.pk, sk: taken.at(-1)!.sk, [partitionKey]: taken.at(-1)![partitionKey], [sortKey]: taken.at(-1)![sortKey] }
          : answer.LastEvaluatedKey;
    } while (next && rows.length < page.limit && reads < MAX_READS_PER_PAGE);
    return { items: rows, cursor: encodeCursor(next) };
  }

  /**
   * Listing rows of the items read: their apprentices' active-meeting markers and EPAs'
   * directory users in one `BatchGetItem` (consistent: a listing opened right after a
   * booking shows it), and for a linked listing each apprentice's entry, which decides.
   * A marker written before markers carried the meeting's status and start is completed
   * from the meeting (one more read, for those only).
   */
  async #rows(items: ReadonlyArray<Record<string, unknown>>, scope: ListingScope, filters: ListingFilters): Promise<ApprenticeListingRow[]> {
    if (items.length === 0) return [];
    const copies = items.map((item) => item.apprentice as ApprenticeListingEntry);
    const read = await batchGetItems(this.table, [
      ...copies.map((entry) => activeMeetingKey(entry.id)),
      ...(scope.kind === 'linked' ? copies.map((entry) => apprenticeListingKey(entry.id)) : []),
      ...epaKeysOf(copies),
    ]);
    const get = (key: ItemKey) => read.get(keyText(key));

    let entries = copies;
    if (scope.kind === 'linked') {
      // The entry is written with the records; a link item may lag it (see #write). Keep only rows the entry still links, as it says.
      entries = copies.flatMap((copy) => {
        const entry = get(apprenticeListingKey(copy.id));
        const links = (entry?.links ?? {}) as Record<string, LinkKind[]>;
        return entry && (links[scope.userId] ?? []).some((kind) => scope.as.includes(kind)) && matches(entry, filters) ? [entry.apprentice as ApprenticeListingEntry] : [];
      });
      await this.#readMissing(epaKeysOf(entries), read);
    }

    const markers = new Map(entries.map((entry) => [entry.id, get(activeMeetingKey(entry.id))]));
    const older = [...markers.values()].filter((marker) => marker && marker.status === undefined).map((marker) => meetingKey(String(marker!.meetingId)));
    const meetings = older.length > 0 ? await batchGetItems(this.table, older) : new Map<string, Record<string, unknown>>();

    return entries.flatMap((entry): ApprenticeListingRow[] => {
      const marker = markers.get(entry.id);
      const meeting = marker?.status === undefined && marker ? (meetings.get(keyText(meetingKey(String(marker.meetingId))))?.meeting as Record<string, unknown> | undefined) : undefined;
      const planningMeeting = marker ? currentMeetingOf(marker, meeting) : null;
      const wanted = filters.meeting;
      if (wanted && (wanted === 'none' ? planningMeeting !== null : planningMeeting?.status !== wanted)) return [];
      return [rowOf(entry, planningMeeting, read)];
    });
  }

  /** Listing rows of active-meeting markers (the `meeting=` source): each joined to its apprentice's entry, then its EPA's name. */
  async #rowsOfMarkers(markers: ReadonlyArray<Record<string, unknown>>, filters: ListingFilters): Promise<ApprenticeListingRow[]> {
    if (markers.length === 0) return [];
    const apprenticeIdOf = (marker: Record<string, unknown>) => String(marker.pk).slice(activeMeetingKey('').pk.length);
    const read = await batchGetItems(this.table, markers.map((marker) => apprenticeListingKey(apprenticeIdOf(marker))));
    const found = markers.flatMap((marker) => {
      const entry = read.get(keyText(apprenticeListingKey(apprenticeIdOf(marker))));
      return entry && matches(entry, filters) ? [{ marker, entry: entry.apprentice as ApprenticeListingEntry }] : [];
    });
    await this.#readMissing(epaKeysOf(found.map(({ entry }) => entry)), read);
    return found.map(({ marker, entry }) => rowOf(entry, currentMeetingOf(marker, undefined), read));
  }

  /** Reads into `read` the keys it does not hold yet. */
  async #readMissing(keys: readonly ItemKey[], read: Map<string, Record<string, unknown>>): Promise<void> {
    const missing = keys.filter((key) => !read.has(keyText(key)));
    if (missing.length > 0) for (const [key, item] of await batchGetItems(this.table, missing)) read.set(key, item);
  }
}

/** The directory users of the entries' EPAs, once each. */
const epaKeysOf = (entries: readonly ApprenticeListingEntry[]): ItemKey[] =>
  [...new Set(entries.flatMap((entry) => (entry.epaId ? [entry.epaId] : [])))].map((epaId) => recordKey('user', epaId));

/** Whether an apprentice's entry is at a stage asked for and found by every word searched for. */
const matches = (entry: Record<string, unknown>, filters: ListingFilters): boolean => {
  const current = entry.apprentice as ApprenticeListingEntry | undefined;
  const text = String(entry.search ?? '');
  return current !== undefined && filters.stages.includes(current.gateway.status) && filters.words.every((word) => text.includes(` ${word}`));
};

/** The meeting a marker names, with its status and start from the marker, or from the meeting for a marker of an earlier release. */
const currentMeetingOf = (marker: Record<string, unknown>, meeting: Record<string, unknown> | undefined): ApprenticeListingRow['planningMeeting'] => {
  const status = (marker.status ?? meeting?.status) as MeetingStatus | undefined;
  const start = (marker.start ?? meeting?.start) as string | undefined;
  return (status === 'provisional' || status === 'confirmed') && start ? { id: String(marker.meetingId), status, start } : null;
};

const rowOf = (entry: ApprenticeListingEntry, planningMeeting: ApprenticeListingRow['planningMeeting'], read: ReadonlyMap<string, Record<string, unknown>>): ApprenticeListingRow => {
  const epaName = entry.epaId ? (read.get(keyText(recordKey('user', entry.epaId)))?.data as { name?: string } | undefined)?.name : undefined;
  return { ...entry, ...(epaName ? { epaName } : {}), planningMeeting };
};

/** A cursor of a source: an item's table key and its key in the source's index, in the partition listed. */
const cursorShapeOf = (pkPrefix: string, source: Source): CursorShape => {
  const { partitionKey, sortKey } = tableDefinition.indexes[source.index];
  return {
    pk: startsWith(pkPrefix),
    sk: source.sortKeys,
    [partitionKey]: is(source.partition),
    [sortKey]: source.keyPrefix !== undefined ? startsWith(source.keyPrefix) : (value) => value.includes('#'),
  };
};
