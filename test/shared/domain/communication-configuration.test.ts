import { describe, expect, it } from 'vitest';
import {
  CommunicationConfiguration,
  defaultCommunicationConfiguration,
  placeholdersIn,
  StoredCommunicationConfiguration,
  templatePlaceholders,
} from '#domain/communication-configuration.ts';
import { smsSizeOf } from '#domain/sms-encoding.ts';
import { renderSms, renderTemplate, templateValues } from '#domain/notification-planner.ts';
import { attendeeRoles, type Attendee, type PlanningMeeting } from '#domain/planning-meeting.ts';
import { notificationTypes } from '#domain/notification-types.ts';
import type { MeetingChange, PlanningMeetingEvent, PlanningMeetingEventType } from '#domain/planning-meeting-events.ts';

const apprentice: Attendee = { id: 'att-1', kind: 'user', userId: 'app-1', role: 'apprentice', name: 'Ada Apprentice', email: 'ada@example.org' };
const epa: Attendee = { id: 'att-2', kind: 'user', userId: 'epa-1', role: 'epa', name: 'Eve Assessor', email: 'eve@example.org', timeZone: 'Europe/Paris' };
const mentor: Attendee = { id: 'att-3', kind: 'guest', role: 'workplaceMentor', name: 'Mia Mentor', email: 'mia@example.org' };

const eventAt = (
  start: string,
  end: string,
  type: PlanningMeetingEventType = 'PlanningMeetingBooked',
  change: MeetingChange = {},
  meeting: Partial<PlanningMeeting> = {},
): PlanningMeetingEvent => ({
  eventId: 'event-1',
  type,
  meetingId: 'meeting-1',
  version: 1,
  occurredAt: '2027-03-01T10:00:00Z',
  actorId: 'owner-1',
  change,
  meeting: {
    id: 'meeting-1',
    apprenticeId: 'app-1',
    standardId: 'ST0116',
    epaId: 'epa-1',
    start,
    end,
    status: 'confirmed',
    version: 1,
    attendees: [apprentice, epa, mentor],
    location: null,
    notes: null,
    createdAt: '2027-03-01T10:00:00Z',
    createdBy: 'owner-1',
    updatedAt: '2027-03-01T10:00:00Z',
    updatedBy: 'owner-1',
    ...meeting,
  },
});

const settingsWith = (path: 'subject' | 'body' | 'sms', template: string) => ({
  types: { meetingInvite: { ...defaultCommunicationConfiguration.types.meetingInvite, [path]: template } },
});

describe('communication configuration: defaults (SPEC §5.2)', () => {
  it('enables every type, by email, for every attendee role', () => {
    expect(Object.keys(defaultCommunicationConfiguration.types).sort()).toEqual([...notificationTypes].sort());
    for (const type of notificationTypes) {
      const settings = defaultCommunicationConfiguration.types[type];
      expect(settings.enabled).toBe(true);
      expect(settings.channels).toEqual(['email']);
      expect(settings.recipientRoles).toEqual([...attendeeRoles]);
    }
  });

  it('has default texts that pass their own validation and use only known placeholders', () => {
    expect(CommunicationConfiguration.parse(defaultCommunicationConfiguration)).toEqual(defaultCommunicationConfiguration);
    for (const type of notificationTypes) {
      const { subject, body, sms } = defaultCommunicationConfiguration.types[type];
      for (const name of [...placeholdersIn(subject), ...placeholdersIn(body), ...placeholdersIn(sms)]) expect(templatePlaceholders).toContain(name);
    }
  });

  it('says a provisional invite is provisional and awaiting approval, and gives the reason for a cancellation or rejection', () => {
    const { types } = defaultCommunicationConfiguration;
    expect(`${types.provisionalBookingInvite.subject}\n${types.provisionalBookingInvite.body}`).toMatch(/provisional/i);
    expect(types.provisionalBookingInvite.body).toMatch(/awaiting approval/);
    expect(types.meetingCancelled.body).toMatch(/cancelled/);
    expect(types.meetingCancelled.body).toContain('{{reason}}');
    expect(types.meetingRejected.body).toMatch(/rejected/);
    expect(types.meetingRejected.body).toContain('{{reason}}');
  });

  it('fills a type left out with its defaults, and takes a type given whole', () => {
    const given = { enabled: false, channels: ['email', 'inApp'], recipientRoles: ['apprentice'], subject: 'Invite', body: 'Hello {{recipientName}}', sms: 'Invite for {{apprenticeName}}' };
    const parsed = CommunicationConfiguration.parse({ types: { meetingInvite: given } });
    expect(parsed.types.meetingInvite).toEqual(given);
    expect(parsed.types.meetingCancelled).toEqual(defaultCommunicationConfiguration.types.meetingCancelled);
    expect(CommunicationConfiguration.parse({})).toEqual(defaultCommunicationConfiguration);
  });

  it('gives a type saved before SMS texts existed its default SMS text, and keeps the rest as given', () => {
    const { sms: _none, ...saved } = { ...defaultCommunicationConfiguration.types.meetingRejected, subject: 'Not approved' };
    const parsed = CommunicationConfiguration.parse({ types: { meetingRejected: saved } });
    expect(parsed.types.meetingRejected).toEqual({ ...saved, sms: defaultCommunicationConfiguration.types.meetingRejected.sms });
    expect(parsed.types.meetingRejected.sms).not.toBe(defaultCommunicationConfiguration.types.meetingInvite.sms);
  });

  it('gives every parse its own copy of the defaults', () => {
    const parsed = CommunicationConfiguration.parse({});
    parsed.types.meetingInvite.channels.push('sms');
    expect(CommunicationConfiguration.parse({}).types.meetingInvite.channels).toEqual(['email']);
  });
});

describe('communication configuration: validated on save', () => {
  const issuesOf = (input: unknown) =>
    (CommunicationConfiguration.safeParse(input).error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));

  it.each([
    { case: 'an unknown placeholder in a subject', input: settingsWith('subject', 'Meeting with {{apprentice}}'), path: 'types.meetingInvite.subject', message: /unknown placeholder \{\{apprentice\}\}/ },
    { case: 'an unknown placeholder in a body', input: settingsWith('body', 'Hello {{ recipientName }}, at {{venue}}'), path: 'types.meetingInvite.body', message: /\{\{venue\}\}/ },
    { case: 'a placeholder left open', input: settingsWith('body', 'Hello {{recipientName'), path: 'types.meetingInvite.body', message: /not closed/ },
    { case: 'an unknown placeholder in an SMS text', input: settingsWith('sms', 'Meeting on {{day}}'), path: 'types.meetingInvite.sms', message: /unknown placeholder \{\{day\}\}/ },
    { case: 'a placeholder left open in an SMS text', input: settingsWith('sms', 'Meeting on {{date}'), path: 'types.meetingInvite.sms', message: /not closed/ },
    { case: 'an SMS text longer than two text messages', input: settingsWith('sms', 'x'.repeat(307)), path: 'types.meetingInvite.sms', message: /^takes 3 text messages \(307 characters.*at most 2 \(306\)$/ },
    { case: 'an SMS text of two messages’ worth of characters, but with € counting 2', input: settingsWith('sms', `€${'x'.repeat(305)}`), path: 'types.meetingInvite.sms', message: /^takes 3 text messages/ },
    {
      case: 'an SMS text of 145 characters with an emoji: three messages in UCS-2, not one',
      input: settingsWith('sms', `Your meeting is booked 📅 ${'x'.repeat(120)}`),
      path: 'types.meetingInvite.sms',
      message: /^takes 3 text messages: with 📅 in it, outside the GSM alphabet, a text message holds 67 characters instead of 153/,
    },
    { case: 'an empty SMS text', input: settingsWith('sms', ' '), path: 'types.meetingInvite.sms', message: /.+/ },
    { case: 'a subject on two lines', input: settingsWith('subject', 'Hello\nthere'), path: 'types.meetingInvite.subject', message: /single line/ },
    { case: 'an empty body', input: settingsWith('body', '   '), path: 'types.meetingInvite.body', message: /.+/ },
    {
      case: 'no channel',
      input: { types: { meetingInvite: { ...defaultCommunicationConfiguration.types.meetingInvite, channels: [] } } },
      path: 'types.meetingInvite.channels',
      message: /.+/,
    },
    {
      case: 'a channel twice',
      input: { types: { meetingInvite: { ...defaultCommunicationConfiguration.types.meetingInvite, channels: ['email', 'email'] } } },
      path: 'types.meetingInvite.channels',
      message: /unique/,
    },
    {
      case: 'an unknown channel',
      input: { types: { meetingInvite: { ...defaultCommunicationConfiguration.types.meetingInvite, channels: ['fax'] } } },
      path: 'types.meetingInvite.channels.0',
      message: /.+/,
    },
    {
      case: 'an unknown attendee role',
      input: { types: { meetingInvite: { ...defaultCommunicationConfiguration.types.meetingInvite, recipientRoles: ['owner'] } } },
      path: 'types.meetingInvite.recipientRoles.0',
      message: /.+/,
    },
    { case: 'an unknown notification type', input: { types: { meetingMoved: {} } }, path: 'types', message: /meetingMoved/ },
  ])('refuses $case, naming the field', ({ input, path, message }) => {
    const issues = issuesOf(input);
    expect(issues.map((issue) => issue.path)).toContain(path);
    expect(issues.find((issue) => issue.path === path)?.message).toMatch(message);
  });

  it('accepts an SMS text of two messages as billed, and reads back one saved under the earlier cap of 320 characters', () => {
    expect(issuesOf(settingsWith('sms', `Where: {{location}} ${'x'.repeat(282)}`))).toEqual([]);
    expect(issuesOf(settingsWith('sms', `📅 {{date}} ${'x'.repeat(120)}`))).toEqual([]);
    const savedEarlier = settingsWith('sms', `Booked ’${'x'.repeat(300)}`);
    expect(issuesOf(savedEarlier).map((issue) => issue.path)).toEqual(['types.meetingInvite.sms']);
    expect(StoredCommunicationConfiguration.parse(savedEarlier).types.meetingInvite.sms).toBe(`Booked ’${'x'.repeat(300)}`);
  });

  it('accepts every known placeholder, spaces inside the braces included', () => {
    const body = templatePlaceholders.map((name) => `${name}: {{ ${name} }}`).join('\n');
    expect(CommunicationConfiguration.safeParse(settingsWith('body', body)).success).toBe(true);
  });
});

describe('rendering templates in the recipient’s time zone', () => {
  // The UK's clocks go forward at 01:00 UTC on Sunday 28 March 2027; the EU's at the same instant.
  const beforeChange = eventAt('2027-03-26T09:00:00Z', '2027-03-26T10:00:00Z');
  const afterChange = eventAt('2027-03-29T08:00:00Z', '2027-03-29T09:00:00Z');

  it.each([
    { case: 'a guest, before the change', event: beforeChange, recipient: mentor, start: 'Friday 26 March 2027, 09:00 GMT', time: '09:00 to 10:00 GMT' },
    { case: 'a guest, after the change', event: afterChange, recipient: mentor, start: 'Monday 29 March 2027, 09:00 BST', time: '09:00 to 10:00 BST' },
    { case: 'a user without a zone, after the change', event: afterChange, recipient: apprentice, start: 'Monday 29 March 2027, 09:00 BST', time: '09:00 to 10:00 BST' },
    { case: 'a user in Paris, before the change', event: beforeChange, recipient: epa, start: 'Friday 26 March 2027, 10:00 CET', time: '10:00 to 11:00 CET' },
    { case: 'a user in Paris, after the change', event: afterChange, recipient: epa, start: 'Monday 29 March 2027, 10:00 CEST', time: '10:00 to 11:00 CEST' },
    {
      case: 'a user in New York, whose clocks changed two weeks earlier',
      event: beforeChange,
      recipient: { ...apprentice, timeZone: 'America/New_York' },
      start: 'Friday 26 March 2027, 05:00 GMT-4',
      time: '05:00 to 06:00 GMT-4',
    },
    {
      case: 'a guest, during the night the clocks change',
      event: eventAt('2027-03-28T00:30:00Z', '2027-03-28T01:30:00Z'),
      recipient: mentor,
      start: 'Sunday 28 March 2027, 00:30 GMT',
      time: '00:30 GMT to 02:30 BST',
    },
  ])('$case', ({ event, recipient, start, time }) => {
    const values = templateValues(event, recipient, {});
    expect(values.start).toBe(start);
    expect(values.time).toBe(time);
    expect(renderTemplate('{{recipientName}}: {{start}} ({{time}})', values)).toBe(`${recipient.name}: ${start} (${time})`);
  });

  it('renders the default rescheduling email with the old and new times on either side of the change', () => {
    const event = eventAt('2027-03-29T08:00:00Z', '2027-03-29T09:00:00Z', 'PlanningMeetingRescheduled', {
      fields: ['start', 'end'],
      previousStart: '2027-03-26T09:00:00Z',
      previousEnd: '2027-03-26T10:00:00Z',
    });
    const values = templateValues(event, mentor, { standardName: 'Software developer' });
    const { subject, body } = defaultCommunicationConfiguration.types.meetingRescheduled;
    expect(renderTemplate(subject, values)).toBe('Planning meeting moved to Monday 29 March 2027');
    expect(renderTemplate(body, values)).toBe(
      [
        'Dear Mia Mentor,',
        '',
        'The planning meeting below has been moved to a new time.',
        '',
        'Previously: Friday 26 March 2027, 09:00 GMT',
        'When: Monday 29 March 2027, 09:00 to 10:00 BST',
        'Where: To be confirmed',
        'Apprentice: Ada Apprentice',
        'End-point assessor: Eve Assessor',
        'Standard: Software developer',
        '',
        'The attached invitation moves your calendar entry.',
      ].join('\n'),
    );
  });

  it('leaves out a line whose placeholders are all empty: the reason when nobody gave one, the standard when unknown', () => {
    const { body } = defaultCommunicationConfiguration.types.meetingCancelled;
    const withReason = templateValues(
      eventAt('2027-03-29T08:00:00Z', '2027-03-29T09:00:00Z', 'PlanningMeetingCancelled', { reason: 'Apprentice on leave' }, { status: 'cancelled' }),
      mentor,
      {},
    );
    const withoutReason = templateValues(eventAt('2027-03-29T08:00:00Z', '2027-03-29T09:00:00Z', 'PlanningMeetingCancelled', {}, { status: 'cancelled' }), mentor, {});
    expect(renderTemplate(body, withReason)).toContain('\n\nReason: Apprentice on leave\n\n');
    expect(renderTemplate(body, withoutReason)).not.toContain('Reason');
    expect(renderTemplate(body, withoutReason)).not.toContain('Standard');
    expect(renderTemplate(body, withoutReason)).not.toMatch(/\n\n\n/);
  });

  it('renders each default SMS text as one text message (160 GSM-7 characters), on its own words rather than the letter', () => {
    // Long-ish but ordinary values: a Wednesday in September, a double-barrelled name, a reason.
    const long = { ...apprentice, name: 'Alexandra Fitzgerald-Hughes' };
    const meeting = { attendees: [long, epa, mentor], location: 'Microsoft Teams (link to follow)' };
    const change = { reason: 'The assessor is unwell', previousStart: '2027-09-08T08:00:00Z' };
    for (const type of notificationTypes) {
      const event = eventAt('2027-09-22T12:30:00Z', '2027-09-22T13:30:00Z', 'PlanningMeetingBooked', change, meeting);
      const text = renderTemplate(defaultCommunicationConfiguration.types[type].sms, templateValues(event, mentor, { standardName: 'Software development technician' }));
      expect(smsSizeOf(text), `${type}: ${text}`).toMatchObject({ encoding: 'GSM-7', segments: 1 });
      expect(text, type).toContain('Alexandra Fitzgerald-Hughes');
      expect(text, type).toContain('Wednesday 22 September 2027');
      expect(text, type).not.toContain('Dear');
    }
  });

  it('sends a default SMS as one text message even with a 480-character location and a 1000-character reason, shortening those values', () => {
    const location = `Room 4, ${'Very Long Building Name '.repeat(20)}`.slice(0, 480);
    const reason = 'The assessor is unwell. '.repeat(42).slice(0, 1000);
    const smsTemplates = notificationTypes.map((type) => defaultCommunicationConfiguration.types[type].sms);
    expect(smsTemplates.some((template) => template.includes('{{location}}'))).toBe(true);
    expect(smsTemplates.some((template) => template.includes('{{reason}}'))).toBe(true);
    for (const type of notificationTypes) {
      const event = eventAt('2027-09-22T12:30:00Z', '2027-09-22T13:30:00Z', 'PlanningMeetingBooked', { reason }, { location });
      const text = renderSms(defaultCommunicationConfiguration.types[type].sms, templateValues(event, mentor, {}));
      expect(smsSizeOf(text), `${type}: ${text}`).toMatchObject({ encoding: 'GSM-7', segments: 1 });
      // The template's own words and the short values survive; only the long ones are cut.
      expect(text, type).toContain('Ada Apprentice');
      expect(text, type).toContain('Wednesday 22 September 2027');
      // Which values a type shortens follows from its template, not from the text under test.
      const template = defaultCommunicationConfiguration.types[type].sms;
      if (template.includes('{{location}}')) expect(text, type).toMatch(/Where: Room 4, Very.*\.\.\.\./);
      if (template.includes('{{reason}}')) expect(text, type).toMatch(/Reason: The assessor.*\.\.\.$/);
    }
  });

  it('lets a customer SMS template longer than one text message run to as many as it takes, and leaves a text that fits as rendered', () => {
    const template = `${'Please read carefully. '.repeat(10)}Where: {{location}}`;
    const values = { location: 'x'.repeat(480) };
    const text = renderSms(template, values);
    expect(smsSizeOf(template).segments).toBe(2);
    expect(smsSizeOf(text).segments).toBe(2);
    expect(smsSizeOf(`${text}xx`).segments).toBe(3);
    expect(text).toMatch(/^(Please read carefully\. ){10}Where: x+\.\.\.$/);
    expect(renderSms('Where: {{location}}', { location: 'Room 4' })).toBe('Where: Room 4');
  });

  it('leaves an unknown placeholder as written', () => {
    expect(renderTemplate('Hello {{nobody}}', { recipientName: 'Ada' })).toBe('Hello {{nobody}}');
  });
});
