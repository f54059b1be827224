import { attendeeRoles, isActive } from '../planning-meeting.ts';
import { defineNotification, invitation } from './definition.ts';
import { isNewEpa, isReschedule } from './event-facts.ts';
import { details, letter, seeTheMeeting } from './letters.ts';

export const meetingUpdated = defineNotification({
  id: 'meetingUpdated',
  label: 'Meeting updated',
  rows: [
    { status: 'provisional', happened: 'updated (any change, time included)', to: 'all attendees' },
    { status: 'confirmed', happened: 'updated (not the time)', to: 'all attendees' },
  ],
  events: ['PlanningMeetingUpdated', 'PlanningMeetingRescheduled'],
  recipients: (event) =>
    isActive(event.meeting.status) && !isReschedule(event) ? event.meeting.attendees.filter((attendee) => !isNewEpa(event)(attendee)) : null,
  defaultRecipientRoles: attendeeRoles,
  defaultTexts: {
    subject: 'Planning meeting on {{date}} updated',
    body: letter('The planning meeting below has been updated. These are its current details:', details, 'The attached invitation updates your calendar entry.', seeTheMeeting),
    sms: 'Planning meeting for {{apprenticeName}} on {{date}}, {{time}} updated. Where: {{location}}.',
  },
  calendar: invitation,
});
