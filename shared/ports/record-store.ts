import type { AvailabilityScheduleInput } from '#domain/availability-schedule.ts';
import type { CommunicationConfiguration } from '#domain/communication-configuration.ts';
import type { AvailabilityConfiguration } from '#domain/configuration.ts';
import type { ApprenticeInput, GroupInput, RecordMeta, StandardInput, UserInput } from '#domain/directory.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import type { PermissionsConfiguration } from '#domain/roles.ts';
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

/** What each kind of record holds: its schema checked it before it was written. */
export interface RecordData {
  user: UserInput;
  apprentice: ApprenticeInput;
  standard: StandardInput;
  group: GroupInput;
  availability: AvailabilityScheduleInput;
}
export type TypedRecordKind = keyof RecordData;

/** What each configuration record holds, by its id. */
export interface ConfigurationData {
  availability: AvailabilityConfiguration;
  permissions: PermissionsConfiguration;
  /** As stored: a configuration saved by an earlier release is parsed again where it is read (StoredCommunicationConfiguration). */
  notifications: CommunicationConfiguration;
}

/**
 * Records read together, asked back by kind and id with the type of their kind, so a
 * use case reads `found.of('standard', id)` as a standard rather than casting an entry
 * of a map keyed by strings.
 */
export interface RecordSet {
  of<K extends TypedRecordKind>(kind: K, id: string): StoredRecord<RecordData[K]> | undefined;
  configuration<C extends keyof ConfigurationData>(id: C): StoredRecord<ConfigurationData[C]> | undefined;
  /** Every record of one kind in the set, by id. */
  allOf<K extends TypedRecordKind>(kind: K): Map<string, StoredRecord<RecordData[K]>>;
  /** The records of a later read by the same use case join this set. */
  add(other: RecordSet): void;
}

/**
 * Versioned directory and configuration records. Every write is conditional on the
 * version it read, so two administrators editing at once never overwrite each other.
 */
export interface RecordStore {
  /** Several records in one round trip; configuration, standards and groups may come from a copy at most 5 s old (decision 0005). */
  readAllowingCopy(wanted: RecordWanted): Promise<RecordSet>;
  /** Several records in one round trip, all from the table. */
  read(wanted: RecordWanted): Promise<RecordSet>;
  /** One record each, typed by its kind; standards, groups and configuration may come from the 5-second copy. */
  user(id: string): Promise<StoredRecord<UserInput> | undefined>;
  apprentice(id: string): Promise<StoredRecord<ApprenticeInput> | undefined>;
  standard(id: string): Promise<StoredRecord<StandardInput> | undefined>;
  group(id: string): Promise<StoredRecord<GroupInput> | undefined>;
  configuration<C extends keyof ConfigurationData>(id: C): Promise<StoredRecord<ConfigurationData[C]> | undefined>;
  /** The copies held of these records, read from nowhere: by `kind:id`, `null` for one known not to exist, absent when none is held. */
  heldCopies(wanted: RecordWanted): Map<string, StoredRecord<unknown> | null>;
  get<T>(kind: RecordKind, id: string): Promise<StoredRecord<T> | undefined>;
  /** Answered as a map by id; missing ids are absent. */
  getMany<T>(kind: RecordKind, ids: readonly string[]): Promise<Map<string, StoredRecord<T>>>;
  put<T>(kind: RecordKind, id: string, data: T, options: WriteOptions): Promise<StoredRecord<T>>;
  /** Standards or groups in name order whose name `matches`, a page at a time. */
  listByName<T>(
    kind: 'standard' | 'group',
    options: { matches: (name: string) => boolean; limit: number; cursor?: string | undefined },
  ): Promise<Page<{ id: string; record: StoredRecord<T> }>>;
  delete(kind: RecordKind, id: string, ifVersion?: number): Promise<boolean>;
}
