import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi, type ApiAnswer } from '../support/api-client.ts';

/**
 * The planning meeting listing, `GET /apprentices` (SPEC §3.5): who lists whom, search
 * by the start of any word of the name, the stage and meeting filters, paging, and the
 * entries kept in step with the directory user (name), the apprentice record (stage,
 * EPA, links) and the apprentice's meetings. Starts from the demo data.
 */

/** Wednesday 6 January 2027, 10:00 GMT: the demo's slots from Monday 11th are inside its booking window. */
const NOW = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
const owner = { as: 'demo-owner' };

interface Row {
  id: string;
  name: string;
  standardId: string;
  standardName?: string;
  gateway: { status: string; estimatedEpaDate: string | null; submittedDate: string | null; auditSubmittedDate: string | null };
  epaId: string | null;
  epaName?: string;
  planningMeeting: { id: string; status: string; start: string } | null;
}

const list = async (as: string, query = ''): Promise<Row[]> => {
  const answer = await api.get(`/apprentices${query ? `?${query}` : ''}`, { as });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.items as Row[];
};
/** Every page of a listing, following the cursors. */
const listAll = async (as: string, query: string, limit: number): Promise<{ ids: string[]; pages: number }> => {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const answer: ApiAnswer = await api.get(`/apprentices?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...answer.body.items.map((row: Row) => row.id));
    cursor = answer.body.cursor;
    pages += 1;
  } while (cursor && pages < 50);
  return { ids, pages };
};
const idsOf = async (as: string, query = ''): Promise<string[]> => (await list(as, query)).map((row) => row.id);

const ok = <T extends { status: number; body: unknown }>(answer: T): T => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer;
};
/** A directory user with the apprentice role and its record, through the API, as an administrator makes them. */
const createApprentice = async (id: string, name: string, record: Record<string, unknown> = {}) => {
  ok(await api.put(`/users/${id}`, { ...owner, body: { name, email: `${id}@example.org`, roles: ['apprentice'] } }));
  ok(await api.put(`/apprentices/${id}`, { ...owner, body: { standardId: 'ST0116', epaId: null, aoContactId: null, ...record } }));
};

const demoApprentices = ['apprentice-1', 'apprentice-2', 'apprentice-3', 'apprentice-4', 'apprentice-5', 'apprentice-6'];

beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
}, 60_000);
afterAll(() => api?.close());

describe('the planning meeting listing: who lists whom', () => {
  it('lists every apprentice for the owner and the AO, by name, with the standard’s and the EPA’s names and no meeting', async () => {
    for (const as of ['demo-owner', 'demo-ao']) {
      const rows = await list(as, 'limit=100');
      expect(rows.map((row) => row.id).filter((id) => demoApprentices.includes(id))).toEqual(demoApprentices);
      expect(rows.find((row) => row.id === 'apprentice-1')).toEqual({
        id: 'apprentice-1',
        name: 'Amira Apprentice',
        standardId: 'ST0116',
        standardName: 'Software developer',
        gateway: expect.objectContaining({ status: 'approved' }),
        epaId: 'epa-1',
        epaName: 'Ada Lovelace',
        planningMeeting: null,
      });
      // A record without gateway details is approved with no dates; without an EPA, there is no EPA name.
      expect(rows.find((row) => row.id === 'apprentice-2')).toEqual({
        id: 'apprentice-2',
        name: 'Ben Apprentice',
        standardId: 'ST0116',
        standardName: 'Software developer',
        gateway: { status: 'approved', estimatedEpaDate: null, submittedDate: null, auditSubmittedDate: null },
        epaId: null,
        planningMeeting: null,
      });
    }
  });

  it('lists an apprentice themself only, a provider and an employer the apprentices linked to them, an EPA those assigned to it', async () => {
    expect(await idsOf('apprentice-1')).toEqual(['apprentice-1']);
    expect(await idsOf('apprentice-2')).toEqual(['apprentice-2']);
    expect(await idsOf('demo-provider')).toEqual(['apprentice-1', 'apprentice-5', 'apprentice-6']);
    expect(await idsOf('demo-employer')).toEqual(['apprentice-1']);
    expect(await idsOf('epa-1')).toEqual(['apprentice-1']);
    expect(await idsOf('epa-2')).toEqual(['apprentice-3', 'apprentice-5']);
  });

  it('lists for a booker only the gateway stages one of its booking permissions covers', async () => {
    const permissions = (await api.get('/configuration/permissions', owner)).body;
    const setProvider = async (granted: string[]) =>
      ok(await api.put('/configuration/permissions', { ...owner, body: { roles: { ...permissions.roles, trainingprovider: granted } } }));
    try {
      await setProvider(['BookPlanningMeetingPostGatewaySubmission']);
      expect(await idsOf('demo-provider')).toEqual(['apprentice-1', 'apprentice-5']);
      await setProvider(['BookPlanningMeetingPostGatewayApproval']);
      expect(await idsOf('demo-provider')).toEqual(['apprentice-1']);
      expect(await idsOf('demo-provider', 'gatewayStatus=submitted')).toEqual([]);
      await setProvider([]);
      expect((await api.get('/apprentices', { as: 'demo-provider' })).status).toBe(403);
    } finally {
      await setProvider(['BookPlanningMeetingPreGatewaySubmission']);
    }
    expect(await idsOf('demo-provider')).toEqual(['apprentice-1', 'apprentice-5', 'apprentice-6']);
  });

  it('answers 401 without a token', async () => {
    expect((await api.get('/apprentices')).status).toBe(401);
  });
});

describe('the planning meeting listing: search and filters', () => {
  beforeAll(async () => {
    await createApprentice('search-turnbull', 'Alan Turnbull');
    await createApprentice('search-smith', 'Alan Smith');
    await createApprentice('search-tura', 'Tura Alanis');
    await createApprentice('search-zoe', "Zoë O'Brien-Lake");
    await createApprentice('search-ann', 'Ann Annabel');
  });

  it('finds by the start of any word of the name, in any case', async () => {
    expect(await idsOf('demo-owner', 'q=ami')).toEqual(['apprentice-1']);
    expect(await idsOf('demo-owner', 'q=AMI')).toEqual(['apprentice-1']);
    expect(await idsOf('demo-owner', 'q=amira%20apprentice')).toEqual(['apprentice-1']);
    // The surname: every demo apprentice is "… Apprentice".
    expect(await idsOf('demo-owner', 'q=app&limit=100')).toEqual(demoApprentices);
    expect(await idsOf('demo-owner', 'q=turn')).toEqual(['search-turnbull']);
    // Not inside a word.
    expect(await idsOf('demo-owner', 'q=mira')).toEqual([]);
  });

  it('needs every word searched for to start a word of the name, in any order', async () => {
    expect((await idsOf('demo-owner', 'q=alan%20tur')).sort()).toEqual(['search-tura', 'search-turnbull']);
    expect(await idsOf('demo-owner', 'q=alan%20smi')).toEqual(['search-smith']);
    expect(await idsOf('demo-owner', 'q=smi%20alan')).toEqual(['search-smith']);
    expect(await idsOf('demo-owner', 'q=alan%20x')).toEqual([]);
  });

  it('folds accents and splits on punctuation; a name two of whose words match is listed once', async () => {
    expect(await idsOf('demo-owner', 'q=zoe')).toEqual(['search-zoe']);
    expect(await idsOf('demo-owner', 'q=o%20bri')).toEqual(['search-zoe']);
    expect(await idsOf('demo-owner', 'q=lake')).toEqual(['search-zoe']);
    expect(await idsOf('demo-owner', 'q=ann')).toEqual(['search-ann']);
  });

  it('searches a linked caller’s apprentices the same way, and no others', async () => {
    expect(await idsOf('demo-provider', 'q=esm')).toEqual(['apprentice-5']);
    expect(await idsOf('demo-provider', 'q=apprentice%20f')).toEqual(['apprentice-6']);
    expect(await idsOf('demo-provider', 'q=ben')).toEqual([]);
    expect(await idsOf('apprentice-1', 'q=ben')).toEqual([]);
  });

  it('filters by gateway stage', async () => {
    expect(await idsOf('demo-owner', 'q=apprentice&gatewayStatus=submitted')).toEqual(['apprentice-5']);
    expect(await idsOf('demo-owner', 'q=apprentice&gatewayStatus=notSubmitted')).toEqual(['apprentice-6']);
    expect(await idsOf('demo-provider', 'gatewayStatus=approved')).toEqual(['apprentice-1']);
  });

  it('refuses a stage, meeting or limit it does not know with 400 naming the field', async () => {
    for (const [query, path] of [
      ['gatewayStatus=done', 'query.gatewayStatus'],
      ['meeting=cancelled', 'query.meeting'],
      ['limit=0', 'query.limit'],
      ['limit=101', 'query.limit'],
      ['colour=red', 'query'],
    ] as const) {
      const answer = await api.get(`/apprentices?${query}`, owner);
      expect(answer.status, query).toBe(400);
      expect(answer.body.errors.map((error: { path: string }) => error.path).join(' '), query).toContain(path);
    }
  });
});

describe('the planning meeting listing: pages', () => {
  beforeAll(async () => {
    for (let index = 1; index <= 7; index += 1) await createApprentice(`page-${index}`, `Paige Pager${index}`);
  });

  it('pages through every apprentice once, in name order, by its cursors', async () => {
    const all = await idsOf('demo-owner', 'limit=100');
    const paged = await listAll('demo-owner', 'q=', 3);
    expect(paged.ids).toEqual(all);
    expect(paged.pages).toBeGreaterThan(3);
    const names = (await list('demo-owner', 'limit=100')).map((row) => row.name.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('pages a search, and a search with a filter', async () => {
    expect((await listAll('demo-owner', 'q=pag', 2)).ids).toEqual(['page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6', 'page-7']);
    const approved = await listAll('demo-owner', 'q=p&gatewayStatus=approved', 2);
    expect(approved.ids.filter((id) => id.startsWith('page-'))).toHaveLength(7);
  });

  it('refuses a cursor of another listing or one made up with 400 naming cursor', async () => {
    const first = (await api.get('/apprentices?q=pag&limit=2', owner)).body;
    expect(first.cursor).toEqual(expect.any(String));
    for (const query of [`q=amira&cursor=${first.cursor}`, `cursor=${first.cursor}`, 'cursor=bm90LWEtY3Vyc29y']) {
      const answer = await api.get(`/apprentices?${query}`, owner);
      expect(answer.status, query).toBe(400);
      expect(answer.body.errors[0].path).toBe('cursor');
    }
    // A linked caller's cursor is bound to its own partition.
    const provider = (await api.get('/apprentices?limit=1', { as: 'demo-provider' })).body;
    expect((await api.get(`/apprentices?cursor=${provider.cursor}`, { as: 'demo-employer' })).status).toBe(400);
    expect((await api.get(`/apprentices?cursor=${provider.cursor}`, { as: 'demo-provider' })).body.items.map((row: Row) => row.id)).toEqual(['apprentice-5', 'apprentice-6']);
  });
});

describe('the planning meeting listing: kept in step', () => {
  it('finds a renamed apprentice by the new name and not by the old', async () => {
    await createApprentice('rename-1', 'Rosalind Franklin');
    expect(await idsOf('demo-owner', 'q=rosa')).toEqual(['rename-1']);
    const user = (await api.get('/users/rename-1', owner)).body;
    ok(await api.put('/users/rename-1', { ...owner, body: { ...user, name: 'Dorothy Hodgkin' } }));
    expect(await idsOf('demo-owner', 'q=rosa')).toEqual([]);
    expect(await idsOf('demo-owner', 'q=franklin')).toEqual([]);
    expect(await idsOf('demo-owner', 'q=dor%20hod')).toEqual(['rename-1']);
    expect((await list('demo-owner', 'q=hodgkin'))[0]!.name).toBe('Dorothy Hodgkin');
    // The apprentice sees itself under the new name, and the change of e-mail alone changes nothing of the listing.
    expect((await list('rename-1'))[0]!.name).toBe('Dorothy Hodgkin');
    ok(await api.put('/users/rename-1', { ...owner, body: { ...user, name: 'Dorothy Hodgkin', email: 'dorothy@example.org', version: undefined } }));
    expect(await idsOf('demo-owner', 'q=dor')).toEqual(['rename-1']);
  });

  it('moves an apprentice whose record changes stage or EPA between the filters and the EPAs’ listings', async () => {
    await createApprentice('moves-1', 'Mo Mover', { epaId: 'epa-1', gateway: { status: 'notSubmitted', estimatedEpaDate: '2027-04-01' } });
    expect(await idsOf('demo-owner', 'q=mover&gatewayStatus=notSubmitted')).toEqual(['moves-1']);
    expect(await idsOf('epa-1', 'q=mover')).toEqual(['moves-1']);
    expect(await idsOf('epa-2', 'q=mover')).toEqual([]);

    const record = (await api.get('/apprentices/moves-1', owner)).body;
    ok(await api.put('/apprentices/moves-1', { ...owner, body: { ...record, epaId: 'epa-2', gateway: { status: 'submitted', submittedDate: '2027-01-04' } } }));
    expect(await idsOf('demo-owner', 'q=mover&gatewayStatus=notSubmitted')).toEqual([]);
    expect(await list('demo-owner', 'q=mover&gatewayStatus=submitted')).toEqual([
      expect.objectContaining({
        id: 'moves-1',
        epaId: 'epa-2',
        epaName: 'Grace Hopper',
        gateway: { status: 'submitted', estimatedEpaDate: null, submittedDate: '2027-01-04', auditSubmittedDate: null },
      }),
    ]);
    expect(await idsOf('epa-1', 'q=mover')).toEqual([]);
    expect(await idsOf('epa-2', 'q=mover')).toEqual(['moves-1']);
  });

  it('adds and drops an apprentice from a provider’s listing as the record links and unlinks it', async () => {
    await createApprentice('linked-1', 'Linus Linked');
    expect(await idsOf('demo-provider', 'q=linus')).toEqual([]);
    const record = (await api.get('/apprentices/linked-1', owner)).body;
    const linked = ok(await api.put('/apprentices/linked-1', { ...owner, body: { ...record, providerUserIds: ['demo-provider'] } })).body;
    expect(await idsOf('demo-provider', 'q=linus')).toEqual(['linked-1']);
    expect(await idsOf('demo-employer', 'q=linus')).toEqual([]);
    ok(await api.put('/apprentices/linked-1', { ...owner, body: { ...linked, providerUserIds: [], employerUserIds: ['demo-employer'] } }));
    expect(await idsOf('demo-provider', 'q=linus')).toEqual([]);
    expect(await idsOf('demo-employer', 'q=linus')).toEqual(['linked-1']);
  });

  it('shows the EPA’s current name', async () => {
    const epa = (await api.get('/users/epa-3', owner)).body;
    await createApprentice('epa-named-1', 'Nell Named', { epaId: 'epa-3' });
    expect((await list('demo-owner', 'q=nell'))[0]!.epaName).toBe('Alan Turing');
    ok(await api.put('/users/epa-3', { ...owner, body: { ...epa, name: 'Alan M. Turing' } }));
    expect((await list('demo-owner', 'q=nell'))[0]!.epaName).toBe('Alan M. Turing');
    const renamed = (await api.get('/users/epa-3', owner)).body;
    ok(await api.put('/users/epa-3', { ...owner, body: { ...renamed, name: 'Alan Turing' } }));
  });

  it('shows the current planning meeting as it is booked, approved, rescheduled and cancelled, and filters by it', async () => {
    await createApprentice('booked-1', 'Bea Booked');
    const slots = (await api.get('/apprentices/booked-1/planning-meeting-slots?from=2027-01-11&to=2027-01-15', owner)).body.slots as Array<{ start: string }>;
    expect(slots.length).toBeGreaterThan(2);
    expect(await idsOf('demo-owner', 'q=bea&meeting=none')).toEqual(['booked-1']);

    const booked = await api.post('/planning-meetings', { ...owner, body: { apprenticeId: 'booked-1', start: slots[0]!.start, status: 'provisional' } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const meetingId = booked.body.id as string;
    expect((await list('demo-owner', 'q=bea'))[0]!.planningMeeting).toEqual({ id: meetingId, status: 'provisional', start: slots[0]!.start });
    expect(await idsOf('demo-owner', 'q=bea&meeting=provisional')).toEqual(['booked-1']);
    expect(await idsOf('demo-owner', 'q=bea&meeting=none')).toEqual([]);
    expect(await idsOf('demo-owner', 'q=bea&meeting=confirmed')).toEqual([]);
    // Without a search, the apprentices with such a meeting are read from their meetings' markers.
    expect(await idsOf('demo-owner', 'meeting=provisional')).toEqual(['booked-1']);
    expect(await idsOf('demo-owner', 'meeting=confirmed')).toEqual([]);
    // The apprentice sees its own meeting too.
    expect((await list('booked-1'))[0]!.planningMeeting).toEqual({ id: meetingId, status: 'provisional', start: slots[0]!.start });

    ok(await api.post(`/planning-meetings/${meetingId}/approve`, { ...owner, body: {} }));
    expect((await list('demo-owner', 'q=bea'))[0]!.planningMeeting).toEqual({ id: meetingId, status: 'confirmed', start: slots[0]!.start });
    expect(await idsOf('demo-owner', 'q=bea&meeting=confirmed')).toEqual(['booked-1']);
    expect(await idsOf('demo-owner', 'meeting=confirmed')).toEqual(['booked-1']);
    expect(await idsOf('demo-owner', 'meeting=provisional')).toEqual([]);

    ok(await api.patch(`/planning-meetings/${meetingId}`, { ...owner, body: { start: slots[2]!.start } }));
    expect((await list('demo-owner', 'q=bea'))[0]!.planningMeeting).toEqual({ id: meetingId, status: 'confirmed', start: slots[2]!.start });

    ok(await api.post(`/planning-meetings/${meetingId}/cancel`, { ...owner, body: {} }));
    expect((await list('demo-owner', 'q=bea'))[0]!.planningMeeting).toBeNull();
    expect(await idsOf('demo-owner', 'q=bea&meeting=none')).toEqual(['booked-1']);
    expect(await idsOf('demo-owner', 'q=bea&meeting=confirmed')).toEqual([]);
    expect(await idsOf('demo-owner', 'meeting=confirmed')).toEqual([]);
  });

  it('lists the apprentices with a provisional meeting soonest first, a page at a time, within the stages asked for', async () => {
    const slots = (await api.get('/apprentices/page-1/planning-meeting-slots?from=2027-01-18&to=2027-01-22', owner)).body.slots as Array<{ start: string }>;
    const meetings: string[] = [];
    for (const [apprenticeId, slot] of [['page-3', 0], ['page-1', 1], ['page-2', 2]] as const) {
      const booked = await api.post('/planning-meetings', { ...owner, body: { apprenticeId, start: slots[slot]!.start, status: 'provisional' } });
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
      meetings.push(booked.body.id);
    }
    try {
      const paged = await listAll('demo-owner', 'meeting=provisional', 1);
      expect(paged.ids).toEqual(['page-3', 'page-1', 'page-2']);
      expect((await list('demo-owner', 'meeting=provisional')).map((row) => row.planningMeeting?.start)).toEqual([slots[0]!.start, slots[1]!.start, slots[2]!.start]);
      expect(await idsOf('demo-owner', 'meeting=provisional&gatewayStatus=submitted')).toEqual([]);
      expect(await idsOf('demo-owner', 'meeting=provisional&gatewayStatus=approved')).toEqual(['page-3', 'page-1', 'page-2']);
      // A cursor of the name order is not one of this listing's.
      const byName = (await api.get('/apprentices?limit=1', owner)).body.cursor;
      expect((await api.get(`/apprentices?meeting=provisional&cursor=${byName}`, owner)).status).toBe(400);
    } finally {
      for (const meetingId of meetings) ok(await api.post(`/planning-meetings/${meetingId}/cancel`, { ...owner, body: {} }));
    }
    expect(await idsOf('demo-owner', 'meeting=provisional')).toEqual([]);
  });

  it('shows a rejected meeting as none, and a meeting booked by its provider', async () => {
    const slots = (await api.get('/apprentices/apprentice-5/planning-meeting-slots?from=2027-02-01&to=2027-02-05', owner)).body.slots as Array<{ start: string }>;
    const booked = await api.post('/planning-meetings', { as: 'demo-provider', body: { apprenticeId: 'apprentice-5', start: slots[0]!.start, status: 'provisional' } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect((await list('demo-provider', 'q=esme'))[0]!.planningMeeting).toMatchObject({ id: booked.body.id, status: 'provisional' });
    expect(await idsOf('demo-provider', 'meeting=provisional')).toEqual(['apprentice-5']);
    ok(await api.post(`/planning-meetings/${booked.body.id}/reject`, { ...owner, body: { reason: 'Not yet' } }));
    expect((await list('demo-provider', 'q=esme'))[0]!.planningMeeting).toBeNull();
  });
});
