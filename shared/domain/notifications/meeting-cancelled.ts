import { attendeeRoles } from '../planning-meeting.ts';
import { cancellation, defineNotification } from './definition.ts';
import { changedAttendee } from './event-facts.ts';
import { details, letter } from './letters.ts';

export const meetingCancelled = defineNotification({
  id: 'meetingCancelled',
  label: 'Meeting cancelled',
  rows: [
    { status: 'provisional', happened: 'attendee removed', to: 'the removed attendee' },
    { status: 'provisional', happened: 'expired by the sweeper', to: 'all attendees' },
    { status: 'confirmed', happened: 'cancelled', to: 'all attendees' },
    { status: 'confirmed', happened: 'attendee removed', to: 'the removed attendee' },
  ],
  // Cancelling a provisional meeting is not a row of the table; it is told like a confirmed one's.
  events: ['PlanningMeetingCancelled', 'PlanningMeetingExpired', 'PlanningMeetingAttendeeRemoved'],
  recipients: (event) => (event.type === 'PlanningMeetingAttendeeRemoved' ? changedAttendee(event) : event.meeting.attendees),
  defaultRecipientRoles: attendeeRoles,
  // `{{reason}}` on a line of its own, so the line goes when nobody gave one.
  defaultTexts: {
    subject: 'Planning meeting on {{date}} cancelled',
    body: letter('You no longer need to attend the planning meeting below: it has been cancelled.', 'Reason: {{reason}}', details),
    sms: 'Planning meeting for {{apprenticeName}} on {{date}}, {{time}} cancelled.\nReason: {{reason}}',
  },
  calendar: cancellation,
});
