import { attendeeRoles, isActive } from '../planning-meeting.ts';
import { defineNotification, invitation } from './definition.ts';
import { isNewEpa, isReschedule } from './event-facts.ts';
import { details, letter, seeTheMeeting } from './letters.ts';

export const meetingRescheduled = defineNotification({
  id: 'meetingRescheduled',
  label: 'Meeting rescheduled',
  rows: [{ status: 'confirmed', happened: 'rescheduled (time changed)', to: 'all attendees' }],
  events: ['PlanningMeetingUpdated', 'PlanningMeetingRescheduled'],
  recipients: (event) =>
    isActive(event.meeting.status) && isReschedule(event) ? event.meeting.attendees.filter((attendee) => !isNewEpa(event)(attendee)) : null,
  defaultRecipientRoles: attendeeRoles,
  defaultTexts: {
    subject: 'Planning meeting moved to {{date}}',
    body: letter('The planning meeting below has been moved to a new time.', `Previously: {{previousStart}}\n${details}`, 'The attached invitation moves your calendar entry.', seeTheMeeting),
    sms: 'Planning meeting for {{apprenticeName}} moved to {{date}}, {{time}}. Where: {{location}}.',
  },
  calendar: invitation,
});
