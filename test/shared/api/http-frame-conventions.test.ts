import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHttpHandler, type HttpEvent, type HttpResult } from '#api/http-handler.ts';
import { bookingsRoutes } from '#api/routes/bookings.ts';
import { capacityRoutes } from '#api/routes/capacity.ts';
import type { Dependencies } from '#ports/dependencies.ts';

/**
 * The frame's HTTP conventions against events shaped as API Gateway (HTTP API, payload
 * 2.0) sends them: what only the AWS front door produces (`ANY` routes, flattened claims,
 * header names in any case from a hand-made event) is tested here.
 */
const deps = {
  records: { configuration: async () => undefined },
  clock: () => Date.parse('2027-01-01T00:00:00Z'),
  logger: { log: () => undefined },
  rolesClaim: 'roles',
} as unknown as Dependencies;

const capacity = createHttpHandler(
  'capacity',
  capacityRoutes,
  {
    getBookingCapacity: async ({ caller }) => ({ body: { caller } as never }),
    saveCapacityChanges: async ({ idempotencyKey }) => ({ body: { results: [], idempotencyKey } as never }),
  },
  () => deps,
);

const bookings = createHttpHandler(
  'bookings',
  bookingsRoutes,
  new Proxy({} as never, { get: () => async () => ({ status: 201, body: { id: 'meeting/1 ü', version: 1 } }) }),
  () => deps,
);

/** A JWT as API Gateway's authorizer passed it: the frame reads its payload, never its signature. */
const tokenWith = (payload: Record<string, unknown>): string =>
  `Bearer ${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;

const WEEK = 'from=2027-01-04&to=2027-01-08';
const ownerClaims = { sub: 'owner-1', roles: '[owner]', exp: '1893456000' };

const eventOf = (routeKey: string, options: { rawPath?: string; query?: string; method?: string; headers?: Record<string, string>; claims?: Record<string, unknown>; body?: string } = {}): HttpEvent =>
  ({
    version: '2.0',
    routeKey,
    rawPath: options.rawPath ?? routeKey.split(' ')[1],
    rawQueryString: options.query ?? '',
    ...(options.query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(options.query)) } : {}),
    headers: options.headers ?? {},
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'request-1',
      routeKey,
      domainName: 'abc123.execute-api.eu-west-2.amazonaws.com',
      http: { method: options.method ?? routeKey.split(' ')[0] },
      authorizer: { jwt: { claims: options.claims ?? {}, scopes: [] } },
    },
  }) as unknown as HttpEvent;

const call = async (handler: typeof capacity, event: HttpEvent) => {
  const result = (await handler(event, { awsRequestId: 'request-1' } as Context)) as HttpResult;
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
  return { status: result.statusCode, headers, body: result.body ? (JSON.parse(result.body) as any) : undefined };
};

describe('405 for a path’s other methods (API Gateway’s ANY route)', () => {
  it('names the path’s methods in Allow, before any token is looked at', async () => {
    const answer = await call(capacity, eventOf('ANY /capacity', { method: 'DELETE' }));
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET');
    expect(answer.body).toMatchObject({ code: 'METHOD_NOT_ALLOWED', detail: 'DELETE is not allowed on /capacity' });
  });

  it('a path the group does not have stays 404', async () => {
    expect((await call(capacity, eventOf('ANY /planning-meetings', { method: 'DELETE' }))).status).toBe(404);
  });
});

describe('401: WWW-Authenticate (RFC 6750 §3)', () => {
  it('names the scheme when no token came', async () => {
    const answer = await call(capacity, eventOf('GET /capacity'));
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer');
  });

  it('says invalid_token when the token names no usable caller', async () => {
    const answer = await call(capacity, eventOf('GET /capacity', { claims: { sub: 'owner-1', roles: '[owner]' }, headers: { authorization: tokenWith({ sub: 'owner-1', roles: ['owner'] }) } }));
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });
});

describe('roles read from the token itself', () => {
  it('a roles element holding a space makes the token unusable, although its flattened form reads as two roles', async () => {
    const claims = { sub: 'owner-1', roles: '[apprentice owner]', exp: '1893456000' };
    const answer = await call(capacity, eventOf('GET /capacity', { claims, headers: { authorization: tokenWith({ ...claims, roles: ['apprentice owner'] }) } }));
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe('UNAUTHENTICATED');
  });

  it('the same flattened form from two elements is two roles', async () => {
    const claims = { sub: 'owner-1', roles: '[apprentice owner]', exp: '1893456000' };
    const answer = await call(capacity, eventOf('GET /capacity', { claims, query: WEEK, headers: { Authorization: tokenWith({ ...claims, roles: ['apprentice', 'owner'] }) } }));
    expect(answer.status).toBe(200);
    expect(answer.body.caller).toEqual({ userId: 'owner-1', roles: ['apprentice', 'owner'] });
  });
});

describe('201: Location', () => {
  it('is the collection’s path and the created id, encoded', async () => {
    const answer = await call(
      bookings,
      eventOf('POST /planning-meetings', { claims: ownerClaims, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apprenticeId: 'a-1', start: '2027-01-04T10:00:00Z', status: 'provisional' }) }),
    );
    expect(answer.status).toBe(201);
    expect(answer.headers.location).toBe('/planning-meetings/meeting%2F1%20%C3%BC');
  });
});

describe('on every answer', () => {
  it.each([
    ['200', eventOf('GET /capacity', { claims: ownerClaims, query: WEEK })],
    ['401', eventOf('GET /capacity')],
    ['404', eventOf('GET /nowhere')],
    ['405', eventOf('ANY /capacity', { method: 'PUT' })],
  ])('%s: no-store and nosniff', async (status, event) => {
    const answer = await call(capacity, event);
    expect(String(answer.status)).toBe(status);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('a problem’s type is an absolute URI on the origin the caller used', async () => {
    const answer = await call(capacity, eventOf('GET /capacity'));
    expect(answer.body.type).toBe('https://abc123.execute-api.eu-west-2.amazonaws.com/problems/unauthenticated.html');
  });
});

describe('request headers in any case (http-header-normalizer)', () => {
  it('reads Content-Type and Idempotency-Key however a hand-made event spells them', async () => {
    const answer = await call(
      capacity,
      eventOf('POST /capacity/changes', {
        claims: ownerClaims,
        headers: { 'Content-Type': 'application/json', 'IDEMPOTENCY-KEY': 'key-1' },
        body: JSON.stringify({ items: [{ meetingId: 'm-1', action: 'approve', ifVersion: 1 }] }),
      }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.idempotencyKey).toBe('key-1');
  });
});

describe('an answer larger than Lambda may send', () => {
  const sized = (bytes: number) =>
    createHttpHandler('capacity', capacityRoutes, {
      getBookingCapacity: async () => ({ body: { padding: 'x'.repeat(bytes) } as never }),
      saveCapacityChanges: async () => ({ body: { results: [] } as never }),
    }, () => deps);
  const ask = (handler: ReturnType<typeof sized>) =>
    call(handler, eventOf('GET /capacity', { query: WEEK, claims: ownerClaims, headers: { authorization: tokenWith({ ...ownerClaims, roles: ['owner'] }) } }));

  it('is refused in words (422 ANSWER_TOO_LARGE), not left to fail as a 5xx in API Gateway', async () => {
    const answer = await ask(sized(5_100_000));
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'ANSWER_TOO_LARGE' });
  });

  it('an answer under the limit goes out as it is', async () => {
    expect((await ask(sized(4_000_000))).status).toBe(200);
  });
});
