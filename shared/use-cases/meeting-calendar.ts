import { meetingCalendar } from '#channels/icalendar.ts';
import { isActive } from '#domain/planning-meeting.ts';
import type { Actor } from '#ports/actor.ts';
import { readPlanningMeeting } from './read-planning-meetings.ts';

/**
 * The meeting as it now is, as iCalendar for `calendar.ics`: the same UID and SEQUENCE
 * as the last email sent for it, so importing it updates the entry the invites made.
 * METHOD:PUBLISH, not the emails' REQUEST: a download is a copy for the reader's own
 * calendar, not an invitation, so it lists no attendees and asks nobody to reply; its
 * STATUS says whether the meeting is provisional, confirmed or cancelled.
 */
export const meetingAsCalendar = async (actor: Actor, meetingId: string): Promise<string> => {
  const meeting = await readPlanningMeeting(actor, meetingId);
  return meetingCalendar({
    meeting,
    method: 'PUBLISH',
    status: !isActive(meeting.status) ? 'CANCELLED' : meeting.status === 'provisional' ? 'TENTATIVE' : 'CONFIRMED',
    organizer: actor.deps.sender,
    attendees: [],
    stamp: meeting.updatedAt,
  });
};
