import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { planningMeetingFixture } from '../../support/planning-meeting-fixture.ts';
import { meetingCalendar, meetingSequence, meetingUid, type MeetingCalendarInput } from '#channels/icalendar.ts';
import type { Attendee, PlanningMeeting } from '#domain/planning-meeting.ts';

const apprentice: Attendee = { id: 'att-1', kind: 'user', userId: 'app-1', role: 'apprentice', name: 'Ada Apprentice', email: 'ada@example.org' };
const epa: Attendee = { id: 'att-2', kind: 'user', userId: 'epa-1', role: 'epa', name: 'Eve Assessor', email: 'eve@example.org' };
const mentor: Attendee = { id: 'att-3', kind: 'guest', role: 'workplaceMentor', name: 'Mia Mentor', email: 'mia@example.org' };
const organizer = { name: 'Acme EPA Bookings', email: 'bookings@acme-epa.example' };

const provisional: PlanningMeeting = planningMeetingFixture({
  status: 'provisional',
  version: 1,
  attendees: [apprentice, epa, mentor],
  location: 'Microsoft Teams',
  updatedAt: '2027-01-01T10:00:00Z',
  updatedBy: 'app-1',
});
// Approved and moved an hour later, in summer time: two changes on.
const confirmed: PlanningMeeting = { ...provisional, status: 'confirmed', version: 3, start: '2027-06-07T08:00:00Z', end: '2027-06-07T09:00:00Z' };

const provisionalNote =
  'Provisional: this booking waits for approval. You will get an update when it is confirmed, or a cancellation if it is not. No reply is needed.';

const build = (overrides: Partial<MeetingCalendarInput> & { meeting: PlanningMeeting }): string =>
  meetingCalendar({
    method: 'REQUEST',
    status: 'TENTATIVE',
    organizer,
    attendees: overrides.meeting.attendees,
    stamp: '2027-01-01T10:00:00Z',
    ...overrides,
  });

/** Through node-ical, an independent parser: what a calendar client would read. */
const parse = (text: string) => {
  const parsed = ical.sync.parseICS(text);
  const events = Object.values(parsed).filter((component): component is VEvent => component.type === 'VEVENT');
  expect(events).toHaveLength(1);
  const calendar = parsed['vcalendar'];
  return { event: events[0]!, calendar: calendar?.type === 'VCALENDAR' ? calendar : undefined };
};

const attendeesOf = (event: VEvent) =>
  [event.attendee ?? []].flat().map((attendee) => (typeof attendee === 'string' ? { val: attendee, params: {} } : attendee));

describe('meeting calendar (RFC 5545 / 5546), read back by node-ical', () => {
  it('invites to a provisional meeting: METHOD:REQUEST, STATUS:TENTATIVE, every attendee listed, no reply asked for', () => {
    const text = build({ meeting: provisional });
    const { event, calendar } = parse(text);
    expect(calendar?.method).toBe('REQUEST');
    expect(calendar?.prodid).toMatch(/^-\/\/.+\/\/.+\/\/EN$/);
    expect(event.status).toBe('TENTATIVE');
    expect(event.uid).toBe('meeting-1@planning-meetings');
    expect(event.sequence).toBe('0');
    expect(event.start.toISOString()).toBe('2027-01-04T09:00:00.000Z');
    expect(event.end.toISOString()).toBe('2027-01-04T10:00:00.000Z');
    expect(event.dtstamp.toISOString()).toBe('2027-01-01T10:00:00.000Z');
    expect(event.summary).toBe('Provisional planning meeting: Ada Apprentice');
    expect(event.location).toBe('Microsoft Teams');
    expect(event.description).toBe(`${provisionalNote}\n\nLocation: Microsoft Teams`);
    expect(event.organizer).toEqual({ params: { CN: 'Acme EPA Bookings' }, val: 'mailto:bookings@acme-epa.example' });
    expect(attendeesOf(event).map((attendee) => ({ ...attendee, val: attendee.val.toLowerCase() }))).toEqual(
      [apprentice, epa, mentor].map((attendee) => ({
        params: { ROLE: 'REQ-PARTICIPANT', PARTSTAT: 'NEEDS-ACTION', RSVP: false, CN: attendee.name },
        val: `mailto:${attendee.email}`,
      })),
    );
  });

  it('writes instants in UTC, with CRLF line ends, the last line too', () => {
    const text = build({ meeting: confirmed, status: 'CONFIRMED' });
    expect(text).toMatch(/\r\nDTSTART:20270607T080000Z\r\n/);
    expect(text).toMatch(/\r\nDTEND:20270607T090000Z\r\n/);
    expect(text).toMatch(/\r\nDTSTAMP:20270101T100000Z\r\n/);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text).not.toContain('TZID');
  });

  it('keeps one UID across versions while SEQUENCE grows, so a calendar updates its one entry', () => {
    const first = parse(build({ meeting: provisional })).event;
    const later = parse(build({ meeting: confirmed, status: 'CONFIRMED' })).event;
    expect(later.uid).toBe(first.uid);
    expect(meetingUid(confirmed.id)).toBe(first.uid);
    expect([first.sequence, later.sequence]).toEqual(['0', '2']);
    expect(meetingSequence(confirmed)).toBe(2);
    expect(later.status).toBe('CONFIRMED');
    expect(later.start.toISOString()).toBe('2027-06-07T08:00:00.000Z');
  });

  it('takes the SEQUENCE the caller gives', () => {
    expect(parse(build({ meeting: confirmed, sequence: 7 })).event.sequence).toBe('7');
  });

  it('cancels a meeting: METHOD:CANCEL, STATUS:CANCELLED, the same UID, every attendee listed', () => {
    const cancelled = { ...confirmed, status: 'cancelled' as const, version: 4 };
    const { event, calendar } = parse(build({ meeting: cancelled, method: 'CANCEL', status: 'CANCELLED' }));
    expect(calendar?.method).toBe('CANCEL');
    expect(event.status).toBe('CANCELLED');
    expect(event.uid).toBe('meeting-1@planning-meetings');
    expect(event.sequence).toBe('3');
    expect(attendeesOf(event)).toHaveLength(3);
  });

  it('cancels for a removed attendee alone: only they are listed', () => {
    const without = { ...confirmed, version: 4, attendees: [apprentice, epa] };
    const { event, calendar } = parse(build({ meeting: without, method: 'CANCEL', status: 'CANCELLED', attendees: [mentor] }));
    expect(calendar?.method).toBe('CANCEL');
    expect(event.status).toBe('CANCELLED');
    expect(attendeesOf(event).map((attendee) => attendee.val.toLowerCase())).toEqual(['mailto:mia@example.org']);
  });

  it('titles the entry by the meeting, not by the email: SUMMARY names the apprentice, DESCRIPTION holds the location and notes', () => {
    const noted = { ...confirmed, location: 'Room 4, Block B', notes: 'Bring the portfolio; and the logbook.\nAsk for reception.' };
    const invite = parse(build({ meeting: noted, status: 'CONFIRMED' })).event;
    const cancel = parse(build({ meeting: { ...noted, status: 'cancelled', version: 4 }, method: 'CANCEL', status: 'CANCELLED' })).event;
    for (const event of [invite, cancel]) {
      expect(event.summary).toBe('Planning meeting: Ada Apprentice');
      expect(event.description).toBe('Location: Room 4, Block B\n\nNotes: Bring the portfolio; and the logbook.\nAsk for reception.');
    }
    const bare = parse(build({ meeting: { ...confirmed, location: null, notes: null, attendees: [epa] }, status: 'CONFIRMED' })).event;
    expect(bare.summary).toBe('Planning meeting');
    expect(bare.description).toBe('Location: To be confirmed');
  });

  it('leaves LOCATION out while there is none, and keeps names a parameter cannot hold readable', () => {
    const awkward: Attendee = { ...mentor, name: 'Mia "The Mentor" O\'Neil, Jr.' };
    const text = build({ meeting: { ...provisional, location: null, attendees: [awkward] } });
    const { event } = parse(text);
    expect(event.location).toBeUndefined();
    expect(attendeesOf(event)[0]?.params.CN).toBe("Mia 'The Mentor' O'Neil, Jr.");
  });

  it('says a provisional meeting is provisional in the title and text, and stops saying it once confirmed', () => {
    const waiting = parse(build({ meeting: provisional })).event;
    const approved = parse(build({ meeting: { ...provisional, status: 'confirmed', version: 2 }, status: 'CONFIRMED' })).event;
    expect(waiting.summary).toBe('Provisional planning meeting: Ada Apprentice');
    expect(waiting.description).toMatch(/^Provisional: .*No reply is needed\./);
    expect(approved.summary).toBe('Planning meeting: Ada Apprentice');
    expect(approved.description).toBe('Location: Microsoft Teams');
    // The same UID, a higher SEQUENCE: the approval replaces the provisional entry in place.
    expect([approved.uid, Number(approved.sequence)]).toEqual([waiting.uid, Number(waiting.sequence) + 1]);
  });

  it('asks no attendee for a reply, in any message: the sender reads none', () => {
    const texts = [
      build({ meeting: provisional }),
      build({ meeting: confirmed, status: 'CONFIRMED' }),
      build({ meeting: { ...confirmed, status: 'cancelled', version: 4 }, method: 'CANCEL', status: 'CANCELLED' }),
    ];
    for (const text of texts) {
      const attendees = attendeesOf(parse(text).event);
      expect(attendees.length).toBeGreaterThan(0);
      for (const attendee of attendees) expect(attendee.params).toMatchObject({ RSVP: false });
    }
  });

  it('publishes a copy for one’s own calendar: METHOD:PUBLISH, the same UID and SEQUENCE, an ORGANIZER and no ATTENDEE (RFC 5546 §3.2.1)', () => {
    const text = build({ meeting: confirmed, method: 'PUBLISH', status: 'CONFIRMED' });
    const { event, calendar } = parse(text);
    expect(calendar?.method).toBe('PUBLISH');
    expect(event.uid).toBe(meetingUid(confirmed.id));
    expect(event.sequence).toBe('2');
    expect(event.status).toBe('CONFIRMED');
    expect(event.organizer).toEqual({ params: { CN: 'Acme EPA Bookings' }, val: 'mailto:bookings@acme-epa.example' });
    expect(text).not.toMatch(/^ATTENDEE/m);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('writes LOCATION whenever a location is known, trimmed, and none for a blank one', () => {
    expect(parse(build({ meeting: { ...confirmed, location: '  Room 4  ' }, status: 'CONFIRMED' })).event.location).toBe('Room 4');
    for (const method of ['REQUEST', 'PUBLISH'] as const) {
      expect(parse(build({ meeting: confirmed, method, status: 'CONFIRMED' })).event.location).toBe('Microsoft Teams');
    }
    expect(parse(build({ meeting: { ...confirmed, version: 4 }, method: 'CANCEL', status: 'CANCELLED' })).event.location).toBe('Microsoft Teams');
    const blank = build({ meeting: { ...confirmed, location: '   ' }, status: 'CONFIRMED' });
    expect(blank).not.toMatch(/^LOCATION/m);
    expect(parse(blank).event.description).toBe('Location: To be confirmed');
  });

  it('folds lines past 75 octets without splitting a character, and reads back the same text', () => {
    const location = `Salle de réunion « Été » ✓ ${'😀'.repeat(30)}; ${'long, '.repeat(20)}end`;
    const text = build({ meeting: { ...confirmed, location, notes: null }, status: 'CONFIRMED' });
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(parse(text).event.location).toBe(location);
  });
});
