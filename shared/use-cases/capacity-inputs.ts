import * as z from 'zod';
import { MeetingStatus } from '#domain/planning-meeting.ts';
import { Id, Instant, LocalDate, refineDateRange } from '#domain/primitives.ts';
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

const Reason = z.string().trim().max(1000).optional();
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

export const MAX_CAPACITY_CHANGES = 50;

export const CapacityChanges = z.strictObject({ items: z.array(CapacityChange).min(1).max(MAX_CAPACITY_CHANGES) });
