import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { apprenticeNameOf, locationText } from '#domain/attendees.ts';
import type { CalendarMethod, CalendarStatus } from '#domain/notification-planner.ts';
import type { Attendee, PlanningMeeting } from '#domain/planning-meeting.ts';

export type { Organizer } from '#ports/channels.ts';
import type { Organizer } from '#ports/channels.ts';

/**
 * REQUEST and CANCEL are what emails carry (SPEC §5.3). PUBLISH is the `calendar.ics`
 * download: a copy of the meeting for someone's own calendar, which invites nobody
 * and asks for nothing (RFC 5546 §3.2.1).
 */
export type ICalendarMethod = CalendarMethod | 'PUBLISH';

export interface MeetingCalendarInput {
  meeting: PlanningMeeting;
  method: ICalendarMethod;
  status: CalendarStatus;
  /**
   * SEQUENCE: starts at 0 and grows with every change sent, so calendars take the
   * newest message and ignore a late older one. Callers pass `meeting.version - 1`
   * ({@link meetingSequence}, the default): the version starts at 1 and every change
   * raises it, and the events of one change share it, going to different people.
   */
  sequence?: number | undefined;
  organizer: Organizer;
  /**
   * Who the entry lists: every attendee for a REQUEST or a whole cancellation, the
   * removed attendee alone for their CANCEL. A PUBLISH lists nobody, whatever is given:
   * RFC 5546 allows no ATTENDEE there.
   */
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
 * and wrong for the other attendees who share the entry. Whether it is provisional is
 * the meeting's state too, and its approval or rejection updates every attendee's entry.
 * Many calendars show STATUS:TENTATIVE faintly or not at all, so the title says it.
 */
const meetingSummary = (meeting: Pick<PlanningMeeting, 'attendees'>, status: CalendarStatus): string => {
  const apprentice = apprenticeNameOf(meeting).trim();
  const title = status === 'TENTATIVE' ? 'Provisional planning meeting' : 'Planning meeting';
  return apprentice ? `${title}: ${apprentice}` : title;
};

/** Said in the entry, since nobody reads replies to the sender (docs/decisions/0008). */
const PROVISIONAL_NOTE =
  'Provisional: this booking waits for approval. You will get an update when it is confirmed, or a cancellation if it is not. No reply is needed.';

const meetingDescription = (meeting: Pick<PlanningMeeting, 'location' | 'notes'>, status: CalendarStatus): string =>
  [
    ...(status === 'TENTATIVE' ? [PROVISIONAL_NOTE] : []),
    `Location: ${locationText(meeting)}`,
    ...(meeting.notes?.trim() ? [`Notes: ${meeting.notes.trim()}`] : []),
  ].join('\n\n');

const methods = { REQUEST: ICalCalendarMethod.REQUEST, CANCEL: ICalCalendarMethod.CANCEL, PUBLISH: ICalCalendarMethod.PUBLISH } as const;
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

/**
 * The meeting as an iTIP message (RFC 5545 / RFC 5546): one VEVENT, times in UTC.
 * Attendees are listed with RSVP=FALSE: the ORGANIZER is the service's sender, and no
 * one reads what comes back to it (docs/decisions/0008).
 */
export const meetingCalendar = (input: MeetingCalendarInput): string => {
  const { meeting } = input;
  const calendar = ical({ prodId: PRODUCT, method: methods[input.method] });
  const location = meeting.location?.trim();
  calendar.createEvent({
    id: meetingUid(meeting.id),
    sequence: input.sequence ?? meetingSequence(meeting),
    stamp: new Date(input.stamp),
    start: new Date(meeting.start),
    end: new Date(meeting.end),
    summary: meetingSummary(meeting, input.status),
    description: meetingDescription(meeting, input.status),
    location: location || null,
    status: statuses[input.status],
    organizer: { name: parameterSafe(input.organizer.name) || input.organizer.email, email: input.organizer.email },
    attendees:
      input.method === 'PUBLISH'
        ? []
        : input.attendees.map((attendee) => ({
            name: parameterSafe(attendee.name) || attendee.email,
            email: attendee.email,
            role: ICalAttendeeRole.REQ,
            status: ICalAttendeeStatus.NEEDSACTION,
            rsvp: false,
          })),
  });
  // RFC 5545 §3.1 ends every content line with CRLF, the last one too; ical-generator leaves the last bare.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
};
