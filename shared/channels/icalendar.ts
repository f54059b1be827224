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
export const meetingSummary = (meeting: Pick<PlanningMeeting, 'attendees'>): string => {
  const apprentice = meeting.attendees.find((attendee) => attendee.role === 'apprentice')?.name.trim();
  return apprentice ? `Planning meeting: ${apprentice}` : 'Planning meeting';
};

export const meetingDescription = (meeting: Pick<PlanningMeeting, 'location' | 'notes'>): string =>
  [`Location: ${meeting.location?.trim() || 'To be confirmed'}`, ...(meeting.notes?.trim() ? [`Notes: ${meeting.notes.trim()}`] : [])].join('\n\n');

/**
 * A parameter value (CN) may not hold a DQUOTE or control character at all (RFC 5545
 * §3.1: no escaping exists there), and a backslash escape is not one calendars read
 * back, so such characters are replaced rather than escaped.
 */
const parameterSafe = (name: string): string =>
  name
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/"/g, "'")
    .replace(/\\/g, '/')
    .trim();

/**
 * A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, any line end
 * written as `\n`. Inside a quoted parameter only the backslash and the quote are.
 */
const text = (value: string, inQuotes = false): string =>
  value.replace(inQuotes ? /[\\"]/g : /[\\;,]/g, (match) => `\\${match}`).replace(/\r\n|\r|\n/g, '\\n');

/** `20270607T080000Z`: every time is written in UTC, so no VTIMEZONE is needed. */
const utc = (instant: string): string => new Date(instant).toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');

const utf8Length = (character: string): number => {
  const code = character.codePointAt(0)!;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
};

/**
 * Lines longer than 75 octets folded (RFC 5545 §3.1): a CRLF and a space before the
 * character that would pass 74, never inside a character's UTF-8 bytes.
 */
const folded = (line: string): string => {
  let result = '';
  let octets = 0;
  for (const character of line) {
    const size = utf8Length(character);
    octets += size;
    if (octets > 74) {
      result += '\r\n ';
      octets = size;
    }
    result += character;
  }
  return result;
};

/**
 * The meeting as an iTIP message (RFC 5545 / RFC 5546): one VEVENT, times in UTC.
 * Written here rather than with a calendar library: one event with these few
 * properties is all the service sends, and the bookings function carries this code
 * in every cold start. The text is the one ical-generator wrote for the same input,
 * so calendars see no change.
 */
export const meetingCalendar = (input: MeetingCalendarInput): string => {
  const { meeting } = input;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//${PRODUCT.company}//${PRODUCT.product}//${PRODUCT.language}`,
    `METHOD:${input.method}`,
    'BEGIN:VEVENT',
    `UID:${meetingUid(meeting.id)}`,
    `SEQUENCE:${input.sequence ?? meetingSequence(meeting)}`,
    `DTSTAMP:${utc(input.stamp)}`,
    `DTSTART:${utc(meeting.start)}`,
    `DTEND:${utc(meeting.end)}`,
    `SUMMARY:${text(meetingSummary(meeting))}`,
    ...(meeting.location ? [`LOCATION:${text(meeting.location)}`] : []),
    `DESCRIPTION:${text(meetingDescription(meeting))}`,
    `ORGANIZER;CN="${text(parameterSafe(input.organizer.name) || input.organizer.email, true)}":mailto:${text(input.organizer.email)}`,
    ...input.attendees.map(
      (attendee) =>
        `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN="${text(parameterSafe(attendee.name) || attendee.email, true)}":MAILTO:${text(attendee.email)}`,
    ),
    `STATUS:${input.status}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(folded).join('\r\n');
};
