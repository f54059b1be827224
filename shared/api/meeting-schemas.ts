import * as z from 'zod';
import { PlanningMeeting } from '#domain/planning-meeting.ts';
import { PlanningMeetingEventType } from '#domain/planning-meeting-events.ts';
import { Id } from '#domain/primitives.ts';

export const MeetingIdParams = z.strictObject({ meetingId: Id });
export const AttendeeParams = z.strictObject({ meetingId: Id, attendeeId: Id });

export const PlanningMeetingPage = z.object({ items: z.array(PlanningMeeting), cursor: z.string().nullable() });

export const MeetingHistory = z.object({
  meetingId: z.string(),
  entries: z.array(
    z.object({ at: z.string(), by: z.string(), type: PlanningMeetingEventType, version: z.int(), change: z.record(z.string(), z.unknown()) }),
  ),
});

export { PlanningMeeting };
