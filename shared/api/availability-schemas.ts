import { z } from 'zod';
import { AvailabilityReason } from '#domain/availability-reason.ts';
import { epochDayOf, LocalDate } from '#domain/primitives.ts';

export const MAX_SLOT_RANGE_DAYS = 93;

export const SlotsQuery = z
  .strictObject({ from: LocalDate, to: LocalDate })
  .superRefine((query, context) => {
    const days = epochDayOf(query.to) - epochDayOf(query.from);
    if (days < 0) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days + 1 > MAX_SLOT_RANGE_DAYS) {
      context.addIssue({ code: 'custom', path: ['to'], message: `the range may span at most ${MAX_SLOT_RANGE_DAYS} days` });
    }
  });

export const PlanningMeetingSlots = z.object({
  apprenticeId: z.string(),
  timeZone: z.string(),
  source: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('group'), groupId: z.string() }),
      z.object({ type: z.literal('apprenticeEpa'), epaId: z.string() }),
    ])
    .nullable(),
  window: z.object({ earliest: z.iso.datetime(), latest: z.iso.datetime() }),
  slots: z.array(z.object({ start: z.iso.datetime(), end: z.iso.datetime() })),
  reason: AvailabilityReason.nullable(),
});
