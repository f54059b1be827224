import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../support/api-client.ts';
import { createApprentice } from '../support/apprentices.ts';

/**
 * Dates in queries are days in the organisation's zone (SPEC §3.3), not UTC days. Each
 * case puts something in the hours where the two disagree: British Summer Time's first
 * hour of the day, and a whole half day for an organisation in New Zealand.
 */

const startsOf = (answer: { body: { slots: Array<{ start: string }> } }) => answer.body.slots.map((slot) => slot.start);
const idsOf = (answer: { body: { items: Array<{ id: string }> } }) => answer.body.items.map((meeting) => meeting.id);
const directBooking = async (api: TestApi, apprenticeId: string, epaId: string, start: string) => {
  const answer = await api.post('/planning-meetings', { as: 'demo-owner', body: { apprenticeId, start, status: 'confirmed', epaId } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id as string;
};
const capacityMeetings = async (api: TestApi, epaId: string, day: string) => {
  const view = await api.get(`/capacity?from=${day}&to=${day}&epaId=${epaId}`, { as: 'demo-owner' });
  expect(view.status).toBe(200);
  return view.body.days.flatMap((row: { date: string; meetings: Array<{ id: string }> }) => row.meetings.map((meeting) => `${row.date} ${meeting.id}`));
};

describe('an organisation in Europe/London, in summer time', () => {
  const NOW = Date.parse('2027-05-05T10:00:00Z');
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({ clock: () => NOW });
  });
  afterAll(() => api.close());

  it('lists a meeting at 00:30 BST on its London day, not on the UTC day before', async () => {
    // Monday 7 June 00:30 BST is Sunday 6 June 23:30 UTC; Tuesday 8 June 00:30 BST is Monday 23:30 UTC.
    const monday = await directBooking(api, await createApprentice(api, 'bst-apprentice-1', { now: NOW }), 'epa-2', '2027-06-06T23:30:00Z');
    const tuesday = await directBooking(api, await createApprentice(api, 'bst-apprentice-2', { now: NOW }), 'epa-2', '2027-06-07T23:30:00Z');
    const list = (from: string, to: string) => api.get(`/planning-meetings?epaId=epa-2&from=${from}&to=${to}`, { as: 'demo-owner' });
    expect(idsOf(await list('2027-06-07', '2027-06-07'))).toEqual([monday]);
    expect(idsOf(await list('2027-06-06', '2027-06-06'))).toEqual([]);
    expect(idsOf(await list('2027-06-08', '2027-06-08'))).toEqual([tuesday]);
    expect(await capacityMeetings(api, 'epa-2', '2027-06-07')).toEqual([`2027-06-07 ${monday}`]);
  });

  it('offers the slots of the London day: an EPA in Tokyo working 08:00–10:00 there (23:00–01:00 UTC)', async () => {
    const by = { by: 'test', now: NOW };
    const hours = [{ start: '08:00', end: '10:00' }];
    await api.host.deps.records.put('user', 'tokyo-epa', { name: 'Kenji Sato', email: 'kenji@example.org', roles: ['epa'] }, by);
    await api.host.deps.records.put(
      'availability',
      'tokyo-epa',
      { timeZone: 'Asia/Tokyo', weekly: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: [], sun: [] }, overrides: [], maxMeetingsPerDay: null },
      by,
    );
    await api.host.deps.records.put(
      'standard',
      'TOKYO01',
      { name: 'Tokyo standard', meetingDurationMinutes: 60, slotIntervalMinutes: 60, availabilitySource: { type: 'apprenticeEpa' } },
      by,
    );
    const apprenticeId = await createApprentice(api, 'bst-apprentice-3', { now: NOW, record: { standardId: 'TOKYO01', epaId: 'tokyo-epa' } });
    const slots = await api.get(`/apprentices/${apprenticeId}/planning-meeting-slots?from=2027-06-07&to=2027-06-07`, { as: 'demo-ao' });
    expect(slots.body.timeZone).toBe('Europe/London');
    // Monday 7 June in London runs from 23:00 UTC on the 6th to 23:00 UTC on the 7th.
    expect(startsOf(slots)).toEqual(['2027-06-06T23:00:00Z', '2027-06-07T00:00:00Z']);
  });
});

describe('an organisation in Pacific/Auckland (13 hours ahead of London in January)', () => {
  const NOW = Date.parse('2027-01-06T10:00:00Z');
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({ clock: () => NOW });
    const current = await api.get('/configuration/availability', { as: 'demo-owner' });
    const moved = await api.put('/configuration/availability', { as: 'demo-owner', body: { ...current.body, timeZone: 'Pacific/Auckland' } });
    expect(moved.status).toBe(200);
  });
  afterAll(() => api.close());

  it('offers the slots of the Auckland day: London’s Monday afternoon and Tuesday morning are Auckland’s Tuesday', async () => {
    const slots = await api.get('/apprentices/apprentice-1/planning-meeting-slots?from=2027-01-12&to=2027-01-12', { as: 'demo-ao' });
    expect(slots.body.timeZone).toBe('Pacific/Auckland');
    // Tuesday 12 January in Auckland (NZDT, +13) runs from 11:00 UTC on the 11th to 11:00 UTC on the 12th.
    expect(startsOf(slots)).toEqual([
      '2027-01-11T11:00:00Z',
      '2027-01-11T12:00:00Z',
      '2027-01-11T13:00:00Z',
      '2027-01-11T13:30:00Z',
      '2027-01-11T14:00:00Z',
      '2027-01-11T14:30:00Z',
      '2027-01-11T15:00:00Z',
      '2027-01-11T15:30:00Z',
      '2027-01-12T09:00:00Z',
      '2027-01-12T10:00:00Z',
    ]);
  });

  it('lists and shows capacity by Auckland days', async () => {
    // Tuesday 12 January 12:00 UTC is Wednesday 13 January 01:00 in Auckland.
    const meeting = await directBooking(api, await createApprentice(api, 'nz-apprentice-1', { now: NOW }), 'epa-3', '2027-01-12T12:00:00Z');
    const list = (day: string) => api.get(`/planning-meetings?epaId=epa-3&from=${day}&to=${day}`, { as: 'demo-owner' });
    expect(idsOf(await list('2027-01-13'))).toEqual([meeting]);
    expect(idsOf(await list('2027-01-12'))).toEqual([]);
    expect(await capacityMeetings(api, 'epa-3', '2027-01-13')).toEqual([`2027-01-13 ${meeting}`]);
    expect(await capacityMeetings(api, 'epa-3', '2027-01-12')).toEqual([]);
  });
});
