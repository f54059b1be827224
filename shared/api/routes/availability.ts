import { SlotsQuery } from '#use-cases/slot-inputs.ts';
import { PlanningMeetingSlots } from '../availability-schemas.ts';
import { ApprenticeIdParams } from '../record-schemas.ts';
import type { GroupRoute } from '../route.ts';

/** Availability (SPEC §3) */
export const availabilityRoutes = [
  {
    operationId: 'listPlanningMeetingSlots',
    method: 'GET',
    path: '/apprentices/{apprenticeId}/planning-meeting-slots',
    group: 'availability',
    access: { kind: 'booking' },
    summary:
      'Offered planning meeting slots for an apprentice between two days (organisation time zone, both included, at most 93 days), the source used, the booking window, and the reason when there are none',
    params: ApprenticeIdParams,
    query: SlotsQuery,
    response: PlanningMeetingSlots,
    successStatus: 200,
  },
] as const satisfies readonly GroupRoute<'availability'>[];
