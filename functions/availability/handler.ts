import { createHttpHandler } from '#api/http-handler.ts';
import { availabilityRoutes } from '#api/routes/availability.ts';
import { listPlanningMeetingSlots } from '#use-cases/planning-meeting-slots.ts';
import { dependencies } from '../http-dependencies.ts';

export const handler = createHttpHandler(
  'availability',
  availabilityRoutes,
  {
    listPlanningMeetingSlots: async (input) => ({
      body: await listPlanningMeetingSlots(input, input.params.apprenticeId, input.query.from, input.query.to),
    }),
  },
  dependencies,
);
