import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Context } from 'aws-lambda';
import type { HttpEvent, HttpResult } from '#api/http-handler.ts';
import { PROBLEM_CONTENT_TYPE, problemOf, internalProblem } from '#api/problem.ts';
import { API_HEADERS } from '#api/response-headers.ts';
import { routeKey, type Route } from '#api/route.ts';
import type { ErrorCode } from '#domain/errors.ts';
import { flattenClaims, type LocalTokenIssuer } from './local-auth.ts';
import { RouteMatcher } from './route-matcher.ts';

export type LambdaHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** An answer the local host makes itself: a string or bytes as they are, anything else as JSON. */
export interface LocalAnswer {
  status: number;
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** What the local host answers itself: never deployed, never in the route table. */
export interface LocalRoute {
  method: string;
  path: string;
  handle(request: { body: string | undefined; headers: Record<string, string> }): Promise<LocalAnswer>;
}

export interface LocalServerOptions {
  routes: readonly Route[];
  handlers: ReadonlyMap<string, LambdaHandler>;
  localRoutes: readonly LocalRoute[];
  issuer: LocalTokenIssuer;
  clock: () => number;
  /**
   * Asked about a GET (or HEAD) that is neither a local route nor in the route table (a page, a
   * file) before it is answered 404; undefined lets the 404 stand.
   */
  fallback?: (request: { path: string; headers: Record<string, string> }) => Promise<LocalAnswer | undefined>;
}

/** API Gateway refuses bodies over 10 MB; reading less protects the laptop, and the frame answers 413 from 256 KB. */
const MAX_READ_BYTES = 1024 * 1024;

class BodyTooLarge extends Error {}

const readBody = (request: IncomingMessage): Promise<string | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_READ_BYTES) {
        reject(new BodyTooLarge());
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(size === 0 ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

const sendBody = (response: ServerResponse, status: number, headers: Record<string, string | number | boolean>, body: string | Buffer): void => {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  response.writeHead(status, { ...headers, 'content-length': bytes.length });
  response.end(bytes);
};

/**
 * The names local mode answers to. A page elsewhere whose name an attacker points at
 * 127.0.0.1 (DNS rebinding) reaches this server with its own name as Host, and is refused
 * before it can take a token from `/local/token`, read the outbox or drive the screens.
 */
const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;
export const isLocalHostHeader = (host: string | undefined): boolean => host !== undefined && LOCAL_HOST.test(host);

const lambdaContext = (functionName: string, requestId: string): Context =>
  ({
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

/**
 * The second front door: the same route table and the same Lambda handlers as on
 * AWS, with what API Gateway does in front of them (JWT check, routing, the v2
 * event) done here.
 */
export const createLocalServer = (options: LocalServerOptions): Server => {
  const matcher = new RouteMatcher(options.routes);
  const local = new Map(options.localRoutes.map((route) => [`${route.method} ${route.path}`, route]));

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
    // The problems' `type` on the origin the caller used, as API Gateway's domain name does in AWS.
    const origin = `http://${headers.host}`;
    const sendProblem = (code: ErrorCode, detail: string, extra: Record<string, string> = {}): void => {
      const problem = problemOf(code, detail, undefined, isLocalHostHeader(headers.host) ? origin : '');
      sendBody(response, problem.status, { 'content-type': PROBLEM_CONTENT_TYPE, ...API_HEADERS, ...extra }, JSON.stringify(problem));
    };
    // Before the body is read: nothing of a refused request is looked at.
    if (!isLocalHostHeader(headers.host)) {
      request.resume();
      return sendProblem('FORBIDDEN', 'Local mode answers only requests addressed to localhost, 127.0.0.1 or [::1]');
    }
    let body: string | undefined;
    try {
      body = await readBody(request);
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendProblem('PAYLOAD_TOO_LARGE', 'The body must be at most 256 KB');
      throw error;
    }

    const sendLocal = (answer: LocalAnswer): void =>
      sendBody(
        response,
        answer.status,
        { 'content-type': answer.contentType ?? 'application/json', ...API_HEADERS, ...answer.headers },
        typeof answer.body === 'string' || Buffer.isBuffer(answer.body) ? answer.body : JSON.stringify(answer.body),
      );
    const localRoute = local.get(`${method} ${url.pathname}`);
    if (localRoute) return sendLocal(await localRoute.handle({ body, headers }));

    const found = matcher.match(method, url.pathname);
    if (!found) {
      // HEAD as GET, as a static site answers it; Node sends the headers of a HEAD answer without its body.
      const other = method === 'GET' || method === 'HEAD' ? await options.fallback?.({ path: url.pathname, headers }) : undefined;
      if (other) return sendLocal(other);
      return sendProblem('NOT_FOUND', `No route ${method} ${url.pathname}`);
    }
    // API Gateway has a route `ANY <path>` for this, answered by the frame the same way.
    if ('methodMismatch' in found) return sendProblem('METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`, { allow: found.allowed.join(', ') });
    const { route, pathParameters } = found;

    let claims: Record<string, string | number | boolean> | undefined;
    if (route.access.kind !== 'public') {
      const token = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
      const payload = token ? await options.issuer.verify(token, options.clock()) : undefined;
      // API Gateway's authorizer answers 401 before any function runs; RFC 6750 §3 says which header.
      if (!payload) {
        return sendProblem('UNAUTHENTICATED', 'Send a valid bearer token (POST /local/token issues one)', {
          'www-authenticate': headers.authorization ? 'Bearer error="invalid_token"' : 'Bearer',
        });
      }
      claims = flattenClaims(payload);
    }

    const handler = options.handlers.get(route.group);
    if (!handler) throw new Error(`No handler for function group ${route.group}`);
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
    const requestId = randomUUID();
    const now = options.clock();
    const event: HttpEvent = {
      version: '2.0',
      routeKey: routeKey(route),
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      // As API Gateway adds it: the frame writes the problems' `type` on this scheme.
      headers: { ...headers, 'x-forwarded-proto': 'http' },
      ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
      ...(body !== undefined ? { body } : {}),
      isBase64Encoded: false,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        requestId,
        routeKey: routeKey(route),
        stage: '$default',
        time: new Date(now).toISOString(),
        timeEpoch: now,
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
      },
    };
    const result = await handler(event, lambdaContext(`local-${route.group}`, requestId));
    sendBody(response, result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>, result.body ?? '');
  };

  return createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      process.stderr.write(`local server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      if (!response.headersSent) {
        sendBody(response, 503, { 'content-type': PROBLEM_CONTENT_TYPE, ...API_HEADERS }, JSON.stringify(internalProblem('local')));
      } else response.end();
    });
  });
};
