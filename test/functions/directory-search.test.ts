import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi, type ApiAnswer } from '../support/api-client.ts';

/**
 * The directory search for the staff screens' pickers, `GET /users?q=&role=` (SPEC
 * §3.5): staff only, names and roles, contact details for directory managers, by the
 * start of any word of the name and by role, a page at a time, kept in step with
 * `PUT /users/{id}`. Starts from the demo data.
 */

let api: TestApi;
const owner = { as: 'demo-owner' };

interface Entry {
  id: string;
  name: string;
  roles: string[];
  email?: string;
  phone?: string;
}

const search = async (as: string, query = ''): Promise<Entry[]> => {
  const answer = await api.get(`/users${query ? `?${query}` : ''}`, { as });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.items as Entry[];
};
const idsOf = async (query: string, as = 'demo-owner'): Promise<string[]> => (await search(as, query)).map((entry) => entry.id);
const putUser = async (id: string, body: Record<string, unknown>) => {
  const answer = await api.put(`/users/${id}`, { ...owner, body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};

beforeAll(async () => {
  api = await TestApi.start();
}, 60_000);
afterAll(() => api?.close());

describe('directory search: who may search, and what they see', () => {
  it('shows a directory manager names, roles, email and phone', async () => {
    expect(await search('demo-owner', 'q=gra&role=epa')).toEqual([
      { id: 'epa-2', name: 'Grace Hopper', roles: ['epa'], email: 'grace@demo.example.org', phone: '+447700900102' },
    ]);
    // No phone on record: none answered.
    expect(await search('demo-owner', 'q=alan&role=epa')).toEqual([{ id: 'epa-3', name: 'Alan Turing', roles: ['epa'], email: 'alan@demo.example.org' }]);
  });

  it('shows other staff (AO, EPA) names and roles only', async () => {
    for (const as of ['demo-ao', 'epa-1']) {
      expect(await search(as, 'q=gra&role=epa')).toEqual([{ id: 'epa-2', name: 'Grace Hopper', roles: ['epa'] }]);
      expect((await search(as, 'limit=100')).every((entry) => entry.email === undefined && entry.phone === undefined)).toBe(true);
    }
  });

  it('refuses apprentices, providers and employers with 403, and anyone without a token with 401', async () => {
    for (const as of ['apprentice-1', 'demo-provider', 'demo-employer']) {
      const answer = await api.get('/users?q=gra', { as });
      expect(answer.status, as).toBe(403);
      expect(answer.body.code).toBe('FORBIDDEN');
    }
    expect((await api.get('/users?q=gra')).status).toBe(401);
  });
});

describe('directory search: by name and role', () => {
  it('finds by the start of any word of the name, in any case, and by two words', async () => {
    expect(await idsOf('q=ada')).toEqual(['epa-1']);
    expect(await idsOf('q=LOVE')).toEqual(['epa-1']);
    expect(await idsOf('q=hop')).toEqual(['epa-2']);
    expect(await idsOf('q=alan%20tur')).toEqual(['epa-3']);
    expect(await idsOf('q=tur%20alan')).toEqual(['epa-3']);
    expect(await idsOf('q=alan%20hop')).toEqual([]);
    expect(await idsOf('q=ovelace')).toEqual([]);
  });

  it('lists by role, in name order, and searches within a role', async () => {
    expect(await idsOf('role=epa')).toEqual(['epa-1', 'epa-3', 'epa-2']);
    expect(await idsOf('role=awardingorganisation')).toEqual(['demo-ao']);
    expect(await idsOf('q=a&role=epa')).toEqual(['epa-1', 'epa-3']);
    expect(await idsOf('q=app&role=epa')).toEqual([]);
    expect(await idsOf('q=amira&role=apprentice')).toEqual(['apprentice-1']);
    expect(await idsOf('q=amira&role=epa')).toEqual([]);
  });

  it('finds a user with several roles under each, once', async () => {
    await putUser('two-roles', { name: 'Tess Twofold', email: 'tess@example.org', roles: ['epa', 'awardingorganisation'] });
    expect(await idsOf('q=tess&role=epa')).toEqual(['two-roles']);
    expect(await idsOf('q=tess&role=awardingorganisation')).toEqual(['two-roles']);
    expect(await idsOf('q=tess')).toEqual(['two-roles']);
    expect(await idsOf('q=tw%20te')).toEqual(['two-roles']);
  });

  it('refuses a role it does not know with 400 naming the field', async () => {
    const answer = await api.get('/users?role=wizard', owner);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].path).toBe('query.role');
  });
});

describe('directory search: pages', () => {
  it('pages through every user once, in name order, by its cursors', async () => {
    const all = await search('demo-owner', 'limit=100');
    const names = all.map((entry) => entry.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer: ApiAnswer = await api.get(`/users?limit=4${cursor ? `&cursor=${cursor}` : ''}`, owner);
      expect(answer.status).toBe(200);
      paged.push(...answer.body.items.map((entry: Entry) => entry.id));
      cursor = answer.body.cursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(paged).toEqual(all.map((entry) => entry.id));
    expect(pages).toBeGreaterThan(3);
  });

  it('refuses a cursor of another search with 400 naming cursor', async () => {
    const first = (await api.get('/users?role=apprentice&limit=2', owner)).body;
    expect(first.cursor).toEqual(expect.any(String));
    const answer = await api.get(`/users?role=epa&cursor=${first.cursor}`, owner);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].path).toBe('cursor');
    expect((await api.get(`/users?role=apprentice&limit=2&cursor=${first.cursor}`, owner)).body.items.map((entry: Entry) => entry.id)).toEqual([
      'apprentice-3',
      'apprentice-4',
    ]);
  });
});

describe('directory search: kept in step with the directory', () => {
  it('finds a renamed user by the new name and not the old, in every role', async () => {
    const created = await putUser('renamed-epa', { name: 'Katherine Johnson', email: 'kj@example.org', roles: ['epa'] });
    expect(await idsOf('q=kath&role=epa')).toEqual(['renamed-epa']);
    await putUser('renamed-epa', { ...created, name: 'Mary Jackson' });
    for (const query of ['q=kath', 'q=johnson', 'q=kath&role=epa']) expect(await idsOf(query), query).toEqual([]);
    for (const query of ['q=mary', 'q=jack', 'q=mary%20jack&role=epa']) expect(await idsOf(query), query).toEqual(['renamed-epa']);
    expect((await search('demo-owner', 'q=mary'))[0]!.name).toBe('Mary Jackson');
  });

  it('moves a user between roles as their roles change', async () => {
    const created = await putUser('role-change', { name: 'Rory Rolechange', email: 'rory@example.org', roles: ['epa'] });
    expect(await idsOf('q=rory&role=epa')).toEqual(['role-change']);
    await putUser('role-change', { ...created, roles: ['awardingorganisation'] });
    expect(await idsOf('q=rory&role=epa')).toEqual([]);
    expect(await idsOf('role=epa')).not.toContain('role-change');
    expect(await idsOf('q=rory&role=awardingorganisation')).toEqual(['role-change']);
  });

  it('shows a changed email to a directory manager', async () => {
    const created = await putUser('new-email', { name: 'Edna Email', email: 'edna@example.org', roles: ['epa'] });
    await putUser('new-email', { ...created, email: 'edna.e@example.org', phone: '+447700900999' });
    expect(await search('demo-owner', 'q=edna')).toEqual([{ id: 'new-email', name: 'Edna Email', roles: ['epa'], email: 'edna.e@example.org', phone: '+447700900999' }]);
  });
});
