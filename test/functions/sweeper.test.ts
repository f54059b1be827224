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

const newApprentice = async (id: string) => {
  return createApprentice(api, id, { now });
};
/** A token issued at the test's `now`: local tokens live 12 hours, and these tests move days ahead. */
const as = async (userId: string) => ({ headers: { authorization: `Bearer ${await api.host.tokenFor(userId)}` } });
const book = async (apprenticeId: string, start: string) =>
  (await api.post('/planning-meetings', { ...(await as('demo-ao')), body: { apprenticeId, start, status: 'provisional' } })).body;
const read = async (id: string) => (await api.get(`/planning-meetings/${id}`, await as('demo-owner'))).body;

describe('the sweeper', () => {
  it('expires provisional meetings past the 72-hour hold, frees their time and records the event; twice at once is harmless', async () => {
    const held = await book(await newApprentice('sweep-1'), '2027-01-20T10:00:00Z');
    const approved = await book(await newApprentice('sweep-2'), '2027-01-20T10:00:00Z');
    await api.post(`/planning-meetings/${approved.id}/approve`, await as('demo-owner'));

    now += 71 * HOUR;
    expect((await sweepProvisionalMeetings(api.host.deps, now)).expired).not.toContain(held.id);
    expect((await read(held.id)).status).toBe('provisional');

    now += 2 * HOUR;
    const [first, second] = await Promise.all([sweepProvisionalMeetings(api.host.deps, now), sweepProvisionalMeetings(api.host.deps, now)]);
    expect([...first.expired, ...second.expired].filter((id) => id === held.id)).toHaveLength(1);
    expect(await read(held.id)).toMatchObject({ status: 'expired', updatedBy: 'system:sweeper', version: 2 });
    expect((await read(approved.id)).status).toBe('confirmed');

    const history = (await api.get(`/planning-meetings/${held.id}/history`, await as('demo-owner'))).body.entries;
    expect(history.map((entry: { type: string }) => entry.type)).toEqual(['PlanningMeetingProvisionallyBooked', 'PlanningMeetingExpired']);
    // Time and apprentice are free again.
    const claims = await api.host.deps.claimWeeks.read([{ epaId: held.epaId, week: '2027-01-18' }]);
    expect(claims[0]!.intervals.some((interval) => interval.meetingId === held.id)).toBe(false);
    expect((await api.post('/planning-meetings', { ...(await as('demo-ao')), body: { apprenticeId: 'sweep-1', start: '2027-01-20T10:00:00Z', status: 'provisional' } })).status).toBe(201);
  });

  it('expires a provisional meeting whose start has passed, even inside the hold', async () => {
    const soon = await book(await newApprentice('sweep-3'), '2027-01-11T14:30:00Z');
    expect(soon.status).toBe('provisional');
    now = Date.parse('2027-01-11T15:00:00Z');
    expect((await sweepProvisionalMeetings(api.host.deps, now)).expired).toContain(soon.id);
    expect((await read(soon.id)).reason).toMatch(/time passed/);
  });
});

describe('sends left unsettled', () => {
  const logged: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  const counted: Array<{ name: string; value: number }> = [];
  const sweep = (at: number) =>
    sweepProvisionalMeetings(
      {
        ...api.host.deps,
        logger: { log: (level, message, fields = {}) => logged.push({ level, message, fields }) },
        metrics: { count: (name, value) => counted.push({ name, value }) },
      },
      at,
    );

  it('are none once the notifiers have sent and recorded every send: each sweep counts 0', async () => {
    await book(await newApprentice('sweep-settled'), '2027-03-10T10:00:00Z');
    await api.host.settle();
    expect(api.host.outbox.list().length).toBeGreaterThan(0);
    counted.length = 0;
    expect((await sweep(now + HOUR)).unsettledSends).toBe(0);
    expect(counted).toEqual([{ name: 'UnsettledSends', value: 0 }]);
  });

  it('are reported once, by the first sweep five minutes after their claim, with no guest address', async () => {
    const claimedAt = now + 2 * HOUR;
    const { notifications } = api.host.deps;
    expect(await notifications.claimDelivery('stopped-event', 'user:epa-1', 'email', claimedAt)).toBe(true);
    expect(await notifications.claimDelivery('stopped-event', 'guest:someone@example.org', 'sms', claimedAt)).toBe(true);

    expect((await sweep(claimedAt + 4 * 60_000)).unsettledSends).toBe(0);
    logged.length = 0;
    counted.length = 0;
    const [first, concurrent] = await Promise.all([sweep(claimedAt + 6 * 60_000), sweep(claimedAt + 6 * 60_000)]);
    expect(first.unsettledSends + concurrent.unsettledSends).toBe(2);
    expect(counted.map((count) => count.value).reduce((a, b) => a + b)).toBe(2);
    const reported = logged.filter((line) => line.level === 'error').map((line) => line.fields);
    expect(reported.sort((a, b) => String(a.channel).localeCompare(String(b.channel)))).toEqual([
      { eventId: 'stopped-event', channel: 'email', recipient: 'user:epa-1', claimedAt: new Date(claimedAt).toISOString() },
      { eventId: 'stopped-event', channel: 'sms', recipient: 'guest', claimedAt: new Date(claimedAt).toISOString() },
    ]);
    expect(JSON.stringify(logged)).not.toContain('someone@example.org');

    // Reported, not forgotten: still never claimed again, and not reported again.
    expect((await sweep(claimedAt + 20 * 60_000)).unsettledSends).toBe(0);
    expect((await notifications.delivery('stopped-event', 'user:epa-1', 'email'))?.status).toBe('sending');
    expect(await notifications.claimDelivery('stopped-event', 'user:epa-1', 'email', claimedAt + 21 * 60_000)).toBe(false);
  });

  it('a send settled after all is not reported', async () => {
    const claimedAt = now + 3 * HOUR;
    const { notifications } = api.host.deps;
    expect(await notifications.claimDelivery('slow-event', 'user:epa-2', 'email', claimedAt)).toBe(true);
    await notifications.settleDelivery('slow-event', 'user:epa-2', 'email', 'sent', claimedAt + 61_000);
    expect((await sweep(claimedAt + 10 * 60_000)).unsettledSends).toBe(0);
  });
});
