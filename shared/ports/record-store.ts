import type { RecordMeta } from '#domain/directory.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import type { Page } from './page.ts';

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

export type RecordWanted = ReadonlyArray<{ kind: RecordKind; id: string }>;

/**
 * Versioned directory and configuration records. Every write is conditional on the
 * version it read, so two administrators editing at once never overwrite each other.
 */
export interface RecordStore {
  /** Records keyed `kind:id`, in one batch; configuration, standards and groups may come from a copy at most 5 s old (decision 0005). */
  getAllowingCopy(wanted: RecordWanted): Promise<Map<string, StoredRecord<unknown>>>;
  /** The copies held of these records, read from nowhere: by `kind:id`, `null` for one known not to exist, absent when none is held. */
  heldCopies(wanted: RecordWanted): Map<string, StoredRecord<unknown> | null>;
  getOneAllowingCopy<T>(kind: RecordKind, id: string): Promise<StoredRecord<T> | undefined>;
  get<T>(kind: RecordKind, id: string): Promise<StoredRecord<T> | undefined>;
  /** Answered as a map by id; missing ids are absent. */
  getMany<T>(kind: RecordKind, ids: readonly string[]): Promise<Map<string, StoredRecord<T>>>;
  /** Records of several kinds in one round trip, keyed `kind:id`. */
  getMixed(wanted: RecordWanted): Promise<Map<string, StoredRecord<unknown>>>;
  put<T>(kind: RecordKind, id: string, data: T, options: WriteOptions): Promise<StoredRecord<T>>;
  /** Standards or groups in name order whose name `matches`, a page at a time. */
  listByName<T>(
    kind: 'standard' | 'group',
    options: { matches: (name: string) => boolean; limit: number; cursor?: string | undefined },
  ): Promise<Page<{ id: string; record: StoredRecord<T> }>>;
  delete(kind: RecordKind, id: string, ifVersion?: number): Promise<boolean>;
}
