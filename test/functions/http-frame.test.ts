import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../support/api-client.ts';

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(() => api.close());

const user = { name: 'Bad Input', email: 'bad@example.org', roles: ['epa'] };

describe('bad input gets a clear 4xx and changes nothing', () => {
  it('malformed JSON → 400', async () => {
    const answer = await api.put('/users/frame-1', { as: 'demo-owner', rawBody: '{"name": ', headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
  });

  it('a wrong content type → 415', async () => {
    const answer = await api.put('/users/frame-1', { as: 'demo-owner', rawBody: JSON.stringify(user), headers: { 'content-type': 'text/plain' } });
    expect(answer.status).toBe(415);
    expect(answer.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a missing body → 400', async () => {
    const answer = await api.put('/users/frame-1', { as: 'demo-owner' });
    expect(answer.status).toBe(400);
  });

  it('a JSON array instead of an object → 400', async () => {
    expect((await api.put('/users/frame-1', { as: 'demo-owner', body: [user] })).status).toBe(400);
  });

  it('a body over 256 KB → 413', async () => {
    const answer = await api.put('/users/frame-1', { as: 'demo-owner', body: { ...user, name: 'x'.repeat(300 * 1024) } });
    expect(answer.status).toBe(413);
    expect(answer.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a body over the local read limit → 413 without reading it all', async () => {
    const answer = await api.put('/users/frame-1', { as: 'demo-owner', rawBody: 'x'.repeat(3 * 1024 * 1024), headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(413);
  });

  it('a malformed If-Match → 400', async () => {
    const answer = await api.put('/users/frame-1', { as: 'demo-owner', body: user, headers: { 'if-match': 'yesterday' } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].path).toBe('If-Match');
  });

  it('a body where none is taken → 400', async () => {
    expect((await api.delete('/groups/any', { as: 'demo-owner', body: { force: true } })).status).toBe(400);
  });

  it('an unknown route → 404 and a wrong method → 405, both problem+json', async () => {
    const unknown = await api.get('/nowhere', { as: 'demo-owner' });
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toBe('application/problem+json');
    expect((await api.request('PATCH', '/users/x', { as: 'demo-owner' })).status).toBe(405);
  });

  it('a forged or expired token → 401', async () => {
    const forged = await api.get('/users/demo-owner', { headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJkZW1vLW93bmVyIn0.' } });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('UNAUTHENTICATED');
  });

  it('none of the refused requests stored anything', async () => {
    expect((await api.get('/users/frame-1', { as: 'demo-owner' })).status).toBe(404);
  });

  it('GET /health needs no token', async () => {
    const answer = await api.get('/health');
    expect(answer).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});

describe('local tokens', () => {
  it('POST /local/token signs a token for a directory user and refuses unknown users', async () => {
    const issued = await api.post('/local/token', { body: { userId: 'epa-1' } });
    expect(issued.status).toBe(200);
    const read = await api.get('/users/epa-1', { headers: { authorization: `Bearer ${issued.body.token}` } });
    expect(read.status).toBe(200);
    expect((await api.post('/local/token', { body: { userId: 'ghost' } })).status).toBe(404);
    expect((await api.post('/local/token', { body: {} })).status).toBe(400);
  });
});

const badDates = ['not-a-date', 'tomorrow', '20261209', '2026-12-09T00:00:00Z', '2027-02-29', '0000-01-01', '9999-12-31'];

/** A 400 problem whose errors name exactly these paths. */
const expectRefused = (answer: { status: number; contentType: string; body: any }, paths: string[]) => {
  expect(answer.status).toBe(400);
  expect(answer.contentType).toBe('application/problem+json');
  expect(answer.body.code).toBe('VALIDATION_FAILED');
  expect(answer.body.errors.map((error: { path: string }) => error.path)).toEqual(paths);
};

describe('dates, instants and ranges: a 400 naming the field (SPEC §6), never a 503', () => {
  const queries: Array<[string, (from: string, to: string) => string, string]> = [
    ['slots', (from, to) => `/apprentices/apprentice-1/planning-meeting-slots?from=${from}&to=${to}`, 'demo-owner'],
    ['planning meetings', (from, to) => `/planning-meetings?status=confirmed&from=${from}&to=${to}`, 'demo-owner'],
    ['capacity', (from, to) => `/capacity?from=${from}&to=${to}`, 'demo-owner'],
  ];

  for (const [name, url, as] of queries) {
    it.each(badDates)(`${name}: from=%s → 400 naming query.from`, async (date) => {
      expectRefused(await api.get(url(encodeURIComponent(date), '2027-01-08'), { as }), ['query.from']);
    });
    it.each(badDates)(`${name}: to=%s → 400 naming query.to`, async (date) => {
      expectRefused(await api.get(url('2027-01-04', encodeURIComponent(date)), { as }), ['query.to']);
    });
    it(`${name}: to before from → 400 naming query.to`, async () => {
      const answer = await api.get(url('2027-01-08', '2027-01-04'), { as });
      expectRefused(answer, ['query.to']);
      expect(answer.body.errors[0].message).toBe('must not be before from');
    });
    it(`${name}: a range too wide → 400 naming query.to`, async () => {
      expectRefused(await api.get(url('2027-01-04', '2028-02-04'), { as }), ['query.to']);
    });
    it(`${name}: from given twice → 400 naming query.from`, async () => {
      const answer = await api.get(`${url('2027-01-04', '2027-01-08')}&from=2027-01-05`, { as });
      expectRefused(answer, ['query.from']);
      expect(answer.body.errors[0].message).toBe('must be given once');
    });
  }

  it('the capacity of the year 9999 is refused at once rather than computed', async () => {
    expectRefused(await api.get('/capacity?from=9999-12-31&to=9999-12-31', { as: 'demo-owner' }), ['query.from', 'query.to']);
    expectRefused(await api.get('/capacity?from=0000-01-01&to=0000-01-01', { as: 'demo-owner' }), ['query.from', 'query.to']);
  });

  it('a parameter named __proto__ is refused as unknown, not lost', async () => {
    const answer = await api.get('/me/notifications?__proto__=x', { as: 'demo-owner' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ path: 'query', message: 'unknown field(s): __proto__' }]);
  });

  it('the same parameter twice is refused even when both values agree', async () => {
    expectRefused(await api.get('/me/notifications?limit=5&limit=5', { as: 'demo-owner' }), ['query.limit']);
  });

  it.each(['0x10', '1e1', '%2016', '16.0', '', '0', '101', '-1', '99999999999999999999'])('a page size of "%s" → 400 naming limit', async (limit) => {
    const answer = await api.get(`/me/notifications?limit=${limit}`, { as: 'demo-owner' });
    expectRefused(answer, ['query.limit']);
    expect(answer.body.errors[0].message).toBe('must be a whole number from 1 to 100');
  });

  it('a page size in digits is taken, and so is none (the default: PageLimit, primitives.test.ts)', async () => {
    expect((await api.get('/me/notifications?limit=100', { as: 'demo-owner' })).status).toBe(200);
    expect((await api.get('/planning-meetings?status=confirmed&limit=200', { as: 'demo-owner' })).status).toBe(200);
    expect((await api.get('/me/notifications', { as: 'demo-owner' })).status).toBe(200);
  });

  it.each(['2027-01-04T09:00:00+99:99', '2027-01-04T09:00:00+24:00', '0001-01-04T09:00:00Z', '9999-01-04T09:00:00Z', '2027-01-04', 'not-a-date'])(
    'a direct booking starting %s → 400 naming start',
    async (start) => {
      const answer = await api.post('/planning-meetings', { as: 'demo-owner', body: { status: 'confirmed', apprenticeId: 'apprentice-2', epaId: 'epa-2', start } });
      expectRefused(answer, ['start']);
    },
  );

  it.each(badDates)('nonWorkingDates with %s → 400 naming the item', async (date) => {
    const answer = await api.put('/configuration/availability', { as: 'demo-owner', body: { nonWorkingDates: ['2027-01-01', date] } });
    expectRefused(answer, ['nonWorkingDates.1']);
  });

  it.each(badDates)('an availability override on %s → 400 naming the override date', async (date) => {
    const answer = await api.put('/users/epa-3/availability', {
      as: 'demo-owner',
      body: { weekly: {}, overrides: [{ date: '2027-01-04', intervals: [] }, { date, intervals: [] }] },
    });
    expectRefused(answer, ['overrides.1.date']);
  });

  it('none of them changed the configuration or the schedule', async () => {
    const configuration = await api.get('/configuration/availability', { as: 'demo-owner' });
    expect(configuration.body.version).toBe(1);
    expect((await api.get('/users/epa-3/availability', { as: 'demo-owner' })).body.version).toBe(1);
    expect((await api.get('/planning-meetings?apprenticeId=apprentice-2', { as: 'demo-owner' })).body.items).toEqual([]);
  });
});

describe('the work of a request stays proportional to its answer', () => {
  it('a capacity view of more than 3000 EPA-days is refused, saying how many days the group allows', async () => {
    const memberIds = Array.from({ length: 33 }, (_, index) => `bound-epa-${index}`);
    for (const id of memberIds) {
      expect((await api.put(`/users/${id}`, { as: 'demo-owner', body: { name: id, email: `${id}@example.org`, roles: ['epa'] } })).status).toBe(200);
    }
    expect((await api.put('/groups/bound-group', { as: 'demo-owner', body: { name: 'Big group', memberIds } })).status).toBe(200);
    const tooMany = await api.get('/capacity?groupId=bound-group&from=2027-01-01&to=2027-04-02', { as: 'demo-owner' });
    expectRefused(tooMany, ['query.to']);
    expect(tooMany.body.errors[0].message).toBe('33 EPAs allow at most 90 days at once; ask for fewer days, or for one EPA');
    const allowed = await api.get('/capacity?groupId=bound-group&from=2027-01-01&to=2027-03-31', { as: 'demo-owner' });
    expect(allowed.status).toBe(200);
    expect(allowed.body.days).toHaveLength(33 * 90);
  });
});

describe('bodies that are wrong in one place say where', () => {
  it('a capacity batch with one malformed item is refused, naming the item and the allowed actions', async () => {
    const answer = await api.post('/capacity/changes', {
      as: 'demo-owner',
      body: { items: [{ action: 'approve', meetingId: 'm-1', ifVersion: 1 }, { action: 'delete', meetingId: 'm-2', ifVersion: 1 }] },
    });
    expectRefused(answer, ['items.1.action']);
    expect(answer.body.errors[0].message).toBe('must be one of approve, reject, reassign, reschedule');
  });

  it('a booking without a known status names the statuses', async () => {
    const answer = await api.post('/planning-meetings', { as: 'demo-owner', body: { status: 'tentative', apprenticeId: 'apprentice-2', start: '2027-01-04T09:00:00Z' } });
    expectRefused(answer, ['status']);
    expect(answer.body.errors[0].message).toMatch(/provisional.*confirmed/);
  });

  it('an attendee of one kind answers the errors of that kind', async () => {
    const guest = await api.post('/planning-meetings/any/attendees', { as: 'demo-owner', body: { guest: { name: 'Gus' } } });
    expectRefused(guest, ['guest.email']);
    const neither = await api.post('/planning-meetings/any/attendees', { as: 'demo-owner', body: {} });
    expectRefused(neither, ['(body)']);
    expect(neither.body.errors[0].message).toBe('send one of userId, shortcut (workplaceMentor or onProgrammeAssessor) or guest');
  });
});

describe('bad headers are a 4xx problem, never a 5xx', () => {
  const user = { name: 'Header Test', email: 'header@example.org', roles: ['epa'] };
  it.each([
    ['content-type', 'text/plain', 415],
    ['content-type', 'application/jsonx', 415],
    ['content-type', 'multipart/form-data; boundary=x', 415],
    ['if-match', '"1", "2"', 400],
    ['if-match', 'W/', 400],
    ['if-match', '"99999999999"', 400],
    ['if-match', '\u00ff', 400],
  ])('%s: %j → %i', async (name, value, status) => {
    const answer = await api.put('/users/header-1', { as: 'demo-owner', body: user, headers: { [name]: value } });
    expect(answer.status).toBe(status);
    expect(answer.contentType).toBe('application/problem+json');
  });

  it.each(['', 'a b', 'x'.repeat(256), '\u00e9t\u00e9'])('Idempotency-Key %j → 400 naming it', async (key) => {
    const answer = await api.post('/planning-meetings', {
      as: 'demo-owner',
      body: { status: 'confirmed', apprenticeId: 'apprentice-2', epaId: 'epa-2', start: '2027-01-04T09:00:00Z' },
      headers: { 'idempotency-key': key },
    });
    expectRefused(answer, ['Idempotency-Key']);
  });

  it.each(['Bearer', 'Bearer garbage', 'Basic ZGVtbzpkZW1v', 'Token abc', 'Bearer a.b.c', 'bearer'])('Authorization %j → 401', async (authorization) => {
    const answer = await api.get('/users/demo-owner', { headers: { authorization } });
    expect(answer.status).toBe(401);
    expect(answer.contentType).toBe('application/problem+json');
  });

  it('none of them stored the user or booked a meeting', async () => {
    expect((await api.get('/users/header-1', { as: 'demo-owner' })).status).toBe(404);
    expect((await api.get('/planning-meetings?apprenticeId=apprentice-2', { as: 'demo-owner' })).body.items).toEqual([]);
  });
});
