import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsSizeOf } from '#domain/sms-encoding.ts';
import { TestApi } from '../support/api-client.ts';
import { createApprentice } from '../support/apprentices.ts';

/** Wednesday 6 January 2027, 10:00 GMT. */
const NOW = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
beforeAll(async () => {
  // A host of its own: these tests change the communication configuration.
  api = await TestApi.start({ clock: () => NOW });
});
afterAll(() => api.close());

interface Sent {
  channel: 'email' | 'sms' | 'inApp';
  notificationType: string;
  meetingId: string;
  to: string;
  subject?: string;
  text: string;
  ics?: string;
}
const sentFor = async (meetingId: string, channel: Sent['channel'], notificationType: string): Promise<Sent[]> => {
  const listing = await api.get<{ messages: Sent[] }>('/local/outbox');
  return listing.body.messages.filter(
    (message) => message.meetingId === meetingId && message.channel === channel && message.notificationType === notificationType,
  );
};

const withSms = async (types: Record<string, { sms?: string }>) => {
  const current = await api.get('/configuration/notifications', { as: 'demo-owner' });
  const { version: _version, updatedAt: _at, updatedBy: _by, ...configuration } = current.body;
  for (const [type, change] of Object.entries(types)) {
    configuration.types[type] = { ...configuration.types[type], channels: ['email', 'sms'], ...change };
  }
  const saved = await api.put('/configuration/notifications', { as: 'demo-owner', body: configuration });
  expect(saved.status).toBe(200);
};

describe('SMS texts and the invite’s calendar entry', () => {
  let meetingId: string;
  const apprenticeId = 'texts-apprentice';

  beforeAll(async () => {
    await createApprentice(api, apprenticeId, { now: NOW, user: { name: 'Sam Okafor', phone: '+447700900777' }, record: { aoContactId: 'demo-ao' } });
    await withSms({ meetingInvite: {}, meetingUpdated: { sms: 'Updated: {{apprenticeName}}, {{date}} at {{location}}' } });
    const booked = await api.post('/planning-meetings', {
      as: 'demo-owner',
      body: { apprenticeId, start: '2027-01-11T09:00:00Z', status: 'confirmed', epaId: 'epa-1', location: 'Room 4', notes: 'Bring the portfolio' },
    });
    expect(booked.status).toBe(201);
    meetingId = booked.body.id;
  });

  it('sends the type’s own SMS text, short enough for one message, to each attendee with a phone number', async () => {
    const sms = await sentFor(meetingId, 'sms', 'meetingInvite');
    // The apprentice and epa-1 have phone numbers; the AO contact has none.
    expect(sms.map((message) => message.to).sort()).toEqual(['+447700900101', '+447700900777']);
    for (const message of sms) {
      expect(message.text).toBe('Planning meeting for Sam Okafor confirmed: Monday 11 January 2027, 09:00 to 10:00 GMT. Where: Room 4.');
      expect(smsSizeOf(message.text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    }
    const [email] = await sentFor(meetingId, 'email', 'meetingInvite');
    expect(email!.text).toMatch(/^Dear /);
    expect(sms[0]!.text).not.toContain(email!.subject!);
  });

  it('sends a customised SMS text as configured', async () => {
    const moved = await api.patch(`/planning-meetings/${meetingId}`, { as: 'demo-owner', body: { location: 'Room 7' } });
    expect(moved.status).toBe(200);
    const sms = await sentFor(meetingId, 'sms', 'meetingUpdated');
    expect(sms.map((message) => message.text)).toEqual([
      'Updated: Sam Okafor, Monday 11 January 2027 at Room 7',
      'Updated: Sam Okafor, Monday 11 January 2027 at Room 7',
    ]);
  });

  it('titles the emailed invite and calendar.ics "Planning meeting: <apprentice>", with the location and notes as its description', async () => {
    const eventOf = (text: string): VEvent => Object.values(ical.sync.parseICS(text)).find((part): part is VEvent => part.type === 'VEVENT')!;
    const [invite] = await sentFor(meetingId, 'email', 'meetingInvite');
    const emailed = eventOf(invite!.ics!);
    expect(emailed.summary).toBe('Planning meeting: Sam Okafor');
    expect(emailed.description).toBe('Location: Room 4\n\nNotes: Bring the portfolio');
    expect(emailed.summary).not.toBe(invite!.subject);

    const calendar = await api.get(`/planning-meetings/${meetingId}/calendar.ics`, { as: apprenticeId });
    const now = eventOf(calendar.body);
    expect(now.summary).toBe('Planning meeting: Sam Okafor');
    expect(now.description).toBe('Location: Room 7\n\nNotes: Bring the portfolio');
  });
});

describe('an SMS with a long location and a long reason', () => {
  it('is still sent as one text message, the long values shortened to fit, counted as the carrier bills', async () => {
    const apprenticeId = 'texts-long-values';
    await createApprentice(api, apprenticeId, { now: NOW, user: { name: 'Kit Long', phone: '+447700900778' } });
    await withSms({ meetingInvite: {}, meetingCancelled: {} });
    // Emoji and a curly apostrophe would make it UCS-2, 70 characters a message: they are written in GSM-7.
    const location = `Room 4 🏢, ${'North Wing’s Training Centre, '.repeat(20)}`.slice(0, 480);
    const booked = await api.post('/planning-meetings', {
      as: 'demo-owner',
      body: { apprenticeId, start: '2027-01-12T09:00:00Z', status: 'confirmed', epaId: 'epa-1', location },
    });
    expect(booked.status).toBe(201);
    const reason = 'The assessor is unwell. '.repeat(42).slice(0, 1000).trim();
    expect((await api.post(`/planning-meetings/${booked.body.id}/cancel`, { as: 'demo-owner', body: { reason } })).status).toBe(200);

    const sent = [...(await sentFor(booked.body.id, 'sms', 'meetingInvite')), ...(await sentFor(booked.body.id, 'sms', 'meetingCancelled'))];
    expect(sent.map((message) => message.notificationType).sort()).toEqual(['meetingCancelled', 'meetingCancelled', 'meetingInvite', 'meetingInvite']);
    for (const message of sent) {
      expect(smsSizeOf(message.text), message.text).toMatchObject({ encoding: 'GSM-7', segments: 1 });
      expect(message.text).toContain('Kit Long');
      expect(message.text).toMatch(/(Where: Room 4 \?, North Wing's.*\.\.\.\.|Reason: The assessor.*\.\.\.)$/);
    }
  });
});

describe('an SMS template', () => {
  it('of 145 characters with one emoji is refused on save: three text messages as billed, not one of 160 characters', async () => {
    const current = await api.get('/configuration/notifications', { as: 'demo-owner' });
    const { version: _version, updatedAt: _at, updatedBy: _by, ...configuration } = current.body;
    const sms = `Your planning meeting is booked 📅 {{date}} ${'x'.repeat(102)}`;
    expect(Array.from(sms)).toHaveLength(145);
    configuration.types.meetingInvite = { ...configuration.types.meetingInvite, sms };
    const refused = await api.put('/configuration/notifications', { as: 'demo-owner', body: configuration });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'types.meetingInvite.sms', message: expect.stringMatching(/^takes 3 text messages: with 📅 in it/) }]);
  });
});
