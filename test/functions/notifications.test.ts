import ical from 'node-ical';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sweepProvisionalMeetings } from '#use-cases/sweep-provisional-meetings.ts';
import type { OutboxMessage } from '#local/local-outbox.ts';
import { TestApi } from '../support/api-client.ts';
import { createApprentice } from '../support/apprentices.ts';

let now = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => now });
});
afterAll(() => api.close());

let count = 0;
const newApprentice = async () => {
  count += 1;
  const id = `notify-apprentice-${count}`;
  return createApprentice(api, id, {
    now,
    user: { name: `Nina ${count}`, phone: '+447700900555' },
    record: { aoContactId: 'demo-ao', workplaceMentor: { name: 'Wendy Mentor', email: `mentor-${count}@employer.example.org` } },
  });
};

let slot = 0;
/** Distinct weekday slots, so meetings of different tests never compete. */
const nextSlot = (): string => {
  const day = 11 + Math.floor(slot / 6) + 2 * Math.floor(slot / 30);
  const hour = 10 + (slot % 6);
  slot += 1;
  return `2027-01-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
};

const provisional = async () => {
  const answer = await api.post('/planning-meetings', { as: 'demo-ao', body: { apprenticeId: await newApprentice(), start: nextSlot(), status: 'provisional' } });
  expect(answer.status).toBe(201);
  // Let the booking's own notifications go out before the change under test.
  await api.host.settle();
  return answer.body;
};
const confirmed = async () => {
  const answer = await api.post('/planning-meetings', {
    as: 'demo-owner',
    body: { apprenticeId: await newApprentice(), start: nextSlot(), status: 'confirmed', epaId: 'epa-2', location: 'Teams' },
  });
  expect(answer.status).toBe(201);
  // Let the booking's own notifications go out before the change under test.
  await api.host.settle();
  return answer.body;
};

/** The emails of one meeting sent since `mark`, as (notification type → recipients). */
const sentSince = async (meetingId: string, mark: number) => {
  await api.host.settle();
  const messages = api.host.outbox!
    .list()
    .filter((message) => message.meetingId === meetingId && message.channel === 'email' && Date.parse(message.sentAt) >= mark);
  return messages;
};
const summary = (messages: OutboxMessage[]) =>
  messages.map((message) => `${message.notificationType} → ${message.to}`).sort();
const emailsOf = (meeting: { attendees: Array<{ email: string }> }) => meeting.attendees.map((attendee) => attendee.email);

const calendarOf = (message: OutboxMessage) => {
  const parsed = ical.sync.parseICS(message.ics!);
  const event = Object.values(parsed).find((component) => component.type === 'VEVENT') as ical.VEvent;
  const method = /^METHOD:(\w+)/m.exec(message.ics!)?.[1];
  return { event, method };
};

const attendeesOf = (event: ical.VEvent) =>
  ([] as Array<string | { params: Record<string, unknown>; val: string }>).concat(event.attendee ?? []).map((attendee) =>
    typeof attendee === 'string' ? { params: {}, val: attendee } : attendee,
  );

const tick = () => (now += 60_000);

describe('SPEC §5.1, one row at a time (email, default configuration)', () => {
  it('provisional, booked through slot-based booking → provisional booking invite to all attendees', async () => {
    const mark = tick();
    const meeting = await provisional();
    const messages = await sentSince(meeting.id, mark);
    expect(summary(messages)).toEqual(emailsOf(meeting).map((email) => `provisionalBookingInvite → ${email}`).sort());
    const { event, method } = calendarOf(messages[0]!);
    expect(method).toBe('REQUEST');
    expect(event.status).toBe('TENTATIVE');
    expect(event.uid).toBe(`${meeting.id}@planning-meetings`);
    expect(Number(event.sequence)).toBe(0);
    expect(new Date(event.start).toISOString()).toBe(new Date(meeting.start).toISOString());
    expect(messages[0]!.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
    // Provisional, said so, and no reply asked for: nobody reads what comes back to the sender.
    expect(event.summary).toMatch(/^Provisional planning meeting: Nina \d+$/);
    expect(attendeesOf(event).map((attendee) => attendee.params.RSVP)).toEqual(meeting.attendees.map(() => false));
    // One calendar part per email, nothing attached.
    expect(messages[0]!.raw).not.toMatch(/application\/ics|Content-Disposition: attachment/);
  });

  it('provisional, updated (time included) → meeting updated to all attendees', async () => {
    const meeting = await provisional();
    const mark = tick();
    const moved = await api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { start: nextSlot() } });
    expect(moved.status).toBe(200);
    const messages = await sentSince(meeting.id, mark);
    expect(summary(messages)).toEqual(emailsOf(meeting).map((email) => `meetingUpdated → ${email}`).sort());
    expect(Number(calendarOf(messages[0]!).event.sequence)).toBe(1);
  });

  it('provisional, attendee removed → meeting cancelled to the removed attendee only, a CANCEL naming only them', async () => {
    const meeting = await provisional();
    const ao = meeting.attendees.find((attendee: { role: string }) => attendee.role === 'awardingorganisation');
    const mark = tick();
    await api.delete(`/planning-meetings/${meeting.id}/attendees/${ao.id}`, { as: 'demo-owner' });
    const messages = await sentSince(meeting.id, mark);
    expect(summary(messages)).toEqual([`meetingCancelled → ${ao.email}`]);
    const { event, method } = calendarOf(messages[0]!);
    expect(method).toBe('CANCEL');
    expect(event.status).toBe('CANCELLED');
    const attendees = ([] as unknown[]).concat(event.attendee ?? []);
    expect(attendees).toHaveLength(1);
  });

  it('provisional, attendee added → provisional booking invite to the added attendee only', async () => {
    const meeting = await provisional();
    const mark = tick();
    await api.post(`/planning-meetings/${meeting.id}/attendees`, { as: 'demo-owner', body: { shortcut: 'workplaceMentor' } });
    expect(summary(await sentSince(meeting.id, mark))).toEqual([`provisionalBookingInvite → mentor-${count}@employer.example.org`]);
  });

  it('provisional, approved → meeting invite to all attendees, CONFIRMED', async () => {
    const meeting = await provisional();
    const mark = tick();
    await api.post(`/planning-meetings/${meeting.id}/approve`, { as: 'demo-owner' });
    const messages = await sentSince(meeting.id, mark);
    expect(summary(messages)).toEqual(emailsOf(meeting).map((email) => `meetingInvite → ${email}`).sort());
    expect(calendarOf(messages[0]!).event.status).toBe('CONFIRMED');
  });

  it('provisional, rejected → meeting rejected to all attendees, as a CANCEL', async () => {
    const meeting = await provisional();
    const mark = tick();
    await api.post(`/planning-meetings/${meeting.id}/reject`, { as: 'demo-owner', body: { reason: 'No assessor that week' } });
    const messages = await sentSince(meeting.id, mark);
    expect(summary(messages)).toEqual(emailsOf(meeting).map((email) => `meetingRejected → ${email}`).sort());
    expect(calendarOf(messages[0]!).method).toBe('CANCEL');
    expect(messages[0]!.text).toContain('No assessor that week');
  });

  it('provisional, expired by the sweeper → meeting cancelled to all attendees', async () => {
    const meeting = await provisional();
    const mark = tick();
    const later = now + 73 * 3_600_000;
    const report = await sweepProvisionalMeetings(api.host.deps, later);
    expect(report.expired).toContain(meeting.id);
    const messages = await sentSince(meeting.id, mark);
    expect(summary(messages)).toEqual(emailsOf(meeting).map((email) => `meetingCancelled → ${email}`).sort());
  });

  it('confirmed, booked directly → meeting invite to all attendees', async () => {
    const mark = tick();
    const meeting = await confirmed();
    const messages = await sentSince(meeting.id, mark);
    expect(summary(messages)).toEqual(emailsOf(meeting).map((email) => `meetingInvite → ${email}`).sort());
    expect(calendarOf(messages[0]!).event.status).toBe('CONFIRMED');
  });

  it('confirmed, updated (not the time) → meeting updated to all attendees', async () => {
    const meeting = await confirmed();
    const mark = tick();
    await api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { location: 'Room 2' } });
    expect(summary(await sentSince(meeting.id, mark))).toEqual(emailsOf(meeting).map((email) => `meetingUpdated → ${email}`).sort());
  });

  it('confirmed, rescheduled (time changed) → meeting rescheduled to all attendees', async () => {
    const meeting = await confirmed();
    const mark = tick();
    await api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { start: '2027-03-01T16:00:00Z' } });
    const messages = await sentSince(meeting.id, mark);
    expect(summary(messages)).toEqual(emailsOf(meeting).map((email) => `meetingRescheduled → ${email}`).sort());
    expect(new Date(calendarOf(messages[0]!).event.start).toISOString()).toBe('2027-03-01T16:00:00.000Z');
  });

  it('confirmed, cancelled → meeting cancelled to all attendees', async () => {
    const meeting = await confirmed();
    const mark = tick();
    await api.post(`/planning-meetings/${meeting.id}/cancel`, { as: 'demo-owner' });
    const messages = await sentSince(meeting.id, mark);
    expect(summary(messages)).toEqual(emailsOf(meeting).map((email) => `meetingCancelled → ${email}`).sort());
    expect(calendarOf(messages[0]!).method).toBe('CANCEL');
  });

  it('confirmed, attendee removed → meeting cancelled to the removed attendee', async () => {
    const meeting = await confirmed();
    const ao = meeting.attendees.find((attendee: { role: string }) => attendee.role === 'awardingorganisation');
    const mark = tick();
    await api.delete(`/planning-meetings/${meeting.id}/attendees/${ao.id}`, { as: 'demo-owner' });
    expect(summary(await sentSince(meeting.id, mark))).toEqual([`meetingCancelled → ${ao.email}`]);
  });

  it('confirmed, attendee added → meeting invite to the added attendee', async () => {
    const meeting = await confirmed();
    const mark = tick();
    await api.post(`/planning-meetings/${meeting.id}/attendees`, { as: 'demo-owner', body: { guest: { name: 'Gus Guest', email: 'gus@example.org' } } });
    expect(summary(await sentSince(meeting.id, mark))).toEqual(['meetingInvite → gus@example.org']);
  });
});

describe('calendar.ics', () => {
  it('answers the meeting as it now is, with the UID and SEQUENCE of its last email', async () => {
    const meeting = await confirmed();
    await api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { notes: 'Bring the portfolio' } });
    const answer = await api.get(`/planning-meetings/${meeting.id}/calendar.ics`, { as: 'demo-owner' });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toContain('text/calendar');
    const messages = await sentSince(meeting.id, 0);
    const last = calendarOf(messages[0]!).event; // newest first
    expect(Number(last.sequence)).toBe(1);
    const served = Object.values(ical.sync.parseICS(answer.body)).find((component) => component.type === 'VEVENT') as ical.VEvent;
    expect(served.uid).toBe(last.uid);
    expect(served.sequence).toBe(last.sequence);
    // A copy for the reader's own calendar, not an invitation: PUBLISH, nobody listed to reply.
    expect(answer.body).toMatch(/^METHOD:PUBLISH\r$/m);
    expect(answer.body).not.toMatch(/^ATTENDEE/m);
    expect(served.status).toBe('CONFIRMED');
    expect(served.location).toBe('Teams');
    expect(answer.body.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('says a provisional meeting is provisional, and a cancelled one cancelled, still under the one UID', async () => {
    const meeting = await provisional();
    const read = async () => {
      const answer = await api.get(`/planning-meetings/${meeting.id}/calendar.ics`, { as: 'demo-owner' });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatch(/^METHOD:PUBLISH\r$/m);
      return Object.values(ical.sync.parseICS(answer.body)).find((component) => component.type === 'VEVENT') as ical.VEvent;
    };
    const waiting = await read();
    expect(waiting.status).toBe('TENTATIVE');
    expect(waiting.summary).toMatch(/^Provisional planning meeting: /);
    await api.post(`/planning-meetings/${meeting.id}/cancel`, { as: 'demo-owner' });
    const cancelled = await read();
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.uid).toBe(waiting.uid);
    expect(Number(cancelled.sequence)).toBeGreaterThan(Number(waiting.sequence));
  });
});

describe('communication configuration takes effect without a restart', () => {
  // Each test's changes end with it, also when it fails: the configuration goes back as it was before these tests.
  let before: Record<string, unknown>;
  beforeAll(async () => {
    const { version: _version, ...configuration } = (await api.get('/configuration/notifications', { as: 'demo-owner' })).body;
    before = configuration;
  });
  afterEach(async () => {
    expect((await api.put('/configuration/notifications', { as: 'demo-owner', body: before })).status).toBe(200);
  });
  const configure = async (change: (types: Record<string, any>) => void) => {
    const current = await api.get('/configuration/notifications', { as: 'demo-owner' });
    expect(current.status).toBe(200);
    const { version, updatedAt: _a, updatedBy: _b, ...configuration } = current.body;
    change(configuration.types);
    const saved = await api.put('/configuration/notifications', { as: 'demo-owner', body: configuration, headers: { 'if-match': `"${version}"` } });
    expect(saved.status).toBe(200);
  };
  const everything = async (meetingId: string, mark: number) => {
    await api.host.settle();
    return api.host.outbox!.list().filter((message) => message.meetingId === meetingId && Date.parse(message.sentAt) >= mark);
  };

  it('a disabled type sends nothing; SMS and in-app added reach those with a phone / a directory account; a role removed is skipped', async () => {
    await configure((types) => {
      types.provisionalBookingInvite.enabled = false;
      types.meetingInvite.channels = ['email', 'sms', 'inApp'];
      types.meetingInvite.recipientRoles = ['apprentice', 'epa'];
    });
    const mark = tick();
    const meeting = await provisional();
    expect(await everything(meeting.id, mark)).toEqual([]);

    const approvedAt = tick();
    await api.post(`/planning-meetings/${meeting.id}/approve`, { as: 'demo-owner' });
    const messages = await everything(meeting.id, approvedAt);
    const apprentice = meeting.attendees.find((a: { role: string }) => a.role === 'apprentice');
    const epa = meeting.attendees.find((a: { role: string }) => a.role === 'epa');
    const expected = [
      `email → ${apprentice.email}`,
      `email → ${epa.email}`,
      `inApp → ${apprentice.userId}`,
      `inApp → ${epa.userId}`,
      `sms → ${apprentice.phone}`,
      ...(epa.phone ? [`sms → ${epa.phone}`] : []),
    ].sort();
    expect(messages.map((message) => `${message.channel} → ${message.to}`).sort()).toEqual(expected);
    expect(messages.every((message) => message.notificationType === 'meetingInvite')).toBe(true);

    // The apprentice sees it in the app.
    const inApp = await api.get('/me/notifications?unread=true', { as: apprentice.userId });
    expect(inApp.body.items).toHaveLength(1);
    expect(inApp.body.items[0]).toMatchObject({ notificationType: 'meetingInvite', meetingId: meeting.id, readAt: null });
    const read = await api.post(`/me/notifications/${encodeURIComponent(inApp.body.items[0].id)}/read`, { as: apprentice.userId });
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect((await api.get('/me/notifications?unread=true', { as: apprentice.userId })).body.items).toHaveLength(0);
    expect((await api.get('/me/notifications', { as: apprentice.userId })).body.items).toHaveLength(1);
    // Each user marks only their own: the EPA's copy of the same notification is still unread.
    expect((await api.get('/me/notifications?unread=true', { as: epa.userId })).body.items).toHaveLength(1);
    expect((await api.post('/me/notifications/no-such-notification/read', { as: apprentice.userId })).status).toBe(404);
  });

  it('refuses an unknown placeholder, naming the field', async () => {
    const current = await api.get('/configuration/notifications', { as: 'demo-owner' });
    const { version: _v, updatedAt: _a, updatedBy: _b, ...configuration } = current.body;
    configuration.types.meetingInvite.subject = 'Meeting with {{assessorShoeSize}}';
    const answer = await api.put('/configuration/notifications', { as: 'demo-owner', body: configuration });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { path: string }) => error.path)).toContain('types.meetingInvite.subject');
  });
});

describe('local outbox', () => {
  it('lists what the channels sent, newest first, emails with their iCalendar and whole MIME message', async () => {
    const meeting = await confirmed();
    const answer = await api.get('/local/outbox');
    expect(answer.status).toBe(200);
    const mine = answer.body.messages.filter((message: OutboxMessage) => message.meetingId === meeting.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({ channel: 'email', notificationType: 'meetingInvite' });
    expect(mine[0].raw).toMatch(/^MIME-Version: 1\.0|Content-Type: multipart\/mixed/m);
    expect(mine[0].ics).toMatch(/^BEGIN:VCALENDAR/);
    const times = answer.body.messages.map((message: OutboxMessage) => message.sentAt);
    expect([...times].sort().reverse()).toEqual(times);
  });
});
