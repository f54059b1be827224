import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { apprenticeNameOf, locationText } from '#domain/attendees.ts';
import type { CalendarMethod, CalendarStatus } from '#domain/notification-planner.ts';
import type { Attendee, PlanningMeeting } from '#domain/planning-meeting.ts';

/** The configured sender: ORGANIZER of every invite and From of every email. */
export interface Organizer {
  name: string;
  email: string;
}

export interface MeetingCalendarInput {
  meeting: PlanningMeeting;
  method: CalendarMethod;
  status: CalendarStatus;
  /**
   * SEQUENCE: starts at 0 and grows with every change sent, so calendars take the
   * newest message and ignore a late older one. Callers pass `meeting.version - 1`
   * ({@link meetingSequence}, the default): the version starts at 1 and every change
   * raises it, and the events of one change share it, going to different people.
   */
  sequence?: number | undefined;
  organizer: Organizer;
  /** Who the entry lists: every attendee for a REQUEST or a whole cancellation, the removed attendee alone for their CANCEL. */
  attendees: readonly Attendee[];
  /** DTSTAMP: when the change happened, not when this text was built, so a retry builds the same invite. */
  stamp: string;
}

const PRODUCT = { company: 'Planning meetings', product: 'Planning meeting booking', language: 'EN' } as const;

/** One UID per meeting for its whole life, so calendars update or remove the one entry. */
export const meetingUid = (meetingId: string): string => `${meetingId}@planning-meetings`;

export const meetingSequence = (meeting: Pick<PlanningMeeting, 'version'>): number => meeting.version - 1;

/**
 * The entry's title and text are the meeting's, the same in every message and in
 * `calendar.ics`: a calendar keeps one entry per UID, and an email's subject ("…
 * cancelled") or its letter ("Dear Ada, …") would be wrong there after the next change,
 * and wrong for the other attendees who share the entry.
 */
const meetingSummary = (meeting: Pick<PlanningMeeting, 'attendees'>): string => {
  const apprentice = apprenticeNameOf(meeting).trim();
  return apprentice ? `Planning meeting: ${apprentice}` : 'Planning meeting';
};

const meetingDescription = (meeting: Pick<PlanningMeeting, 'location' | 'notes'>): string =>
  [`Location: ${locationText(meeting)}`, ...(meeting.notes?.trim() ? [`Notes: ${meeting.notes.trim()}`] : [])].join('\n\n');

const methods = { REQUEST: ICalCalendarMethod.REQUEST, CANCEL: ICalCalendarMethod.CANCEL } as const;
const statuses = { TENTATIVE: ICalEventStatus.TENTATIVE, CONFIRMED: ICalEventStatus.CONFIRMED, CANCELLED: ICalEventStatus.CANCELLED } as const;

/**
 * A parameter value (CN) may not hold a DQUOTE or control character at all (RFC 5545
 * §3.1: no escaping exists there), and ical-generator's backslash escape is not one
 * calendars read back, so such characters are replaced rather than escaped.
 */
const parameterSafe = (name: string): string =>
  name
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/"/g, "'")
    .replace(/\\/g, '/')
    .trim();

/** The meeting as an iTIP message (RFC 5545 / RFC 5546): one VEVENT, times in UTC. */
export const meetingCalendar = (input: MeetingCalendarInput): string => {
  const { meeting } = input;
  const calendar = ical({ prodId: PRODUCT, method: methods[input.method] });
  calendar.createEvent({
    id: meetingUid(meeting.id),
    sequence: input.sequence ?? meetingSequence(meeting),
    stamp: new Date(input.stamp),
    start: new Date(meeting.start),
    end: new Date(meeting.end),
    summary: meetingSummary(meeting),
    description: meetingDescription(meeting),
    location: meeting.location ?? null,
    status: statuses[input.status],
    organizer: { name: parameterSafe(input.organizer.name) || input.organizer.email, email: input.organizer.email },
    attendees: input.attendees.map((attendee) => ({
      name: parameterSafe(attendee.name) || attendee.email,
      email: attendee.email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: true,
    })),
  });
  return calendar.toString();
};
