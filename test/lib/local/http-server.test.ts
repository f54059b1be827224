import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '#api/route.ts';
import { routes } from '#api/routes.ts';
import { createLocalServer } from '#local/http-server.ts';
import { LocalTokenIssuer } from '#local/local-auth.ts';

describe('the local server’s fallback for paths outside the API', () => {
  let server: Server;
  let base: string;
  const asked: string[] = [];

  beforeAll(async () => {
    server = createLocalServer({
      routes: routes as readonly Route[],
      handlers: new Map(),
      localRoutes: [{ method: 'GET', path: '/local/ping', handle: async () => ({ status: 200, body: { pong: true } }) }],
      issuer: LocalTokenIssuer.fromFile(undefined),
      clock: () => Date.parse('2027-01-06T10:00:00Z'),
      fallback: async ({ path }) => {
        asked.push(path);
        return path === '/' ? { status: 200, body: Buffer.from('<!doctype html><title>Planning</title>'), contentType: 'text/html; charset=utf-8' } : undefined;
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves what the fallback answers for a GET the route table does not know', async () => {
    const answer = await fetch(`${base}/`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await answer.text()).toBe('<!doctype html><title>Planning</title>');
  });

  it('answers a HEAD of a page as its GET, without the body', async () => {
    const answer = await fetch(`${base}/`, { method: 'HEAD' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await answer.text()).toBe('');
  });

  it('answers 404 as a problem when the fallback has nothing, and never asks it about other methods, API routes or local routes', async () => {
    asked.length = 0;
    const missing = await fetch(`${base}/no-such-page`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/users/someone`)).status).toBe(401);
    expect(await (await fetch(`${base}/local/ping`)).json()).toEqual({ pong: true });
    expect(asked).toEqual(['/no-such-page']);
  });
});
