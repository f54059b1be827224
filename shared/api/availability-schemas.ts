import * as z from 'zod';
import { AvailabilityReason } from '#domain/availability-reason.ts';
import { GatewayStatus } from '#domain/gateway.ts';

export const PlanningMeetingSlots = z.object({
  apprenticeId: z.string(),
  timeZone: z.string(),
  provisionalHoldHours: z.int().meta({ description: 'How long a provisional booking is held before it expires unless approved' }),
  source: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('group'), groupId: z.string() }),
      z.object({ type: z.literal('apprenticeEpa'), epaId: z.string() }),
    ])
    .nullable(),
  window: z.object({
    earliest: z.iso.datetime(),
    latest: z.iso.datetime(),
    gatewayStatus: GatewayStatus.meta({ description: 'The gateway stage the window was computed for' }),
    anchorDate: z.iso.date().nullable().meta({
      description: 'The day the stage counts from (estimated EPA date, gateway submitted date or audit submitted date); null when the record has none and today stood in',
    }),
    additionalInfo: z.string().nullable().meta({ description: 'The booking notice additional info, shown to whoever books' }),
    epaDateBookingFrom: z.iso.datetime().nullable().meta({
      description: 'From when this caller may book a provisional meeting (EPA date booking period); null when it does not apply',
    }),
  }),
  slots: z.array(z.object({ start: z.iso.datetime(), end: z.iso.datetime() })),
  reason: AvailabilityReason.nullable(),
});
