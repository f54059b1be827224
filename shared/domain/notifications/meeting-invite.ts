import { attendeeRoles } from '../planning-meeting.ts';
import { defineNotification, invitation } from './definition.ts';
import { changedAttendee } from './event-facts.ts';
import { details, letter, seeTheMeeting } from './letters.ts';

export const meetingInvite = defineNotification({
  id: 'meetingInvite',
  label: 'Meeting invite',
  rows: [
    // The meeting's status is the one after the change: an approval turns a provisional meeting confirmed.
    { status: 'provisional', happened: 'approved', to: 'all attendees' },
    { status: 'confirmed', happened: 'booked directly', to: 'all attendees' },
    { status: 'confirmed', happened: 'attendee added', to: 'the added attendee' },
  ],
  events: ['PlanningMeetingBooked', 'PlanningMeetingApproved', 'PlanningMeetingAttendeeAdded'],
  recipients: (event) => {
    if (event.type !== 'PlanningMeetingAttendeeAdded') return event.meeting.attendees;
    return event.meeting.status === 'confirmed' ? changedAttendee(event) : null;
  },
  defaultRecipientRoles: attendeeRoles,
  defaultTexts: {
    subject: 'Planning meeting confirmed for {{date}}',
    body: letter('You are invited to the planning meeting below. It is confirmed.', details, 'The attached invitation adds it to your calendar.', seeTheMeeting),
    sms: 'Planning meeting for {{apprenticeName}} confirmed: {{date}}, {{time}}. Where: {{location}}.',
  },
  calendar: invitation,
});
