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
    const claims = await api.host.deps.claims.readBetween([held.epaId], Date.parse('2027-01-18T00:00:00Z'), Date.parse('2027-01-25T00:00:00Z'));
    expect(claims.length).toBeGreaterThan(0);
    expect(claims.flatMap((claim) => claim.intervals).some((interval) => interval.meetingId === held.id)).toBe(false);
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
  const MINUTE = 60_000;
  const logged: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  const counted: Array<{ name: string; value: number }> = [];
  /** A sweep at `at`, with the host's clock (the notifiers') there too. */
  const sweep = (at: number) => {
    now = at;
    return sweepProvisionalMeetings(
      {
        ...api.host.deps,
        logger: { log: (level, message, fields = {}) => logged.push({ level, message, fields }) },
        metrics: { count: (name, value) => counted.push({ name, value }) },
      },
      at,
    );
  };
  const countsOf = (name: string) => counted.filter((count) => count.name === name).map((count) => count.value);

  /**
   * Books a meeting whose email to `stopsFor` is taken by the channel while its notifier
   * stops before recording it (`times` times: the settle never lands), as a crash or a
   * timeout mid-send leaves it. The bus's retry of the event sends the rest.
   */
  const bookWithNotifierStopping = async (apprenticeId: string, start: string, times: number) => {
    await newApprentice(apprenticeId);
    const { notifications } = api.host.deps;
    const settle = notifications.settleDelivery;
    let stops = 0;
    notifications.settleDelivery = async function (eventId, recipientKey, channel, ...rest) {
      if (channel === 'email' && recipientKey === `user:${apprenticeId}` && stops < times) {
        stops += 1;
        throw new Error('the notifier stopped');
      }
      return settle.call(this, eventId, recipientKey, channel, ...rest);
    };
    const meeting = await book(apprenticeId, start);
    await api.host.settle();
    const emails = () => api.host.outbox.list().filter((message) => message.channel === 'email' && message.meetingId === meeting.id && message.to === `${apprenticeId}@example.org`);
    return {
      eventId: emails()[0]!.eventId,
      emails,
      restore: () => {
        notifications.settleDelivery = settle;
      },
    };
  };

  it('are none once the notifiers have sent and recorded every send: each sweep counts 0', async () => {
    await book(await newApprentice('sweep-settled'), '2027-03-10T10:00:00Z');
    await api.host.settle();
    expect(api.host.outbox.list().length).toBeGreaterThan(0);
    counted.length = 0;
    const report = await sweep(now + HOUR);
    expect([report.resentSends, report.unsettledSends]).toEqual([0, 0]);
    expect(counted.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'ResentSends', value: 0 },
      { name: 'UnsettledSends', value: 0 },
    ]);
  });

  it('are sent again, the same message, by the first sweep five minutes after the claim; once, even by two sweeps at once', async () => {
    const claimedAt = (now += HOUR);
    const stopped = await bookWithNotifierStopping('sweep-stopped', '2027-03-11T10:00:00Z', 1);
    try {
      const { notifications } = api.host.deps;
      expect(await notifications.delivery(stopped.eventId, 'user:sweep-stopped', 'email')).toMatchObject({ status: 'sending', attempts: 1 });
      expect(stopped.emails()).toHaveLength(1);

      // A notifier settles within its one-minute timeout; four minutes on, the claim may still be one under way.
      expect((await sweep(claimedAt + 4 * MINUTE)).resentSends).toBe(0);
      expect(stopped.emails()).toHaveLength(1);

      logged.length = 0;
      counted.length = 0;
      const [first, concurrent] = await Promise.all([sweep(claimedAt + 6 * MINUTE), sweep(claimedAt + 6 * MINUTE)]);
      expect(first.resentSends + concurrent.resentSends).toBe(1);
      expect(first.unsettledSends + concurrent.unsettledSends).toBe(0);
      expect(countsOf('ResentSends').reduce((a, b) => a + b)).toBe(1);
      expect(logged.filter((line) => line.level === 'warn').map((line) => line.fields)).toEqual([
        { eventId: stopped.eventId, channel: 'email', recipient: 'user:sweep-stopped', claimedAt: new Date(claimedAt).toISOString(), resends: 0, delivered: true },
      ]);

      // Sent again once, byte for byte the same: Message-ID, the invite's UID and SEQUENCE, the Date.
      const [again, original] = stopped.emails();
      expect(stopped.emails()).toHaveLength(2);
      expect(again!.raw).toBe(original!.raw);
      expect(await notifications.delivery(stopped.eventId, 'user:sweep-stopped', 'email')).toMatchObject({ status: 'sent', attempts: 2, resends: 1 });
      // Nobody else was sent anything again: the EPA's email went once.
      const others = api.host.outbox.list().filter((message) => message.eventId === stopped.eventId && message.to !== 'sweep-stopped@example.org');
      expect(others.length).toBeGreaterThan(0);
      expect(new Set(others.map((message) => `${message.channel} ${message.to}`)).size).toBe(others.length);

      expect((await sweep(claimedAt + 30 * MINUTE)).resentSends).toBe(0);
      expect(stopped.emails()).toHaveLength(2);
    } finally {
      stopped.restore();
    }
  });

  it('are given up after three resends whose notifier stopped too: reported once, counted, not sent again', async () => {
    const claimedAt = (now += HOUR);
    const stopped = await bookWithNotifierStopping('sweep-poison', '2027-03-12T10:00:00Z', 4);
    try {
      const reports = [];
      for (let sweepNumber = 1; sweepNumber <= 5; sweepNumber += 1) reports.push(await sweep(claimedAt + sweepNumber * 15 * MINUTE));
      expect(reports.map((report) => [report.resentSends, report.unsettledSends])).toEqual([
        [1, 0],
        [1, 0],
        [1, 0],
        [0, 1],
        [0, 0],
      ]);
      expect(stopped.emails()).toHaveLength(4);
      expect(await api.host.deps.notifications.delivery(stopped.eventId, 'user:sweep-poison', 'email')).toMatchObject({ status: 'sending', attempts: 4, resends: 3 });
      expect(logged.filter((line) => line.level === 'error').at(-1)).toMatchObject({ message: expect.stringMatching(/given up/), fields: { eventId: stopped.eventId, resends: 3 } });
    } finally {
      stopped.restore();
    }
  });

  it('whose event is gone are given up at once, told once, with no guest address', async () => {
    const claimedAt = (now += HOUR);
    const { notifications } = api.host.deps;
    expect(await notifications.claimDelivery('stopped-event', 'user:epa-1', 'email', claimedAt)).toBe(true);
    expect(await notifications.claimDelivery('stopped-event', 'guest:someone@example.org', 'sms', claimedAt)).toBe(true);

    logged.length = 0;
    counted.length = 0;
    const [first, concurrent] = await Promise.all([sweep(claimedAt + 6 * MINUTE), sweep(claimedAt + 6 * MINUTE)]);
    expect(first.unsettledSends + concurrent.unsettledSends).toBe(2);
    expect(countsOf('UnsettledSends').reduce((a, b) => a + b)).toBe(2);
    const reported = logged.filter((line) => line.level === 'error').map((line) => line.fields);
    expect(reported.sort((a, b) => String(a.channel).localeCompare(String(b.channel)))).toEqual([
      { eventId: 'stopped-event', channel: 'email', recipient: 'user:epa-1', claimedAt: new Date(claimedAt).toISOString(), resends: 0 },
      { eventId: 'stopped-event', channel: 'sms', recipient: 'guest', claimedAt: new Date(claimedAt).toISOString(), resends: 0 },
    ]);
    expect(JSON.stringify(logged)).not.toContain('someone@example.org');

    // Given up, not forgotten: never claimed again, and not told again.
    expect((await sweep(claimedAt + 20 * MINUTE)).unsettledSends).toBe(0);
    expect((await notifications.delivery('stopped-event', 'user:epa-1', 'email'))?.status).toBe('sending');
    expect(await notifications.claimDelivery('stopped-event', 'user:epa-1', 'email', claimedAt + 21 * MINUTE)).toBe(false);
  });

  it('a send settled after all is not sent again', async () => {
    const claimedAt = (now += HOUR);
    const { notifications } = api.host.deps;
    expect(await notifications.claimDelivery('slow-event', 'user:epa-2', 'email', claimedAt)).toBe(true);
    await notifications.settleDelivery('slow-event', 'user:epa-2', 'email', 'sent', claimedAt + 61_000);
    const report = await sweep(claimedAt + 10 * MINUTE);
    expect([report.resentSends, report.unsettledSends]).toEqual([0, 0]);
  });

  it('an old claim is taken again by one of two notifiers at once; a young one by neither', async () => {
    const claimedAt = (now += HOUR);
    const { notifications } = api.host.deps;
    expect(await notifications.claimDelivery('raced-event', 'user:epa-3', 'email', claimedAt)).toBe(true);
    expect(await notifications.claimDelivery('raced-event', 'user:epa-3', 'email', claimedAt + 4 * MINUTE)).toBe(false);
    const taken = await Promise.all([1, 2, 3].map(() => notifications.claimDelivery('raced-event', 'user:epa-3', 'email', claimedAt + 6 * MINUTE)));
    expect(taken.filter(Boolean)).toHaveLength(1);
    // The claim taken again is young again.
    expect(await notifications.claimDelivery('raced-event', 'user:epa-3', 'email', claimedAt + 7 * MINUTE)).toBe(false);
  });
});
