import * as z from 'zod';
import { Id } from './primitives.ts';

/**
 * What a GET answers besides a record's own fields. A client edits what it read and
 * sends it back, so a PUT accepts them: the id and the stamps are set aside (the path
 * names the record, the write stamps it), and `version` is the version the client read,
 * taken as If-Match when no If-Match header is sent, so that a read-edit-write never
 * overwrites a change made in between (README, Configuration).
 */
const stamps = {
  version: z.int().min(0).optional().meta({ description: 'The version read; taken as If-Match when no If-Match header is sent' }),
  updatedAt: z.string().max(100).optional().meta({ readOnly: true, description: 'Answered by GET; ignored when sent' }),
  updatedBy: z.string().max(200).optional().meta({ readOnly: true, description: 'Answered by GET; ignored when sent' }),
};

/** For configuration records, which GET answers without an id. */
export const readOnlyFields = stamps;
/** For directory records and standards and groups, answered with `id`. */
export const readOnlyRecordFields = { id: Id.optional().meta({ readOnly: true, description: 'Answered by GET; the path names the record' }), ...stamps };
/** For an availability schedule, answered with the `userId` it belongs to. */
export const readOnlyScheduleFields = { userId: Id.optional().meta({ readOnly: true, description: 'Answered by GET; the path names the user' }), ...stamps };

type ReadOnlyKey = 'id' | 'userId' | 'version' | 'updatedAt' | 'updatedBy';
type WithoutReadOnlyFields<T> = Omit<T, ReadOnlyKey>;

/**
 * A PUT body as the record to store and the version to write over: the If-Match
 * header's when sent (it is the explicit precondition), else the body's `version`.
 */
export const recordToWrite = <T extends { version?: number | undefined }>(
  body: T,
  ifMatch: number | undefined,
): { data: WithoutReadOnlyFields<T>; ifVersion: number | undefined } => {
  const { id: _id, userId: _userId, version, updatedAt: _updatedAt, updatedBy: _updatedBy, ...data } = body as T & Partial<Record<ReadOnlyKey, unknown>>;
  return { data: data as WithoutReadOnlyFields<T>, ifVersion: ifMatch ?? version };
};
