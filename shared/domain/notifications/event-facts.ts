import type { MeetingChange, PlanningMeetingEvent } from '../planning-meeting-events.ts';
import type { Attendee, PlanningMeeting } from '../planning-meeting.ts';

export const timeChanged = (change: MeetingChange, meeting: PlanningMeeting): boolean =>
  (change.fields ?? []).some((field) => field === 'start' || field === 'end') ||
  (change.previousStart !== undefined && change.previousStart !== meeting.start) ||
  (change.previousEnd !== undefined && change.previousEnd !== meeting.end);

/**
 * An update or reschedule is named by what happened rather than by the event's name: a
 * confirmed meeting whose time moved is rescheduled even if a producer called it an
 * update, and a provisional one is only ever updated (SPEC §5.1's "time included").
 */
export const isReschedule = (event: PlanningMeetingEvent): boolean =>
  event.meeting.status === 'confirmed' && (event.type === 'PlanningMeetingRescheduled' || timeChanged(event.change, event.meeting));

/** A reassignment also emits AttendeeAdded for the new EPA, who gets an invite from it rather than an update they never had. */
export const isNewEpa = (event: PlanningMeetingEvent) => (attendee: Attendee): boolean =>
  event.change.previousEpaId !== undefined &&
  event.change.previousEpaId !== event.meeting.epaId &&
  attendee.kind === 'user' &&
  attendee.userId === event.meeting.epaId;

/** The attendee an Added/Removed event names, as the meeting now holds them when it still does. */
export const changedAttendee = (event: PlanningMeetingEvent): Attendee[] => {
  const named = event.change.attendee;
  if (!named) return [];
  return [event.meeting.attendees.find((attendee) => attendee.id === named.id) ?? named];
};
