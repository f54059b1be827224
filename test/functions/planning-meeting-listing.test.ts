import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../support/api-client.ts';
import { createApprentice } from '../support/apprentices.ts';

/** Wednesday 6 January 2027, 10:00 GMT. */
const NOW = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;

interface Listed {
  id: string;
  apprenticeId: string;
  epaId: string;
  start: string;
  status: string;
}

/** Eight meetings of one EPA (the only member of the group behind standard LIST01), in every status. */
const plan = [
  { start: '2027-01-11T09:00:00Z', then: null },
  { start: '2027-01-11T11:00:00Z', then: 'approve' },
  { start: '2027-01-12T09:00:00Z', then: 'reject' },
  { start: '2027-01-12T13:00:00Z', then: null },
  { start: '2027-01-13T10:00:00Z', then: 'approve' },
  { start: '2027-01-14T09:00:00Z', then: 'cancel' },
  { start: '2027-01-15T14:00:00Z', then: null },
  { start: '2027-01-18T09:00:00Z', then: 'approve' },
] as const;
let meetings: Listed[] = [];

beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
  const by = { by: 'test', now: NOW };
  const day = [{ start: '09:00', end: '17:00' }];
  await api.host.deps.records.put('user', 'list-epa', { name: 'Lin Assessor', email: 'lin@example.org', roles: ['epa'] }, by);
  await api.host.deps.records.put(
    'availability',
    'list-epa',
    { timeZone: 'Europe/London', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] }, overrides: [], maxMeetingsPerDay: null },
    by,
  );
  await api.host.deps.records.put('group', 'list-group', { name: 'Listing group', memberIds: ['list-epa'] }, by);
  await api.host.deps.records.put(
    'standard',
    'LIST01',
    { name: 'Listing standard', meetingDurationMinutes: 60, slotIntervalMinutes: 60, availabilitySource: { type: 'group', groupId: 'list-group' } },
    by,
  );
  meetings = [];
  for (const [index, { start, then }] of plan.entries()) {
    const apprenticeId = await createApprentice(api, `list-apprentice-${index + 1}`, { now: NOW, record: { standardId: 'LIST01' } });
    const booked = await api.post('/planning-meetings', { as: 'demo-owner', body: { apprenticeId, start, status: 'provisional' } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const changed = then ? await api.post(`/planning-meetings/${booked.body.id}/${then}`, { as: 'demo-owner' }) : booked;
    expect(changed.status).toBe(then ? 200 : 201);
    meetings.push(changed.body);
  }
});
afterAll(() => api.close());

const ids = (items: readonly Listed[]) => items.map((meeting) => meeting.id);
const where = (keep: (meeting: Listed) => boolean) => ids(meetings.filter(keep));
const list = async (query: string) => {
  const answer = await api.get(`/planning-meetings?${query}`, { as: 'demo-owner' });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { items: Listed[]; cursor: string | null };
};

/** Every page of a listing, following the cursor each answer returns until there is none. */
const allPages = async (query: string) => {
  const pages: Listed[][] = [];
  let cursor: string | null = null;
  do {
    const page = await list(cursor === null ? query : `${query}&cursor=${encodeURIComponent(cursor)}`);
    pages.push(page.items);
    cursor = page.cursor;
  } while (cursor !== null && pages.length < 50);
  expect(cursor).toBeNull();
  return pages;
};

describe('GET /planning-meetings: filters', () => {
  it('lists an EPA’s meetings, every status, in order of start', async () => {
    expect(meetings.map((meeting) => meeting.status)).toEqual(['provisional', 'confirmed', 'rejected', 'provisional', 'confirmed', 'cancelled', 'provisional', 'confirmed']);
    expect(meetings.every((meeting) => meeting.epaId === 'list-epa')).toBe(true);
    expect(ids((await list('epaId=list-epa')).items)).toEqual(ids(meetings));
  });

  it.each(['provisional', 'confirmed', 'rejected', 'cancelled', 'expired'])('filters an EPA’s meetings by status %s', async (status) => {
    expect(ids((await list(`epaId=list-epa&status=${status}`)).items)).toEqual(where((meeting) => meeting.status === status));
  });

  it.each([
    ['from and to, both days included', 'from=2027-01-12&to=2027-01-13', (m: Listed) => m.start >= '2027-01-12' && m.start < '2027-01-14'],
    ['from only', 'from=2027-01-14', (m: Listed) => m.start >= '2027-01-14'],
    ['to only', 'to=2027-01-11', (m: Listed) => m.start < '2027-01-12'],
    ['one day', 'from=2027-01-15&to=2027-01-15', (m: Listed) => m.start.startsWith('2027-01-15')],
    ['a range with nothing in it', 'from=2027-01-16&to=2027-01-17', () => false],
  ])('filters by days: %s', async (_case, range, keep) => {
    expect(ids((await list(`epaId=list-epa&${range}`)).items)).toEqual(where(keep));
  });

  it('combines status and days', async () => {
    const listed = await list('epaId=list-epa&status=confirmed&from=2027-01-11&to=2027-01-13');
    expect(ids(listed.items)).toEqual(where((m) => m.status === 'confirmed' && m.start < '2027-01-14'));
    expect(listed.items).toHaveLength(2);
  });

  it('lists by apprentice, and by status alone', async () => {
    const third = meetings[2]!;
    expect(ids((await list(`apprenticeId=${third.apprenticeId}`)).items)).toEqual([third.id]);
    const rejected = (await list('status=rejected')).items;
    expect(ids(rejected)).toContain(third.id);
    expect(rejected.every((meeting) => meeting.status === 'rejected')).toBe(true);
  });
});

describe('GET /planning-meetings: pages', () => {
  it.each([
    ['an EPA’s meetings, 3 a page', 'epaId=list-epa&limit=3', 3, () => true],
    ['one a page', 'epaId=list-epa&limit=1', 1, () => true],
    ['a status, 1 a page', 'epaId=list-epa&status=provisional&limit=1', 1, (m: Listed) => m.status === 'provisional'],
    ['days, 2 a page', 'epaId=list-epa&from=2027-01-12&to=2027-01-15&limit=2', 2, (m: Listed) => m.start >= '2027-01-12' && m.start < '2027-01-16'],
  ])('follows the cursors to every meeting once, in order: %s', async (_case, query, limit, keep) => {
    const pages = await allPages(query);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(limit);
    expect(ids(pages.flat())).toEqual(where(keep));
    expect(pages.length).toBeGreaterThan(1);
  });

  it('pages a listing by status alone', async () => {
    const pages = await allPages('status=confirmed&limit=1');
    const listed = ids(pages.flat());
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(expect.arrayContaining(where((m) => m.status === 'confirmed')));
    expect(pages.flat().every((meeting) => meeting.status === 'confirmed')).toBe(true);
  });

  it('answers the last page with no cursor, and a listing that fits one page with none at all', async () => {
    const whole = await list('epaId=list-epa&limit=8');
    expect(whole.items).toHaveLength(8);
    const more = whole.cursor === null ? null : await list(`epaId=list-epa&limit=8&cursor=${encodeURIComponent(whole.cursor)}`);
    expect(more === null || more.items.length === 0).toBe(true);
    expect((await list('epaId=list-epa&limit=50')).cursor).toBeNull();
  });
});
