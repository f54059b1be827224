import ical from 'node-ical';
import { describe, expect, it } from 'vitest';
import { planningMeetingFixture } from '../../support/planning-meeting-fixture.ts';
import { composeEmail, htmlOf, type EmailMessageInput } from '#channels/email-message.ts';
import { meetingCalendar } from '#channels/icalendar.ts';
import type { PlanningMeeting } from '#domain/planning-meeting.ts';

// nodemailer has no parser, so the test reads the MIME itself (RFC 2045/2046): independent of the composer.
interface MimePart {
  headers: Map<string, string>;
  type: string;
  params: Record<string, string>;
  /** Decoded, for leaf parts. */
  content: string;
  parts: MimePart[];
}

const parseParams = (value: string): { type: string; params: Record<string, string> } => {
  const [type = '', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const at = param.indexOf('=');
    if (at > 0) params[param.slice(0, at).trim().toLowerCase()] = param.slice(at + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase(), params };
};

const decode = (body: string, encoding: string | undefined): string => {
  switch (encoding?.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
      return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
    }
    default:
      return body;
  }
};

const parseMime = (raw: string): MimePart => {
  const split = raw.indexOf('\r\n\r\n');
  const headerText = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of headerText.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const { type, params } = parseParams(headers.get('content-type') ?? 'text/plain');
  if (!type.startsWith('multipart/')) return { headers, type, params, content: decode(body, headers.get('content-transfer-encoding')), parts: [] };
  const delimiter = `\r\n--${params['boundary']}`;
  const segments = `\r\n${body}`.split(delimiter);
  const closing = segments.findIndex((segment) => segment.startsWith('--'));
  expect(closing).toBeGreaterThan(1);
  const parts = segments.slice(1, closing).map((segment) => parseMime(segment.slice(segment.indexOf('\r\n') + 2)));
  return { headers, type, params, content: '', parts };
};

const leavesOf = (part: MimePart): MimePart[] => (part.parts.length === 0 ? [part] : part.parts.flatMap(leavesOf));

const meeting: PlanningMeeting = planningMeetingFixture({
  attendees: [
    { id: 'att-1', kind: 'user', userId: 'app-1', role: 'apprentice', name: 'Zoë Apprentice', email: 'zoe@example.org' },
    { id: 'att-2', kind: 'user', userId: 'epa-1', role: 'epa', name: 'Eve Assessor', email: 'eve@example.org' },
  ],
});
const sender = { name: 'Acme EPA Bookings', email: 'bookings@Acme-EPA.example' };
const text = 'Dear Zoë Apprentice,\n\nYou are invited to the planning meeting <below> & it is confirmed.\n\nWhen: Monday 4 January 2027, 09:00 to 10:00 GMT\nWhere: Teams';

const inputFor = (method: 'REQUEST' | 'CANCEL', overrides: Partial<EmailMessageInput> = {}): EmailMessageInput => {
  const ics = meetingCalendar({
    meeting: method === 'CANCEL' ? { ...meeting, status: 'cancelled', version: 3 } : meeting,
    method,
    status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    organizer: sender,
    attendees: meeting.attendees,
    stamp: '2027-01-02T10:00:00Z',
  });
  return {
    from: sender,
    to: { name: 'Zoë Apprentice', email: 'zoe@example.org' },
    subject: 'Planning meeting confirmed for Monday 4 January 2027',
    text,
    ics,
    method,
    date: '2027-01-02T10:00:00Z',
    identity: { eventId: 'event-1', recipient: 'user:app-1', channel: 'email' },
    ...overrides,
  };
};

describe('email message: MIME with the invite (SPEC §5.3)', () => {
  it.each(['REQUEST', 'CANCEL'] as const)('is multipart/alternative: text, html and one calendar part (method=%s), nothing attached', async (method) => {
    const input = inputFor(method);
    const { raw } = await composeEmail(input);
    const message = parseMime(raw);

    expect(message.type).toBe('multipart/alternative');
    expect(message.parts.map((part) => part.type)).toEqual(['text/plain', 'text/html', 'text/calendar']);
    const [plain, html, calendarPart] = message.parts;

    expect(plain?.content.replace(/\r\n/g, '\n')).toBe(text);
    expect(plain?.params['charset']?.toLowerCase()).toBe('utf-8');
    expect(html?.content).toContain('<p>You are invited to the planning meeting &lt;below&gt; &amp; it is confirmed.</p>');
    expect(html?.content).toContain('<p>When: Monday 4 January 2027, 09:00 to 10:00 GMT<br>Where: Teams</p>');

    // The part's method parameter and the iCalendar METHOD must agree, or clients disagree on what to do.
    expect(calendarPart?.params['method']).toBe(method);
    expect(calendarPart?.params['charset']?.toLowerCase()).toBe('utf-8');
    expect(calendarPart?.headers.has('content-disposition')).toBe(false);
    expect(calendarPart?.content).toBe(input.ics);
    expect(ical.sync.parseICS(calendarPart?.content ?? '')['vcalendar']).toMatchObject({ method });

    // One calendar in the whole message: a second copy (an .ics attachment) would be offered to the reader twice.
    expect(leavesOf(message).filter((part) => part.content.includes('BEGIN:VCALENDAR'))).toEqual([calendarPart]);
  });

  it('is addressed from the sender to the recipient, dated by the event, with a Message-ID in the sender’s domain', async () => {
    const { raw, messageId } = await composeEmail(inputFor('REQUEST'));
    const { headers } = parseMime(raw);
    expect(headers.get('from')).toBe('Acme EPA Bookings <bookings@acme-epa.example>');
    expect(headers.get('to')).toBe('=?UTF-8?Q?Zo=C3=AB_Apprentice?= <zoe@example.org>');
    expect(headers.get('subject')).toBe('Planning meeting confirmed for Monday 4 January 2027');
    expect(headers.get('date')).toBe('Sat, 02 Jan 2027 10:00:00 +0000');
    expect(headers.get('mime-version')).toBe('1.0');
    expect(headers.get('message-id')).toBe(messageId);
    expect(messageId).toMatch(/^<[0-9a-f]{32}@acme-epa\.example>$/);
  });

  it('builds the same bytes and Message-ID on a retry, and another id for another recipient, channel or event', async () => {
    const first = await composeEmail(inputFor('REQUEST'));
    const retry = await composeEmail(inputFor('REQUEST'));
    expect(retry).toEqual(first);
    const others = await Promise.all([
      composeEmail(inputFor('REQUEST', { identity: { eventId: 'event-1', recipient: 'user:epa-1', channel: 'email' } })),
      composeEmail(inputFor('REQUEST', { identity: { eventId: 'event-1', recipient: 'user:app-1', channel: 'inApp' } })),
      composeEmail(inputFor('REQUEST', { identity: { eventId: 'event-2', recipient: 'user:app-1', channel: 'email' } })),
    ]);
    expect(new Set([first, ...others].map((message) => message.messageId)).size).toBe(4);
  });

  it('ends every line with CRLF, as SMTP and SES expect', async () => {
    const { raw } = await composeEmail(inputFor('REQUEST'));
    expect(raw).not.toMatch(/[^\r]\n/);
  });

  it('refuses an invite whose METHOD is not the one asked for', async () => {
    await expect(composeEmail({ ...inputFor('CANCEL'), method: 'REQUEST' })).rejects.toThrow(/METHOD is CANCEL, not REQUEST/);
  });

  it('sends a message without an invite (a reminder) as text and HTML only, and refuses a METHOD without its calendar', async () => {
    const { raw } = await composeEmail({ ...inputFor('REQUEST'), ics: null, method: null });
    const message = parseMime(raw);
    expect(leavesOf(message).map((part) => part.type)).toEqual(['text/plain', 'text/html']);
    expect(raw).not.toMatch(/text\/calendar/i);
    await expect(composeEmail({ ...inputFor('REQUEST'), ics: null })).rejects.toThrow(/METHOD is missing, not REQUEST/);
  });

  it('makes the HTML from the text: escaped, paragraphs on blank lines', () => {
    expect(htmlOf('A & B\n\n"C"\nD')).toContain('<body><p>A &amp; B</p>\n<p>&quot;C&quot;<br>D</p></body>');
  });
});
