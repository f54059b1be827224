import { claimKey, deliveryKey, eventKey, idempotencyKey, meetingKey, recordKey } from '#store/keys.ts';

/**
 * The table's partitions by kind, as `dynamodb:LeadingKeys` patterns. Each is the store's
 * own key builder called with `*` for the id, so a renamed prefix in `keys.ts` renames the
 * grant with it. IAM sees the partition key alone: a grant to write one kind of item in a
 * partition is a grant to write every item there (a user's profile beside their in-app
 * notifications, an apprentice's record beside their active-meeting marker).
 */
const any = '*';
export const tablePartitions = {
  /** `USER#<id>`: a directory user, their availability schedule and their in-app notifications. */
  user: recordKey('user', any).pk,
  /** `APPRENTICE#<id>`: an apprentice's record and their active-meeting marker. */
  apprentice: recordKey('apprentice', any).pk,
  standard: recordKey('standard', any).pk,
  group: recordKey('group', any).pk,
  configuration: recordKey('configuration', any).pk,
  /** `MEETING#<id>`: a meeting, its history and its reminder markers. */
  meeting: meetingKey(any).pk,
  claim: claimKey(any, any).pk,
  idempotency: idempotencyKey(any, any).pk,
  event: eventKey(any).pk,
  delivery: deliveryKey(any, any, any).pk,
} as const;
export type TablePartition = keyof typeof tablePartitions;

export const partitionPatterns = (partitions: readonly TablePartition[]): string[] =>
  [...new Set(partitions.map((partition) => tablePartitions[partition]))].sort();
