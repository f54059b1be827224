import type { AddressInfo } from 'node:net';
import { request as httpRequest, type Server } from 'node:http';
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

describe('the local server answers only requests addressed to this machine (DNS rebinding)', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createLocalServer({
      routes: routes as readonly Route[],
      handlers: new Map([['health', async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}' })]]),
      localRoutes: [{ method: 'POST', path: '/local/token', handle: async () => ({ status: 200, body: { token: 'a token' } }) }],
      issuer: LocalTokenIssuer.fromFile(undefined),
      clock: () => Date.parse('2027-01-06T10:00:00Z'),
      fallback: async () => ({ status: 200, body: '<!doctype html><title>Planning</title>', contentType: 'text/html; charset=utf-8' }),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** fetch sets Host from the URL; a rebinding page's request carries the page's own name. */
  const send = (method: string, path: string, host: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const sent = httpRequest({ host: '127.0.0.1', port, method, path, headers: { host, 'content-type': 'application/json' } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      sent.on('error', reject);
      sent.end(method === 'POST' ? '{"userId":"demo-owner"}' : undefined);
    });

  const requests: Array<[string, string]> = [
    ['POST', '/local/token'],
    ['GET', '/'],
    ['GET', '/health'],
  ];

  it.each(['localhost', '127.0.0.1', '[::1]', 'LOCALHOST'])('answers for %s with the port', async (name) => {
    for (const [method, path] of requests) expect((await send(method, path, `${name}:${port}`)).status, `${method} ${path}`).toBe(200);
  });

  it.each([
    ['another name', 'attacker.example'],
    ['another name on this port', 'attacker.example:PORT'],
    ['a name ending like a local one', 'evil-localhost:PORT'],
    ['a local name as a subdomain', 'localhost.attacker.example:PORT'],
    ['an address of this machine other than loopback', '192.168.1.20:PORT'],
    ['a loopback name with a path trick', '127.0.0.1:PORT@attacker.example'],
  ])('refuses %s with 403, before reading anything', async (_case, host) => {
    for (const [method, path] of requests) {
      const answer = await send(method, path, host.replace('PORT', String(port)));
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'FORBIDDEN' });
      expect(answer.body).not.toContain('a token');
    }
  });
});

describe('405 from the route table', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createLocalServer({ routes: routes as readonly Route[], handlers: new Map(), localRoutes: [], issuer: LocalTokenIssuer.fromFile(undefined), clock: () => 0 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('lists every method the path has in the route table in Allow', async () => {
    for (const path of new Set(routes.map((route) => route.path))) {
      const methods = routes.filter((route) => route.path === path).map((route) => route.method);
      const other = ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'].find((method) => !methods.includes(method as never))!;
      const answer = await fetch(`${base}${path.replaceAll(/\{\w+\}/g, 'x')}`, { method: other });
      expect(answer.status, `${other} ${path}`).toBe(405);
      expect(answer.headers.get('allow')!.split(', ').sort(), path).toEqual([...methods].sort());
    }
  });
});
