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
  return meetingCalendar({
    meeting,
    method: active ? 'REQUEST' : 'CANCEL',
    status: !active ? 'CANCELLED' : meeting.status === 'provisional' ? 'TENTATIVE' : 'CONFIRMED',
    organizer: actor.deps.sender,
    attendees: meeting.attendees,
    stamp: meeting.updatedAt,
  });
};
