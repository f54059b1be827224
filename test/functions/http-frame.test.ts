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
