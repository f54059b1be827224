import { meetingCalendar } from '#channels/icalendar.ts';
import { isActive } from '#domain/planning-meeting.ts';
import type { Actor } from '#ports/actor.ts';
import { readPlanningMeeting } from './read-planning-meetings.ts';

/**
 * The meeting as it now is, as iCalendar: the same UID and SEQUENCE as the last
 * email sent for it, so importing it updates the entry the invites made.
 */
export const meetingAsCalendar = async (actor: Actor, meetingId: string): Promise<string> => {
  const meeting = await readPlanningMeeting(actor, meetingId);
  const active = isActive(meeting.status);
  const names = (role: string) => meeting.attendees.find((attendee) => attendee.role === role)?.name ?? '';
  return meetingCalendar({
    meeting,
    method: active ? 'REQUEST' : 'CANCEL',
    status: !active ? 'CANCELLED' : meeting.status === 'provisional' ? 'TENTATIVE' : 'CONFIRMED',
    organizer: actor.deps.sender,
    attendees: meeting.attendees,
    stamp: meeting.updatedAt,
    summary: `Planning meeting: ${names('apprentice')}`,
    description: `End-point assessment planning meeting for ${names('apprentice')} with ${names('epa')} (${meeting.status}).`,
  });
};
