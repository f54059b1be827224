import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../support/api-client.ts';

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(() => api.close());

const newUser = { name: 'Ada Lovelace', email: 'ada.l@example.org', phone: '+447700900123', roles: ['epa'], timeZone: 'Europe/London' };

describe('users', () => {
  it('creates, reads and versions a user, recording who changed it', async () => {
    const created = await api.put('/users/epa-9', { as: 'demo-owner', body: newUser });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: 'epa-9', ...newUser, version: 1, updatedBy: 'demo-owner' });
    expect(created.headers.get('etag')).toBe('"1"');

    const replaced = await api.put('/users/epa-9', { as: 'demo-owner', body: { ...newUser, name: 'Ada King' }, headers: { 'if-match': '"1"' } });
    expect(replaced.body).toMatchObject({ name: 'Ada King', version: 2 });

    const read = await api.get('/users/epa-9', { as: 'demo-owner' });
    expect(read.body).toMatchObject({ id: 'epa-9', name: 'Ada King', version: 2 });
  });

  it('refuses a stale If-Match with 412 and keeps the record', async () => {
    await api.put('/users/stale-1', { as: 'demo-owner', body: newUser });
    await api.put('/users/stale-1', { as: 'demo-owner', body: { ...newUser, name: 'Second' } });
    const stale = await api.put('/users/stale-1', { as: 'demo-owner', body: { ...newUser, name: 'Lost' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.contentType).toContain('application/problem+json');
    expect(stale.body.code).toBe('VERSION_MISMATCH');
    expect((await api.get('/users/stale-1', { as: 'demo-owner' })).body.name).toBe('Second');
  });

  it.each([
    ['an unknown field', { ...newUser, nickname: 'x' }, '(body)'],
    ['a missing name', { email: 'a@example.org', roles: ['epa'] }, 'name'],
    ['a bad email', { ...newUser, email: 'not-an-email' }, 'email'],
    ['an unknown role', { ...newUser, roles: ['wizard'] }, 'roles.0'],
    ['a bad time zone', { ...newUser, timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['a phone number that is not E.164', { ...newUser, phone: '07700 900123' }, 'phone'],
  ])('refuses %s with 400 naming the field, and stores nothing', async (_case, body, path) => {
    const answer = await api.put('/users/refused-1', { as: 'demo-owner', body });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION_FAILED');
    expect(answer.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    expect((await api.get('/users/refused-1', { as: 'demo-owner' })).status).toBe(404);
  });

  it('refuses an id outside the safe alphabet', async () => {
    const answer = await api.put('/users/bad%23id', { as: 'demo-owner', body: newUser });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].path).toBe('path.userId');
  });

  it('answers 401 without a token and 403 without ManageDirectory', async () => {
    expect((await api.put('/users/x-1', { body: newUser })).status).toBe(401);
    const forbidden = await api.put('/users/x-1', { as: 'epa-1', body: newUser });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
  });

  it('lets a user read themself but not someone else', async () => {
    expect((await api.get('/users/apprentice-1', { as: 'apprentice-1' })).status).toBe(200);
    expect((await api.get('/users/apprentice-2', { as: 'apprentice-1' })).status).toBe(403);
  });

  it('answers 404 for an unknown user', async () => {
    const answer = await api.get('/users/nobody', { as: 'demo-owner' });
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('NOT_FOUND');
  });
});

describe('apprentices', () => {
  const record = { standardId: 'ST0116', epaId: 'epa-1', aoContactId: 'demo-ao' };

  it('creates an apprentice record for a directory user with the apprentice role', async () => {
    await api.put('/users/app-9', { as: 'demo-owner', body: { name: 'Ann', email: 'ann@example.org', roles: ['apprentice'] } });
    const answer = await api.put('/apprentices/app-9', {
      as: 'demo-owner',
      body: { ...record, workplaceMentor: { name: 'Wendy', email: 'wendy@example.org' } },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: 'app-9', standardId: 'ST0116', epaId: 'epa-1', version: 1 });
    expect((await api.get('/apprentices/app-9', { as: 'app-9' })).body.workplaceMentor.name).toBe('Wendy');
  });

  it('refuses references that do not fit: unknown standard, an EPA without the epa role, no such user', async () => {
    const answer = await api.put('/apprentices/apprentice-2', {
      as: 'demo-owner',
      body: { standardId: 'NOPE', epaId: 'demo-ao', aoContactId: 'ghost' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['aoContactId', 'epaId', 'standardId']);
    expect((await api.get('/apprentices/apprentice-2', { as: 'demo-owner' })).body.standardId).toBe('ST0116');
  });

  it('refuses an apprentice record for a user who is not an apprentice', async () => {
    const answer = await api.put('/apprentices/epa-2', { as: 'demo-owner', body: record });
    expect(answer.status).toBe(400);
  });

  it('lets booking staff read an apprentice but not another apprentice', async () => {
    expect((await api.get('/apprentices/apprentice-1', { as: 'demo-provider' })).status).toBe(200);
    expect((await api.get('/apprentices/apprentice-1', { as: 'apprentice-2' })).status).toBe(403);
  });
});
