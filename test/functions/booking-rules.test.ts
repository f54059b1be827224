import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../support/api-client.ts';
import { createApprentice } from '../support/apprentices.ts';

/**
 * Wednesday 6 January 2027, 10:00 GMT. The demo window: two working days' notice
 * (nothing before Friday 8 January 10:00) and twelve weeks' advance (nothing after
 * Wednesday 31 March 10:00).
 */
const NOW = Date.parse('2027-01-06T10:00:00Z');
const INSIDE_NOTICE = '2027-01-07T10:00:00Z';
const BEYOND_ADVANCE = '2027-05-03T10:00:00Z';
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
});
afterAll(() => api.close());

let count = 0;
const newApprentice = (record: Record<string, unknown> = {}) => {
  count += 1;
  return createApprentice(api, `rules-apprentice-${count}`, { now: NOW, record });
};
// The apprentice is assigned to the EPA: an EPA books directly only for its own apprentices.
const direct = async (epaId: string, start: string, as = 'demo-owner') =>
  api.post('/planning-meetings', { as, body: { apprenticeId: await newApprentice({ epaId }), start, status: 'confirmed', epaId } });

describe('booking windows bind slot-based booking only (SPEC §3.4)', () => {
  it('refuses a provisional booking outside the window, for the owner too', async () => {
    for (const start of [INSIDE_NOTICE, BEYOND_ADVANCE]) {
      const answer = await api.post('/planning-meetings', { as: 'demo-owner', body: { apprenticeId: await newApprentice(), start, status: 'provisional' } });
      expect(answer.status, start).toBe(422);
      expect(answer.body.code).toBe('OUTSIDE_BOOKING_WINDOW');
    }
  });

  it.each([
    ['the owner, inside the minimum notice', 'epa-2', INSIDE_NOTICE, 'demo-owner'],
    ['the owner, beyond the maximum advance', 'epa-2', BEYOND_ADVANCE, 'demo-owner'],
    ['an EPA for themself, inside the minimum notice', 'epa-1', '2027-01-07T14:00:00Z', 'epa-1'],
    ['an EPA for themself, beyond the maximum advance', 'epa-1', BEYOND_ADVANCE, 'epa-1'],
  ])('books directly for %s', async (_case, epaId, start, as) => {
    const answer = await direct(epaId, start, as);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ status: 'confirmed', start, epaId });
  });

  it.each([
    ['into the minimum notice', '2027-01-07T15:00:00Z'],
    ['beyond the maximum advance', '2027-05-04T15:00:00Z'],
  ])('reschedules %s, through PATCH and through a capacity batch', async (_case, start) => {
    const meeting = (await direct('epa-3', '2027-01-12T09:00:00Z')).body;
    const moved = await api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { start } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.start).toBe(start);

    const other = (await direct('epa-3', '2027-01-12T11:00:00Z')).body;
    const later = new Date(Date.parse(start) + 2 * 3_600_000).toISOString().replace('.000', '');
    const batch = await api.post('/capacity/changes', {
      as: 'demo-owner',
      body: { items: [{ action: 'reschedule', meetingId: other.id, ifVersion: 1, start: later }] },
    });
    expect(batch.body.results[0], JSON.stringify(batch.body)).toMatchObject({ status: 200, meeting: { start: later } });
  });
});

describe('a rejected meeting gives its time back (SPEC §3.2)', () => {
  // ST0119 takes its availability from the apprentice's own EPA: epa-2 is the only one who can take these slots.
  const slot = '2027-01-11T10:00:00Z';
  const slotsOf = async (apprenticeId: string) =>
    (await api.get(`/apprentices/${apprenticeId}/planning-meeting-slots?from=2027-01-11&to=2027-01-11`, { as: 'demo-owner' })).body.slots.map(
      (offered: { start: string }) => offered.start,
    );

  it('offers and books the slot again, for another apprentice and for the same one', async () => {
    const first = await newApprentice({ standardId: 'ST0119', epaId: 'epa-2' });
    const second = await newApprentice({ standardId: 'ST0119', epaId: 'epa-2' });
    const booked = await api.post('/planning-meetings', { as: 'demo-owner', body: { apprenticeId: first, start: slot, status: 'provisional' } });
    expect(booked.status).toBe(201);
    expect(booked.body.epaId).toBe('epa-2');
    expect(await slotsOf(second)).not.toContain(slot);
    const taken = await api.post('/planning-meetings', { as: 'demo-owner', body: { apprenticeId: second, start: slot, status: 'provisional' } });
    expect(taken.status).toBe(409);

    const rejected = await api.post(`/planning-meetings/${booked.body.id}/reject`, { as: 'demo-owner', body: { reason: 'Clash with an exam' } });
    expect(rejected.body.status).toBe('rejected');

    expect(await slotsOf(second)).toContain(slot);
    const again = await api.post('/planning-meetings', { as: 'demo-owner', body: { apprenticeId: second, start: slot, status: 'provisional' } });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.epaId).toBe('epa-2');
    // The rejected apprentice holds no active meeting either: they may book again.
    const rebooked = await api.post('/planning-meetings', { as: 'demo-owner', body: { apprenticeId: first, start: '2027-01-11T13:00:00Z', status: 'provisional' } });
    expect(rebooked.status, JSON.stringify(rebooked.body)).toBe(201);
  });

  it('lets a direct booking take the EPA at the time a rejected meeting had', async () => {
    const apprenticeId = await newApprentice({ standardId: 'ST0119', epaId: 'epa-2' });
    const start = '2027-01-12T10:00:00Z';
    const booked = await api.post('/planning-meetings', { as: 'demo-owner', body: { apprenticeId, start, status: 'provisional' } });
    expect(booked.status).toBe(201);
    expect((await direct('epa-2', start)).status).toBe(409);
    await api.post(`/planning-meetings/${booked.body.id}/reject`, { as: 'demo-owner' });
    expect((await direct('epa-2', start)).status).toBe(201);
  });
});
