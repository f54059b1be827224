import * as z from 'zod';
import { Attendee, PlanningMeeting } from '#domain/planning-meeting.ts';

/** The source of every change event on the bus (SPEC §8). */
export const EVENT_SOURCE = 'planning-meetings';

export const planningMeetingEventTypes = [
  'PlanningMeetingProvisionallyBooked',
  'PlanningMeetingBooked',
  'PlanningMeetingUpdated',
  'PlanningMeetingRescheduled',
  'PlanningMeetingApproved',
  'PlanningMeetingRejected',
  'PlanningMeetingCancelled',
  'PlanningMeetingExpired',
  'PlanningMeetingAttendeeAdded',
  'PlanningMeetingAttendeeRemoved',
  /** Not a change: the sweeper's word that a confirmed meeting's start is near (SPEC §5.1, the reminder). */
  'PlanningMeetingReminderDue',
] as const;
export const PlanningMeetingEventType = z.enum(planningMeetingEventTypes);
export type PlanningMeetingEventType = z.infer<typeof PlanningMeetingEventType>;

/** What changed, beyond the meeting as it now is. */
export const MeetingChange = z.object({
  previousStart: z.string().optional(),
  previousEnd: z.string().optional(),
  previousEpaId: z.string().optional(),
  previousStatus: z.string().optional(),
  fields: z.array(z.string()).optional(),
  attendee: Attendee.optional(),
  reason: z.string().nullable().optional(),
});
export type MeetingChange = z.infer<typeof MeetingChange>;

/** The `detail` of an EventBridge event, and the outbox item written with the change. */
export const PlanningMeetingEvent = z.object({
  eventId: z.string(),
  type: PlanningMeetingEventType,
  meetingId: z.string(),
  version: z.int(),
  occurredAt: z.string(),
  actorId: z.string(),
  meeting: PlanningMeeting,
  change: MeetingChange,
});
export type PlanningMeetingEvent = z.infer<typeof PlanningMeetingEvent>;
