import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../support/api-client.ts';

/** Standards and groups found by name for the staff screens' pickers (SPEC §3.5): key-based, paginated. */

const NOW = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
  for (const [id, name] of [
    ['ST0200', 'Data analyst'],
    ['ST0201', 'Data engineer'],
    ['ST0202', 'Digital marketer'],
    ['ST0203', 'Network engineer'],
  ]) {
    expect((await api.put(`/standards/${id}`, { as: 'demo-owner', body: { name } })).status).toBe(200);
  }
});
afterAll(() => api.close());

const names = (answer: { body: { items: Array<{ name: string }> } }) => answer.body.items.map((item) => item.name);

describe('GET /standards?q=', () => {
  it('lists every standard by name without a search', async () => {
    const answer = await api.get('/standards', { as: 'apprentice-1' });
    expect(answer.status).toBe(200);
    expect(names(answer)).toEqual(['Data analyst', 'Data engineer', 'Digital marketer', 'Network engineer', 'Software developer', 'Software tester']);
  });

  it.each([
    ['data', ['Data analyst', 'Data engineer']],
    ['ENG', ['Data engineer', 'Network engineer']],
    ['d e', ['Data engineer']],
    ['soft dev', ['Software developer']],
    ['xyz', []],
  ])('finds “%s” at the start of any word, any case', async (q, expected) => {
    expect(names(await api.get(`/standards?q=${encodeURIComponent(q)}`, { as: 'demo-owner' }))).toEqual(expected);
  });

  it('pages with a cursor, each standard once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/standards?limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const answer: { status: number; body: { items: Array<{ name: string }>; cursor: string | null } } = await api.get<{ items: Array<{ name: string }>; cursor: string | null }>(path, { as: 'demo-owner' });
      expect(answer.status).toBe(200);
      seen.push(...names(answer));
      cursor = answer.body.cursor;
    } while (cursor);
    expect(seen).toEqual(['Data analyst', 'Data engineer', 'Digital marketer', 'Network engineer', 'Software developer', 'Software tester']);
  });

  it('finds a renamed standard by its new name only', async () => {
    await api.put('/standards/ST0203', { as: 'demo-owner', body: { name: 'Cyber security technologist' } });
    expect(names(await api.get('/standards?q=netw', { as: 'demo-owner' }))).toEqual([]);
    expect(names(await api.get('/standards?q=cyber', { as: 'demo-owner' }))).toEqual(['Cyber security technologist']);
  });

  it('refuses a cursor it did not issue', async () => {
    const answer = await api.get('/standards?cursor=eyJwayI6IkVWRU5UI3gifQ', { as: 'demo-owner' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].path).toBe('cursor');
  });
});

describe('GET /groups?q=', () => {
  it('finds the system group by any word, for capacity managers and configurers', async () => {
    const answer = await api.get('/groups?q=book', { as: 'demo-ao' });
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((group: { id: string; name: string }) => [group.id, group.name])).toEqual([
      ['planning-meeting-bookings', 'Planning Meeting Bookings'],
    ]);
  });

  it('is refused to those who may not read groups', async () => {
    for (const as of ['apprentice-1', 'demo-provider', 'epa-1']) expect((await api.get('/groups', { as })).status).toBe(403);
  });
});
