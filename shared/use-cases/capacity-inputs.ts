import * as z from 'zod';
import { MeetingStatus } from '#domain/planning-meeting.ts';
import { epochDayOf, Id, Instant, LocalDate } from '#domain/primitives.ts';
import { MAX_SLOT_RANGE_DAYS } from './slot-inputs.ts';

export const CapacityQuery = z
  .strictObject({
    from: LocalDate,
    to: LocalDate,
    groupId: Id.optional(),
    epaId: Id.optional(),
    status: MeetingStatus.optional(),
  })
  .superRefine((query, context) => {
    const days = epochDayOf(query.to) - epochDayOf(query.from);
    if (days < 0) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days + 1 > MAX_SLOT_RANGE_DAYS) context.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_SLOT_RANGE_DAYS} days` });
  });

const Reason = z.string().trim().max(1000).optional();
const ItemBase = { meetingId: Id, ifVersion: z.int().min(1) };

/** One change of a batch; `ifVersion` is required: a batch is always saved against what the screen showed. */
export const CapacityChange = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve'), ...ItemBase, reason: Reason }),
  z.strictObject({ action: z.literal('reject'), ...ItemBase, reason: Reason }),
  z.strictObject({ action: z.literal('reassign'), ...ItemBase, epaId: Id }),
  z.strictObject({ action: z.literal('reschedule'), ...ItemBase, start: Instant, end: Instant.optional() }),
]);
export type CapacityChange = z.infer<typeof CapacityChange>;

export const MAX_CAPACITY_CHANGES = 50;

export const CapacityChanges = z.strictObject({ items: z.array(CapacityChange).min(1).max(MAX_CAPACITY_CHANGES) });
