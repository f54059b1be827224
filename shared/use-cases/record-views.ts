import type { StoredRecord } from '#ports/record-store.ts';

/** How a stored record is answered: its fields, its id and its version stamp. */
export const recordView = <T extends object>(idField: 'id' | 'userId', id: string, record: StoredRecord<T>) => ({
  [idField]: id,
  ...record.data,
  ...record.meta,
});
