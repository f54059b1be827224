import * as z from 'zod';
import { AvailabilityReason } from '#domain/availability-reason.ts';

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
