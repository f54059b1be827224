import { attendeeRoles } from '../planning-meeting.ts';
import { defineNotification, invitation } from './definition.ts';
import { changedAttendee } from './event-facts.ts';
import { details, letter, seeTheMeeting } from './letters.ts';

export const provisionalBookingInvite = defineNotification({
  id: 'provisionalBookingInvite',
  label: 'Provisional booking invite',
  rows: [
    { status: 'provisional', happened: 'booked through slot-based booking', to: 'all attendees' },
    { status: 'provisional', happened: 'attendee added', to: 'the added attendee' },
  ],
  events: ['PlanningMeetingProvisionallyBooked', 'PlanningMeetingAttendeeAdded'],
  recipients: (event) => {
    if (event.type === 'PlanningMeetingProvisionallyBooked') return event.meeting.attendees;
    return event.meeting.status === 'provisional' ? changedAttendee(event) : null;
  },
  defaultRecipientRoles: attendeeRoles,
  defaultTexts: {
    subject: 'Provisional planning meeting on {{date}}, awaiting approval',
    body: letter(
      'A planning meeting for an end-point assessment has been provisionally booked. It is not confirmed yet: it is awaiting approval, and you will receive a confirmed invitation once it has been approved.',
      details,
      'The attached calendar entry is marked as tentative until then.',
      seeTheMeeting,
    ),
    sms: 'Provisional planning meeting for {{apprenticeName}}: {{date}}, {{time}}. It is awaiting approval.',
  },
  calendar: invitation,
});
