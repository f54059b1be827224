import * as z from 'zod';
import { PlanningMeeting } from '#domain/planning-meeting.ts';

export const CapacityView = z.object({
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  days: z.array(
    z.object({
      epaId: z.string(),
      date: z.string(),
      availableMinutes: z.int(),
      bookedMinutes: z.int(),
      utilisation: z.number().nullable(),
      meetings: z.array(PlanningMeeting),
    }),
  ),
});

export const CapacityChangeResults = z.object({
  results: z.array(
    z.object({
      meetingId: z.string(),
      action: z.string(),
      status: z.int(),
      meeting: PlanningMeeting.optional(),
      problem: z.object({ code: z.string(), detail: z.string() }).optional(),
    }),
  ),
});
