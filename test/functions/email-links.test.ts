import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../support/api-client.ts';

/** Each email links to the meeting in the screens, a rejection to booking again; guests, who cannot sign in, get no link. */

const NOW = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
});
afterAll(() => api.close());

interface Sent {
  channel: string;
  notificationType: string;
  meetingId: string;
  to?: string;
  recipientUserId?: string | null;
  text: string;
}
const emails = async (meetingId: string, notificationType: string): Promise<Sent[]> => {
  const outbox = await fetch(`${api.host.url}/local/outbox`).then((answer) => answer.json() as Promise<{ messages: Sent[] }>);
  return outbox.messages.filter((message) => message.channel === 'email' && message.meetingId === meetingId && message.notificationType === notificationType);
};

describe('links in the emails', () => {
  it('a provisional booking’s invite links each directory user to the meeting, and the guest to nothing', async () => {
    const booked = await api.post('/planning-meetings', {
      as: 'apprentice-1',
      body: {
        apprenticeId: 'apprentice-1',
        start: '2027-01-12T10:00:00Z',
        status: 'provisional',
        attendees: [{ guest: { name: 'Gita Guest', email: 'gita@example.org', role: 'other' } }],
      },
      headers: { 'idempotency-key': 'email-links-1' },
    });
    expect(booked.status).toBe(201);
    const sent = await emails(booked.body.id, 'provisionalBookingInvite');
    const link = `${api.host.url}/#/meeting/${booked.body.id}`;
    const users = sent.filter((message) => message.recipientUserId);
    expect(users.length).toBeGreaterThanOrEqual(3);
    for (const message of users) expect(message.text).toContain(`See the meeting: ${link}`);
    const guest = sent.find((message) => message.to === 'gita@example.org');
    expect(guest?.text).toBeDefined();
    expect(guest?.text).not.toContain('See the meeting');
    expect(guest?.text).not.toContain(api.host.url);

    const rejected = await api.post(`/planning-meetings/${booked.body.id}/reject`, { as: 'demo-owner', body: { reason: 'The assessor is on leave that week' } });
    expect(rejected.status).toBe(200);
    const rejections = await emails(booked.body.id, 'meetingRejected');
    const apprentice = rejections.find((message) => message.recipientUserId === 'apprentice-1');
    expect(apprentice?.text).toContain(`Book a new time: ${api.host.url}/#/book`);
    expect(apprentice?.text).toContain('Reason: The assessor is on leave that week');
  });
});
