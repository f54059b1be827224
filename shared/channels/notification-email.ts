import { recipientKeyOf } from '#domain/attendees.ts';
import type { PlannedNotification } from '#domain/notification-planner.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import type { MessageContext, OutgoingEmail } from './channel-ports.ts';
import { composeEmail } from './email-message.ts';
import { meetingCalendar, type Organizer } from './icalendar.ts';

/**
 * The email of one planned notification, the one place it is built: the meeting's
 * invite (iCalendar) and the MIME message carrying it with the filled-in words. Text
 * and HTML only for a type whose module asks for no invite (a reminder).
 */
export const notificationEmail = async (input: {
  event: PlanningMeetingEvent;
  planned: PlannedNotification;
  texts: { subject: string; text: string };
  context: MessageContext;
  sender: Organizer;
}): Promise<OutgoingEmail> => {
  const { event, planned, texts, context, sender } = input;
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
};
