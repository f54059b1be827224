import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../web/content-security-policy.ts';
import { accessibilityViolations, ensureBuilt, openBrowser, screenshot, type Screens } from './browser-support.ts';

// A customer stack's screens, with the customer's OIDC issuer and the API on origins of
// their own (as behind CloudFront): the built app signs in with the authorization-code
// flow and PKCE, then calls the API with the access token. The issuer and the API are
// stand-ins here; the app and its sign-in library are the real ones.
const dist = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const listen = async (handle: (request: IncomingMessage, response: ServerResponse, body: string) => void): Promise<{ server: Server; origin: string }> => {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => handle(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};

describe('signing in to the screens with the customer’s OIDC issuer', () => {
  const key = new TextEncoder().encode('a test signing key of the stand-in issuer');
  const seen = { challenge: '', method: '', verifierMatched: false, apiAuthorization: [] as string[] };
  let site: Awaited<ReturnType<typeof listen>>;
  let issuer: Awaited<ReturnType<typeof listen>>;
  let api: Awaited<ReturnType<typeof listen>>;
  let screens: Screens;

  beforeAll(async () => {
    await ensureBuilt();
    const cors = (origin: string) => ({ 'access-control-allow-origin': origin, 'access-control-allow-headers': 'authorization, content-type, if-match, idempotency-key', 'access-control-expose-headers': 'etag' });
    issuer = await listen(async (request, response, body) => {
      const url = new URL(request.url ?? '/', issuer.origin);
      const allow = cors(site.origin);
      if (request.method === 'OPTIONS') return json(response, 204, {}, allow);
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(response, 200, { issuer: issuer.origin, authorization_endpoint: `${issuer.origin}/authorize`, token_endpoint: `${issuer.origin}/token`, jwks_uri: `${issuer.origin}/jwks`, response_types_supported: ['code'], code_challenge_methods_supported: ['S256'] }, allow);
      }
      if (url.pathname === '/authorize') {
        // The person signs in at the issuer; here the issuer says yes at once.
        seen.challenge = url.searchParams.get('code_challenge') ?? '';
        seen.method = url.searchParams.get('code_challenge_method') ?? '';
        response.writeHead(302, { location: `${url.searchParams.get('redirect_uri')}?code=the-code&state=${url.searchParams.get('state')}` });
        return response.end();
      }
      if (url.pathname === '/token' && request.method === 'POST') {
        const form = new URLSearchParams(body);
        seen.verifierMatched = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') === seen.challenge;
        if (form.get('code') !== 'the-code' || !seen.verifierMatched) return json(response, 400, { error: 'invalid_grant' }, allow);
        const claims = { sub: 'epa-1', name: 'Ada Lovelace', 'cognito:groups': ['epa'] };
        const sign = (audience: string) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer.origin).setAudience(audience).setIssuedAt().setExpirationTime('1h').sign(key);
        return json(response, 200, { access_token: await sign('planning-meetings-api'), id_token: await sign('screens'), token_type: 'Bearer', expires_in: 3600 }, allow);
      }
      json(response, 404, { error: 'not_found' }, allow);
    });
    api = await listen((request, response) => {
      const allow = cors(site.origin);
      if (request.method === 'OPTIONS') return json(response, 204, {}, allow);
      seen.apiAuthorization.push(request.headers.authorization ?? '');
      const path = new URL(request.url ?? '/', api.origin).pathname;
      if (path === '/configuration/availability') return json(response, 200, { timeZone: 'Europe/London', minimumNotice: null, maximumAdvance: null, provisionalHoldHours: 72, nonWorkingDates: [], version: 1, updatedAt: '', updatedBy: '' }, allow);
      if (path === '/planning-meetings') return json(response, 200, { items: [], cursor: null }, allow);
      json(response, 404, { type: 'about:blank', title: 'Not found', status: 404, code: 'NOT_FOUND', detail: path }, allow);
    });
    site = await listen((request, response) => {
      const path = new URL(request.url ?? '/', site.origin).pathname;
      if (path === '/config.json') return json(response, 200, { apiUrl: api.origin, auth: { kind: 'oidc', authority: issuer.origin, clientId: 'screens', scope: 'openid profile', rolesClaim: 'cognito:groups' } });
      const file = join(dist, path === '/' ? 'index.html' : path);
      if (!existsSync(file)) return json(response, 404, {});
      // As CloudFront and index.html together allow: the site, the API and the issuer.
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'content-security-policy': contentSecurityPolicy([api.origin, issuer.origin]) });
      response.end(readFileSync(file));
    });
    screens = await openBrowser();
  }, 90_000);

  afterAll(async () => {
    await screens?.close();
    for (const { server } of [site, issuer, api].filter(Boolean)) await new Promise((resolve) => server.close(resolve));
  });

  it('signs in through the issuer with PKCE and calls the API with the access token', async () => {
    const { page } = screens;
    await page.goto(`${site.origin}/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(page, '14-sign-in-oidc');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Ada Lovelace · End-point assessor').waitFor();
    expect(seen.method).toBe('S256');
    expect(seen.verifierMatched).toBe(true);
    expect(new URL(page.url()).search).toBe('');
    // An EPA sees the screens of ManagePlanningMeetings, and the API sees the access token.
    await page.getByRole('heading', { name: 'Manage planning meetings' }).waitFor();
    // The heading can show before the screen's first request reaches the API.
    await expect.poll(() => seen.apiAuthorization.length, { timeout: 10_000 }).toBeGreaterThan(0);
    for (const header of seen.apiAuthorization) {
      const [, payload] = header.replace(/^Bearer /, '').split('.');
      expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())).toMatchObject({ sub: 'epa-1', aud: 'planning-meetings-api' });
    }
  });
});
