import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepProvisionalMeetings } from '#use-cases/sweep-provisional-meetings.ts';
import { TestApi } from '../support/api-client.ts';
import { createApprentice } from '../support/apprentices.ts';

const HOUR = 3_600_000;
let now = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => now });
});
afterAll(() => api.close());

let count = 0;
const newApprentice = async () => {
  count += 1;
  return createApprentice(api, `remind-apprentice-${count}`, { now, record: { aoContactId: 'demo-ao' } });
};

/** A confirmed meeting with epa-2, booked directly at the test's `now`. */
const confirmedAt = async (start: string) => {
  const answer = await api.post('/planning-meetings', {
    ...(await asOwner()),
    body: { apprenticeId: await newApprentice(), start, status: 'confirmed', epaId: 'epa-2', location: 'Teams' },
  });
  expect(answer.status).toBe(201);
  await api.host.settle();
  return answer.body as { id: string; start: string; attendees: Array<{ email: string }> };
};

/** A sweep at `at`, with the host's clock (the notifiers') there too. */
const sweepAt = async (at: number) => {
  now = at;
  const report = await sweepProvisionalMeetings(api.host.deps, at);
  await api.host.settle();
  return report;
};

/** The reminders of one meeting sent so far. */
const remindersOf = (meetingId: string) =>
  api.host.outbox!.list().filter((message) => message.meetingId === meetingId && message.notificationType === 'meetingReminder');

/** A token issued at the test's `now`: local tokens live 12 hours, and these tests move days back and forth. */
const asOwner = async () => ({ headers: { authorization: `Bearer ${await api.host.tokenFor('demo-owner')}` } });

const before = (start: string, hours: number) => Date.parse(start) - hours * HOUR;

describe('the meeting reminder (SPEC §5.1, default 24 hours before)', () => {
  it('is sent once, to every attendee of a confirmed meeting, when the sweep finds its time come; by email without an invite', async () => {
    const start = '2027-01-12T10:00:00Z';
    const meeting = await confirmedAt(start);

    expect((await sweepAt(before(start, 25))).reminded).not.toContain(meeting.id);
    expect(remindersOf(meeting.id)).toEqual([]);

    // Two sweepers at once: one reminder.
    now = before(start, 23);
    const [first, second] = await Promise.all([sweepProvisionalMeetings(api.host.deps, now), sweepProvisionalMeetings(api.host.deps, now)]);
    await api.host.settle();
    expect([...first.reminded, ...second.reminded].filter((id) => id === meeting.id)).toHaveLength(1);
    const sent = remindersOf(meeting.id);
    expect(sent.map((message) => message.to).sort()).toEqual(meeting.attendees.map((attendee) => attendee.email).sort());
    const email = sent[0]!;
    expect(email).toMatchObject({ channel: 'email', subject: 'Reminder: planning meeting on Tuesday 12 January 2027', ics: null });
    expect(email.raw).not.toMatch(/text\/calendar/);
    expect(email.text).toMatch(/See the meeting: http.*#\/meeting\//);

    // Later sweeps of the same start send nothing more.
    await sweepAt(before(start, 22));
    await sweepAt(before(start, 1));
    expect(remindersOf(meeting.id)).toHaveLength(sent.length);
  });

  it('is armed again by a reschedule, and sent again for the new start', async () => {
    const start = '2027-01-13T10:00:00Z';
    const meeting = await confirmedAt(start);
    await sweepAt(before(start, 23));
    const once = remindersOf(meeting.id).length;
    expect(once).toBeGreaterThan(0);

    const moved = await api.patch(`/planning-meetings/${meeting.id}`, { ...(await asOwner()), body: { start: '2027-01-15T10:00:00Z' } });
    expect(moved.status).toBe(200);
    await api.host.settle();
    expect((await sweepAt(before('2027-01-15T10:00:00Z', 25))).reminded).not.toContain(meeting.id);
    expect((await sweepAt(before('2027-01-15T10:00:00Z', 23))).reminded).toContain(meeting.id);
    const sent = remindersOf(meeting.id);
    expect(sent).toHaveLength(2 * once);
    expect(sent.at(0)!.subject).toBe('Reminder: planning meeting on Friday 15 January 2027');
  });

  it('is never sent for a cancelled meeting', async () => {
    const start = '2027-01-18T10:00:00Z';
    const meeting = await confirmedAt(start);
    expect((await api.post(`/planning-meetings/${meeting.id}/cancel`, { ...(await asOwner()), body: {} })).status).toBe(200);
    await sweepAt(before(start, 23));
    expect(remindersOf(meeting.id)).toEqual([]);
  });

  it('is not sent for a meeting booked later than its reminder time, nor later for the same start', async () => {
    const start = '2027-01-19T10:00:00Z';
    now = before(start, 10);
    const meeting = await confirmedAt(start);
    expect((await sweepAt(before(start, 9))).reminded).not.toContain(meeting.id);
    await sweepAt(before(start, 1));
    expect(remindersOf(meeting.id)).toEqual([]);
  });

  it('is not sent for a meeting moved into its reminder time: the reschedule told everyone', async () => {
    const start = '2027-01-25T10:00:00Z';
    now = Date.parse('2027-01-20T10:00:00Z');
    const meeting = await confirmedAt(start);
    now = Date.parse('2027-01-21T10:00:00Z');
    expect((await api.patch(`/planning-meetings/${meeting.id}`, { ...(await asOwner()), body: { start: '2027-01-21T16:00:00Z' } })).status).toBe(200);
    await api.host.settle();
    await sweepAt(Date.parse('2027-01-21T11:00:00Z'));
    expect(remindersOf(meeting.id)).toEqual([]);
  });

  it('is caught up by a sweep that runs late, as long as the meeting has not started', async () => {
    now = Date.parse('2027-01-20T10:00:00Z');
    const late = await confirmedAt('2027-01-26T10:00:00Z');
    const started = await confirmedAt('2027-01-26T11:00:00Z');
    // No sweep ran from 24 hours before until 30 minutes before the first start.
    const report = await sweepAt(Date.parse('2027-01-26T09:30:00Z'));
    expect(report.reminded).toContain(late.id);
    expect(remindersOf(late.id).length).toBeGreaterThan(0);
    expect(remindersOf(started.id).length).toBeGreaterThan(0);

    const missed = await confirmedAt('2027-01-27T10:00:00Z');
    await sweepAt(Date.parse('2027-01-27T10:05:00Z'));
    expect(remindersOf(missed.id)).toEqual([]);
  });

  it('is off at 0 hours, and on again for meetings still ahead when the lead time is set again', async () => {
    now = Date.parse('2027-01-27T12:00:00Z');
    const start = '2027-02-01T10:00:00Z';
    const meeting = await confirmedAt(start);
    const off = await api.put('/configuration/notifications', { ...(await asOwner()), body: { reminderLeadHours: 0 } });
    expect(off.status).toBe(200);
    expect(off.body.reminderLeadHours).toBe(0);
    await sweepAt(before(start, 23));
    await sweepAt(before(start, 2));
    expect(remindersOf(meeting.id)).toEqual([]);

    const on = await api.put('/configuration/notifications', { ...(await asOwner()), body: { reminderLeadHours: 3 } });
    expect(on.status).toBe(200);
    expect((await sweepAt(before(start, 2))).reminded).toContain(meeting.id);
  });
});
