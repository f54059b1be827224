import { attendeeRoles } from '../planning-meeting.ts';
import { cancellation, defineNotification } from './definition.ts';
import { details, letter } from './letters.ts';

export const meetingRejected = defineNotification({
  id: 'meetingRejected',
  label: 'Meeting rejected',
  rows: [{ status: 'provisional', happened: 'rejected', to: 'all attendees' }],
  events: ['PlanningMeetingRejected'],
  recipients: (event) => event.meeting.attendees,
  defaultRecipientRoles: attendeeRoles,
  defaultTexts: {
    subject: 'Provisional planning meeting on {{date}} not approved',
    body: letter(
      'The provisional planning meeting below has been rejected and will not take place. A new planning meeting needs to be booked.',
      'Reason: {{reason}}',
      details,
      'Book a new time: {{bookingLink}}',
    ),
    sms: 'Planning meeting for {{apprenticeName}} on {{date}} not approved; a new one needs booking.\nReason: {{reason}}',
  },
  calendar: cancellation,
});
