import * as z from 'zod';
import { MeetingStatus } from '#domain/planning-meeting.ts';
import { DomainError } from '#domain/errors.ts';
import { daysInRange, Id, Instant, LocalDate, refineDateRange } from '#domain/primitives.ts';
import { Reason as MeetingReason } from './meeting-inputs.ts';
import { MAX_SLOT_RANGE_DAYS } from './slot-inputs.ts';

export const CapacityQuery = z
  .strictObject({
    from: LocalDate,
    to: LocalDate,
    groupId: Id.optional(),
    epaId: Id.optional(),
    status: MeetingStatus.optional(),
  })
  .superRefine(refineDateRange(MAX_SLOT_RANGE_DAYS));

/**
 * Rows of one capacity view (EPAs × days). The group is known only once read, so this is
 * checked after the query: 93 days of the 3 demo EPAs are ~30 KB; 500 EPAs would be over
 * 5 MB before any meeting, beyond what a Lambda may answer.
 */
const MAX_CAPACITY_EPA_DAYS = 3000;

/** Refuses a view of more than MAX_CAPACITY_EPA_DAYS rows, saying how many days this many EPAs allow. */
export const ensureCapacityViewSize = (epaCount: number, query: { from: string; to: string }): void => {
  const days = daysInRange(query.from, query.to) ?? 0;
  if (epaCount * days <= MAX_CAPACITY_EPA_DAYS) return;
  const allowed = Math.max(1, Math.floor(MAX_CAPACITY_EPA_DAYS / Math.max(1, epaCount)));
  throw new DomainError('VALIDATION_FAILED', `The view would have ${epaCount * days} rows; it may have at most ${MAX_CAPACITY_EPA_DAYS}`, [
    { path: 'query.to', message: `${epaCount} EPAs allow at most ${allowed} days at once; ask for fewer days, or for one EPA` },
  ]);
};

// The reason of the single approve and reject: bounded, and free of control and bidirectional formatting characters.
const Reason = MeetingReason.optional();
const ItemBase = { meetingId: Id, ifVersion: z.int().min(1) };

export const capacityActions = ['approve', 'reject', 'reassign', 'reschedule'] as const;

/** One change of a batch; `ifVersion` is required: a batch is always saved against what the screen showed. */
export const CapacityChange = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal('approve'), ...ItemBase, reason: Reason }),
    z.strictObject({ action: z.literal('reject'), ...ItemBase, reason: Reason }),
    z.strictObject({ action: z.literal('reassign'), ...ItemBase, epaId: Id }),
    z.strictObject({ action: z.literal('reschedule'), ...ItemBase, start: Instant, end: Instant.optional() }),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? `must be one of ${capacityActions.join(', ')}` : undefined) },
);
export type CapacityChange = z.infer<typeof CapacityChange>;

const MAX_CAPACITY_CHANGES = 50;

export const CapacityChanges = z.strictObject({ items: z.array(CapacityChange).min(1).max(MAX_CAPACITY_CHANGES) });
