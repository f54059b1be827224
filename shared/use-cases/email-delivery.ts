import { composeEmail } from '#channels/email-message.ts';
import { meetingCalendar } from '#channels/icalendar.ts';
import type { ChannelDelivery } from './channel-delivery.ts';
import { recipientKeyOf } from '#domain/attendees.ts';

/**
 * An email with the meeting's invite: text, HTML and one `text/calendar` part, as one MIME
 * message; text and HTML only for a type whose module asks for no invite (a reminder).
 */
export const emailDelivery: ChannelDelivery<'email'> = {
  channel: 'email',
  build: async ({ event, planned, texts, context, sender }) => {
    const { recipient, calendar } = planned;
    const ics = calendar
      ? meetingCalendar({
          meeting: event.meeting,
          method: calendar.method,
          status: calendar.status,
          organizer: sender,
          // A removed attendee's cancellation names only them, so it removes nobody else's entry.
          attendees: event.type === 'PlanningMeetingAttendeeRemoved' ? [recipient] : event.meeting.attendees,
          stamp: event.occurredAt,
        })
      : null;
    const { raw, messageId } = await composeEmail({
      from: sender,
      to: { name: recipient.name, email: recipient.email },
      subject: texts.subject,
      text: texts.text,
      ics,
      method: calendar?.method ?? null,
      date: event.occurredAt,
      identity: { eventId: event.eventId, recipient: recipientKeyOf(recipient), channel: 'email' },
    });
    return { ...context, to: recipient.email, subject: texts.subject, text: texts.text, ics, raw, messageId };
  },
  send: (email, message) => email.send(message),
};
