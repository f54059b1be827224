import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHttpHandler, type HttpEvent, type HttpResult } from '#api/http-handler.ts';
import { capacityRoutes } from '#api/routes/capacity.ts';
import type { Dependencies } from '#ports/dependencies.ts';

/**
 * The frame against events shaped as API Gateway (HTTP API, payload 2.0) sends them,
 * where a repeated parameter arrives comma-joined in `queryStringParameters` and
 * as sent in `rawQueryString`. The operation answers what it was given.
 */
const silent = { log: () => undefined };
const deps = {
  records: { configuration: async () => undefined },
  clock: () => Date.parse('2027-01-01T00:00:00Z'),
  logger: silent,
  rolesClaim: 'roles',
} as unknown as Dependencies;

const handler = createHttpHandler(
  'capacity',
  capacityRoutes,
  {
    getBookingCapacity: async ({ query }) => ({ body: query as never }),
    saveCapacityChanges: async ({ body }) => ({ body: { results: body.items.map((item) => ({ meetingId: item.meetingId, action: item.action, status: 200 })) } }),
  },
  () => deps,
);

const capacityEvent = (rawQueryString: string | undefined, queryStringParameters: Record<string, string> | undefined): HttpEvent =>
  ({
    version: '2.0',
    routeKey: 'GET /capacity',
    rawPath: '/capacity',
    ...(rawQueryString !== undefined ? { rawQueryString } : {}),
    headers: {},
    ...(queryStringParameters ? { queryStringParameters } : {}),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'request-1',
      routeKey: 'GET /capacity',
      authorizer: { jwt: { claims: { sub: 'owner-1', roles: '[owner]', exp: '1893456000' }, scopes: [] } },
    },
  }) as unknown as HttpEvent;

const call = async (event: HttpEvent): Promise<{ status: number | undefined; body: any; contentType: string | undefined }> => {
  const result = (await handler(event, { awsRequestId: 'request-1' } as Context)) as HttpResult;
  return { status: result.statusCode, body: JSON.parse(result.body ?? 'null'), contentType: result.headers?.['content-type'] as string | undefined };
};

describe('query parameters as API Gateway hands them on', () => {
  it('takes a query once each parameter is given once', async () => {
    const answer = await call(capacityEvent('from=2027-01-04&to=2027-01-08', { from: '2027-01-04', to: '2027-01-08' }));
    expect(answer).toEqual({ status: 200, contentType: 'application/json', body: { from: '2027-01-04', to: '2027-01-08' } });
  });

  it('refuses a repeated parameter by name only, whatever the joined value looks like', async () => {
    const answer = await call(capacityEvent('from=2027-01-04&to=2027-01-08&from=2027-01-05', { from: '2027-01-04,2027-01-05', to: '2027-01-08' }));
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.body.errors).toEqual([{ path: 'query.from', message: 'must be given once' }]);
  });

  it('refuses a repeated parameter whose values agree, and names each repeated one once', async () => {
    const answer = await call(capacityEvent('from=2027-01-04&from=2027-01-04&to=2027-01-08&to=2027-01-08&to=2027-01-08', { from: '2027-01-04,2027-01-04', to: '2027-01-08,2027-01-08,2027-01-08' }));
    expect(answer.body.errors).toEqual([
      { path: 'query.from', message: 'must be given once' },
      { path: 'query.to', message: 'must be given once' },
    ]);
  });

  it('still validates what came without a raw query string', async () => {
    expect((await call(capacityEvent(undefined, { from: '2027-01-04', to: '2027-01-08' }))).status).toBe(200);
    const joined = await call(capacityEvent(undefined, { from: '2027-01-04,2027-01-05', to: '2027-01-08' }));
    expect(joined.body.errors).toEqual([{ path: 'query.from', message: 'must be a date YYYY-MM-DD that exists' }]);
  });

  it('refuses a parameter named __proto__ as unknown, from either source', async () => {
    const fromJson = JSON.parse('{"from":"2027-01-04","to":"2027-01-08","__proto__":"x"}') as Record<string, string>;
    expect((await call(capacityEvent('from=2027-01-04&to=2027-01-08&__proto__=x', fromJson))).body.errors).toEqual([
      { path: 'query', message: 'unknown field(s): __proto__' },
    ]);
    expect((await call(capacityEvent('from=2027-01-04&to=2027-01-08&__proto__=x', { from: '2027-01-04', to: '2027-01-08' }))).body.errors).toEqual([
      { path: 'query', message: 'unknown field(s): __proto__' },
    ]);
  });
});
