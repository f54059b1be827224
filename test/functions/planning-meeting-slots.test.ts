import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../support/api-client.ts';

/** Wednesday 6 January 2027, 10:00 GMT. */
const NOW = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
});
afterAll(() => api.close());

const slotsOf = (apprenticeId: string, from: string, to: string, as = 'demo-owner') =>
  api.get(`/apprentices/${apprenticeId}/planning-meeting-slots?from=${from}&to=${to}`, { as });

describe('GET /apprentices/{id}/planning-meeting-slots', () => {
  it('offers the system group’s free slots on the grid of each working interval', async () => {
    const answer = await slotsOf('apprentice-1', '2027-01-11', '2027-01-11');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      apprenticeId: 'apprentice-1',
      timeZone: 'Europe/London',
      source: { type: 'group', groupId: 'planning-meeting-bookings' },
      reason: null,
    });
    // epa-1 and epa-3: 09:00–12:30 and 13:30–17:00 on a 60-minute grid; epa-2: 10:00–16:00.
    expect(answer.body.slots.map((slot: { start: string }) => slot.start.slice(11, 16))).toEqual([
      '09:00', '10:00', '11:00', '12:00', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30',
    ]);
    expect(answer.body.slots[0]).toEqual({ start: '2027-01-11T09:00:00Z', end: '2027-01-11T10:00:00Z' });
  });

  it('keeps 09:00 local after the clocks go forward (08:00Z in summer)', async () => {
    // Tuesday 30 March: the Monday before it is Easter Monday, a bank holiday.
    const answer = await slotsOf('apprentice-1', '2027-03-30', '2027-03-30', 'demo-ao');
    expect(answer.body.slots[0].start).toBe('2027-03-30T08:00:00Z');
  });

  it('applies the minimum notice in working days, skipping the weekend', async () => {
    // Two working days from Wednesday 10:00 is Friday 10:00.
    const answer = await slotsOf('apprentice-1', '2027-01-06', '2027-01-08');
    expect(answer.body.window.earliest).toBe('2027-01-08T10:00:00Z');
    expect(answer.body.slots.every((slot: { start: string }) => slot.start >= '2027-01-08T10:00:00Z')).toBe(true);
    expect(answer.body.slots.length).toBeGreaterThan(0);
  });

  it('lets AO users bypass the configured windows (no notice, one year ahead)', async () => {
    const answer = await slotsOf('apprentice-1', '2027-01-06', '2027-01-06', 'demo-ao');
    expect(answer.body.window).toMatchObject({ earliest: '2027-01-06T10:00:00Z', latest: '2028-01-06T10:00:00Z', epaDateBookingFrom: null });
    expect(answer.body.slots[0].start).toBe('2027-01-06T10:00:00Z');
  });

  it('says OUTSIDE_BOOKING_WINDOW beyond the maximum advance', async () => {
    const answer = await slotsOf('apprentice-1', '2027-06-01', '2027-06-30');
    expect(answer.body).toMatchObject({ slots: [], reason: 'OUTSIDE_BOOKING_WINDOW' });
  });

  it('says NO_EPA_ASSIGNED when the standard uses the apprentice’s EPA and there is none', async () => {
    const answer = await slotsOf('apprentice-4', '2027-01-11', '2027-01-15');
    expect(answer.body).toMatchObject({ source: null, slots: [], reason: 'NO_EPA_ASSIGNED' });
  });

  it('uses the apprentice’s EPA for a standard set to it, on a 30-minute grid for 90-minute meetings', async () => {
    const answer = await slotsOf('apprentice-3', '2027-01-11', '2027-01-11');
    expect(answer.body.source).toEqual({ type: 'apprenticeEpa', epaId: 'epa-2' });
    expect(answer.body.slots.map((slot: { start: string }) => slot.start.slice(11, 16))).toEqual([
      '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30',
    ]);
  });

  it('lets an apprentice list their own slots only', async () => {
    expect((await slotsOf('apprentice-1', '2027-01-11', '2027-01-11', 'apprentice-1')).status).toBe(200);
    expect((await slotsOf('apprentice-2', '2027-01-11', '2027-01-11', 'apprentice-1')).status).toBe(403);
    expect((await slotsOf('apprentice-1', '2027-01-11', '2027-01-11', 'demo-provider')).status).toBe(200);
    expect((await slotsOf('apprentice-2', '2027-01-11', '2027-01-11', 'demo-provider')).status).toBe(403);
    expect((await slotsOf('apprentice-2', '2027-01-11', '2027-01-11', 'epa-1')).status).toBe(403);
  });

  it.each([
    ['a range over 93 days', '2027-01-01', '2027-04-04', 'to'],
    ['to before from', '2027-01-10', '2027-01-09', 'to'],
    ['a date that does not exist', '2027-02-29', '2027-03-01', 'from'],
  ])('refuses %s with 400', async (_case, from, to, path) => {
    const answer = await slotsOf('apprentice-1', from, to);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].path).toBe(`query.${path}`);
  });

  it('refuses a missing or unknown query parameter', async () => {
    expect((await api.get('/apprentices/apprentice-1/planning-meeting-slots?from=2027-01-11', { as: 'demo-owner' })).status).toBe(400);
    expect(
      (await api.get('/apprentices/apprentice-1/planning-meeting-slots?from=2027-01-11&to=2027-01-11&epa=1', { as: 'demo-owner' })).status,
    ).toBe(400);
  });

  it('answers a repeated listing from the last computation only while nothing it depends on has changed', async () => {
    // Tuesday 12 January: epa-1 and epa-3 from 09:00, epa-2 from 10:00.
    const day = '2027-01-12';
    const startsOn = async (as = 'demo-owner'): Promise<string[]> =>
      (await slotsOf('apprentice-1', day, day, as)).body.slots.map((slot: { start: string }) => slot.start.slice(11, 16));
    const booked: string[] = [];
    const book = async (apprenticeId: string) => {
      const answer = await api.post('/planning-meetings', { as: 'demo-owner', body: { apprenticeId, start: `${day}T09:00:00Z`, status: 'provisional' } });
      if (answer.status === 201) booked.push(answer.body.id);
      return answer;
    };

    // The demo apprentices' meetings and epa-2's hours go back as they were, also when the test fails.
    const { version: _version, ...originalSchedule } = (await api.get('/users/epa-2/availability', { as: 'demo-owner' })).body;
    try {
      expect((await startsOn())[0]).toBe('09:00');
      expect((await book('apprentice-1')).status).toBe(201);
      expect((await startsOn())[0]).toBe('09:00');
      expect((await book('apprentice-2')).status).toBe(201);
      // Both EPAs who work at 09:00 are taken: the same question gets a new answer.
      expect((await startsOn())[0]).toBe('10:00');

      // A schedule change is part of the answer too: epa-2 now starts at 08:00 on Tuesdays.
      const tuesday = [{ start: '08:00', end: '16:00' }];
      const schedule = await api.get('/users/epa-2/availability', { as: 'demo-owner' });
      const changed = await api.put('/users/epa-2/availability', {
        as: 'demo-owner',
        body: { timeZone: 'Europe/London', weekly: { ...schedule.body.weekly, tue: tuesday }, overrides: [], maxMeetingsPerDay: null },
      });
      expect(changed.status).toBe(200);
      expect((await startsOn()).slice(0, 2)).toEqual(['08:00', '09:00']);

      // The window is not part of what is kept: each caller's own window cuts the same answer.
      expect((await startsOn('demo-ao')).slice(0, 2)).toEqual(['08:00', '09:00']);
      const noticeToFriday = await slotsOf('apprentice-1', '2027-01-06', day);
      expect(noticeToFriday.body.slots.every((slot: { start: string }) => slot.start >= '2027-01-08T10:00:00Z')).toBe(true);
      const aoFromNow = await slotsOf('apprentice-1', '2027-01-06', day, 'demo-ao');
      expect(aoFromNow.body.slots[0].start).toBe('2027-01-06T10:00:00Z');

      // Another apprentice of the same standard and range: the same slots, in an answer of their own.
      const first = await slotsOf('apprentice-1', day, day);
      const other = await slotsOf('apprentice-2', day, day);
      expect(other.body.apprenticeId).toBe('apprentice-2');
      expect(first.body.apprenticeId).toBe('apprentice-1');
      expect(other.body.slots).toEqual(first.body.slots);
      expect((await slotsOf('apprentice-1', day, day)).body).toEqual(first.body);
    } finally {
      for (const id of booked) expect((await api.post(`/planning-meetings/${id}/cancel`, { as: 'demo-owner' })).status).toBe(200);
      expect((await api.put('/users/epa-2/availability', { as: 'demo-owner', body: originalSchedule })).status).toBe(200);
    }
  });

  it('is back to the demo’s hours and meetings after the test that changed them', async () => {
    const starts = (await slotsOf('apprentice-1', '2027-01-12', '2027-01-12')).body.slots.map((slot: { start: string }) => slot.start.slice(11, 16));
    expect(starts.slice(0, 2)).toEqual(['09:00', '10:00']);
    expect((await api.get('/users/epa-2/availability', { as: 'demo-owner' })).body.weekly.tue).toEqual([{ start: '10:00', end: '16:00' }]);
  });

  it('answers 404 for an unknown apprentice', async () => {
    expect((await slotsOf('nobody', '2027-01-11', '2027-01-11')).status).toBe(404);
  });
});
