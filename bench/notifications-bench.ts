import { composeEmail } from '#channels/email-message.ts';
import { meetingCalendar } from '#channels/icalendar.ts';
import { defaultCommunicationConfiguration } from '#domain/communication-configuration.ts';
import { planNotifications, renderTemplate, templateValues } from '#domain/notification-planner.ts';
import type { PlanningMeeting } from '#domain/planning-meeting.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';

export interface NotificationFigures {
  events: number;
  notifications: number;
  seconds: number;
  perSecond: number;
}

const person = (n: number, role: PlanningMeeting['attendees'][number]['role']) =>
  ({ id: `attendee-${n}`, kind: 'user', userId: `user-${n}`, role, name: `Person ${n}`, email: `person-${n}@example.org` }) as const;

/** An approval of a meeting with five attendees: every attendee gets a meeting invite with its .ics. */
const eventOf = (n: number): PlanningMeetingEvent => {
  const meeting: PlanningMeeting = {
    id: `meeting-${n}`,
    apprenticeId: 'user-1',
    standardId: 'ST0116',
    epaId: 'user-2',
    start: '2027-01-04T09:00:00Z',
    end: '2027-01-04T10:00:00Z',
    status: 'confirmed',
    version: 2,
    attendees: [person(1, 'apprentice'), person(2, 'epa'), person(3, 'awardingorganisation'), person(4, 'workplaceMentor'), person(5, 'onProgrammeAssessor')],
    location: 'Teams',
    notes: null,
    createdAt: '2027-01-01T10:00:00Z',
    createdBy: 'user-1',
    updatedAt: '2027-01-02T10:00:00Z',
    updatedBy: 'owner',
  };
  return { eventId: `event-${n}`, type: 'PlanningMeetingApproved', meetingId: meeting.id, version: 2, occurredAt: meeting.updatedAt, actorId: 'owner', meeting, change: {} };
};

/**
 * What a notifier does per event minus the network: plan, fill the templates, build
 * the invite and the MIME message, hand it to a transport that only counts.
 */
export const benchNotifications = async (options: { events: number; maxSeconds: number }): Promise<NotificationFigures> => {
  const organizer = { name: 'Planning meetings', email: 'planning@example.org' };
  let sent = 0;
  const transport = async (_raw: string): Promise<void> => {
    sent += 1;
  };
  const started = performance.now();
  let events = 0;
  for (; events < options.events && performance.now() - started < options.maxSeconds * 1000; events += 1) {
    const event = eventOf(events);
    for (const planned of planNotifications(event, defaultCommunicationConfiguration)) {
      const settings = defaultCommunicationConfiguration.types[planned.notificationType];
      const values = templateValues(event, planned.recipient, { standardName: 'Software developer' });
      const subject = renderTemplate(settings.subject, values);
      const text = renderTemplate(settings.body, values);
      const ics = meetingCalendar({ meeting: event.meeting, method: planned.calendar.method, status: planned.calendar.status, organizer, attendees: event.meeting.attendees, stamp: event.occurredAt });
      const { raw } = await composeEmail({ from: organizer, to: planned.recipient, subject, text, ics, method: planned.calendar.method, date: event.occurredAt, identity: { eventId: event.eventId, recipient: planned.recipient.id, channel: 'email' } });
      await transport(raw);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { events, notifications: sent, seconds, perSecond: sent / seconds };
};
