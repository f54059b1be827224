import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemPagePath } from '#api/problem.ts';
import { routes } from '#api/routes.ts';
import { TestApi, type ApiAnswer } from '../support/api-client.ts';

/**
 * The HTTP conventions every answer follows (RFC 9110, 9111, 6750, 9457), through the local
 * host, which runs the same frame as the Lambda functions.
 */
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => Date.parse('2026-12-02T10:00:00Z') });
});
afterAll(() => api.close());

const booking = { status: 'confirmed', apprenticeId: 'apprentice-2', epaId: 'epa-2', start: '2027-01-04T10:00:00Z' };
let booked: Promise<ApiAnswer> | undefined;
/** The one meeting these tests book (an apprentice has one at a time), booked by the first test that needs it. */
const bookOnce = (): Promise<ApiAnswer> =>
  (booked ??= api.post('/planning-meetings', { as: 'demo-owner', body: booking, headers: { 'idempotency-key': 'conventions-1' } }));

const methodsOf = (path: string): string[] => routes.filter((route) => route.path === path).map((route) => route.method).sort();
const allowOf = (answer: ApiAnswer): string[] => (answer.headers.get('allow') ?? '').split(',').map((method) => method.trim()).filter(Boolean).sort();

describe('201 Created', () => {
  it('names the created meeting in Location, which reads it back; a replay names it again', async () => {
    const booked = await bookOnce();
    expect(booked.status).toBe(201);
    expect(booked.headers.get('location')).toBe(`/planning-meetings/${booked.body.id}`);
    const read = await api.get(booked.headers.get('location')!, { as: 'demo-owner' });
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(booked.body.id);

    const replayed = await api.post('/planning-meetings', { as: 'demo-owner', body: booking, headers: { 'idempotency-key': 'conventions-1' } });
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.headers.get('location')).toBe(booked.headers.get('location'));
  });
});

describe('405 Method Not Allowed', () => {
  it.each([
    ['PATCH', '/users/someone', '/users/{userId}'],
    ['DELETE', '/planning-meetings', '/planning-meetings'],
    ['PUT', '/planning-meetings/m-1/approve', '/planning-meetings/{meetingId}/approve'],
    ['POST', '/health', '/health'],
  ])('%s %s lists the path’s methods of the route table in Allow', async (method, path, template) => {
    const answer = await api.request(method, path, { as: 'demo-owner' });
    expect(answer.status).toBe(405);
    expect(answer.body.code).toBe('METHOD_NOT_ALLOWED');
    expect(allowOf(answer)).toEqual(methodsOf(template));
  });

  it('comes before authentication, as API Gateway’s ANY route has no authorizer', async () => {
    expect((await api.request('PATCH', '/users/someone')).status).toBe(405);
  });
});

describe('401 Unauthorized', () => {
  it('without a token: WWW-Authenticate names the Bearer scheme', async () => {
    const answer = await api.get('/users/demo-owner');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('with a token that is refused: invalid_token', async () => {
    const answer = await api.get('/users/demo-owner', { headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJkZW1vLW93bmVyIn0.' } });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });
});

describe('headers on every API answer', () => {
  const answers: Array<[string, () => Promise<ApiAnswer>]> = [
    ['a JSON answer', () => api.get('/users/demo-owner', { as: 'demo-owner' })],
    ['a list', () => api.get('/planning-meetings?apprenticeId=apprentice-2', { as: 'demo-owner' })],
    ['the health check', () => api.get('/health')],
    ['a 400 problem', () => api.get('/capacity?from=never&to=2027-01-08', { as: 'demo-owner' })],
    ['a 401 problem', () => api.get('/users/demo-owner')],
    ['a 403 problem', () => api.get('/configuration/permissions', { as: 'apprentice-1' })],
    ['a 404 problem', () => api.get('/nowhere', { as: 'demo-owner' })],
    ['a 405 problem', () => api.request('PATCH', '/users/someone', { as: 'demo-owner' })],
    ['a 415 problem', () => api.put('/users/x', { as: 'demo-owner', rawBody: '{}', headers: { 'content-type': 'text/plain' } })],
    ['a local token', () => api.post('/local/token', { body: { userId: 'epa-1' } })],
  ];

  it.each(answers)('%s: Cache-Control: no-store and X-Content-Type-Options: nosniff', async (_name, send) => {
    const answer = await send();
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('the calendar.ics download as well', async () => {
    const booked = await bookOnce();
    expect(booked.status).toBe(201);
    const invite = await api.get(`/planning-meetings/${booked.body.id}/calendar.ics`, { as: 'demo-owner' });
    expect(invite.status).toBe(200);
    expect(invite.contentType).toContain('text/calendar');
    expect(invite.headers.get('cache-control')).toBe('no-store');
    expect(invite.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('problem types', () => {
  const built = fileURLToPath(new URL('../../web/dist/', import.meta.url));

  beforeAll(async () => {
    // `npm test` builds the screens first; a run of this file alone on a fresh clone builds them here.
    if (existsSync(join(built, problemPagePath('NOT_FOUND')))) return;
    const { build } = await import('vite');
    await build({ configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)), logLevel: 'error' });
  }, 120_000);

  it.each([
    ['NOT_FOUND', () => api.get('/nowhere', { as: 'demo-owner' })],
    ['VALIDATION_FAILED', () => api.get('/capacity?from=never&to=2027-01-08', { as: 'demo-owner' })],
    ['UNAUTHENTICATED', () => api.get('/users/demo-owner')],
    ['METHOD_NOT_ALLOWED', () => api.request('PATCH', '/users/someone', { as: 'demo-owner' })],
  ] as const)('%s: the type is an absolute URI of a page saying what the code means', async (code, send) => {
    const answer = await send();
    expect(answer.body.code).toBe(code);
    expect(answer.body.type).toBe(`${api.host.url}${problemPagePath(code)}`);
    const page = await fetch(answer.body.type, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain(`<code>${code}</code>`);
    expect(html).toContain(`<h1>${answer.body.title}</h1>`);
  });
});
