import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { DomainError, isDomainError, type ErrorCode, type FieldError } from '#domain/errors.ts';
import {
  defaultPermissions,
  hasBookingPermission,
  permissionsOf,
  storedPermissionsConfiguration,
  type Caller,
  type PermissionId,
  type PermissionsConfiguration,
} from '#domain/roles.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import { bearerTokenClaims, callerFromClaims } from './caller.ts';
import type { HttpFunctionGroup } from './function-groups.ts';
import { PROBLEM_CONTENT_TYPE, internalProblem, problemOf, type Problem } from './problem.ts';
import { API_HEADERS, apiOriginOf } from './response-headers.ts';
import { routeKey, type Route } from './route.ts';
// Types only: the whole table's schemas stay out of a group's bundle, which gets its own table from its handler.
import type { routes } from './routes.ts';

export const MAX_BODY_BYTES = 256 * 1024;

type Routes = typeof routes;
type RouteOf<Id> = Extract<Routes[number], { operationId: Id }>;
/** A group's own table (`routes/<group>.ts`). */
type RoutesOf<G extends HttpFunctionGroup> = ReadonlyArray<Extract<Routes[number], { group: G }>>;
type Parsed<R, K extends string> = R extends { [P in K]: infer S extends z.ZodType } ? z.output<S> : undefined;
export type OperationIdsOf<G extends HttpFunctionGroup> = Extract<Routes[number], { group: G }>['operationId'];

export interface OperationInput<Id> {
  caller: Caller;
  permissions: ReadonlySet<PermissionId>;
  params: Parsed<RouteOf<Id>, 'params'>;
  query: Parsed<RouteOf<Id>, 'query'>;
  body: Parsed<RouteOf<Id>, 'body'>;
  ifMatch: number | undefined;
  idempotencyKey: string | undefined;
  requestId: string;
  now: number;
  deps: Dependencies;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A body that is already text (e.g. iCalendar). */
  text?: string;
}

export type Operations<G extends HttpFunctionGroup> = {
  [Id in OperationIdsOf<G>]: (input: OperationInput<Id>) => Promise<Reply>;
};

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

const problemResult = (problem: Problem, headers: Record<string, string> = {}): HttpResult => ({
  statusCode: problem.status,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
  body: JSON.stringify(problem),
});


/**
 * RFC 6750 §3: a request without a token is told the scheme; one whose token was refused
 * is told so (here: a token whose claims name no usable caller).
 */
const wwwAuthenticate = (event: HttpEvent): string => (headerOf(event, 'authorization') ? 'Bearer error="invalid_token"' : 'Bearer');

/**
 * Where a created resource lives (RFC 9110 §15.3.2): the collection's path and the new id,
 * unless the operation names it itself. Every 201 of the route table is a POST to a
 * collection answering the created record.
 */
const locationOf = (event: HttpEvent, reply: Reply): Record<string, string> => {
  const id = (reply.body as { id?: unknown } | undefined)?.id;
  if (reply.headers?.location || typeof id !== 'string') return {};
  return { location: `${(event.rawPath ?? '').replace(/\/$/, '')}/${encodeURIComponent(id)}` };
};

/**
 * Lambda answers at most 6 MB through API Gateway, or fails with a 5xx. A listing or a
 * capacity view of many of the largest legal meetings (about 75 KB each) could pass it, so
 * an answer over this is refused in words instead, before it is sent.
 */
const MAX_ANSWER_BYTES = 5_000_000;

/** A refused request names at most this many fields: enough to fix it, and the answer stays small. */
const MAX_FIELD_ERRORS = 50;

type Issue = z.core.$ZodIssue;

/**
 * The issues of a union of strict objects (`{userId}`, `{shortcut}` or `{guest}`) are the
 * issues of the one branch whose fields were sent, when exactly one fits; otherwise the
 * union's own message, which says what to send.
 */
const issuesOf = (issue: Issue): Issue[] => {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const fitting = issue.errors.filter((branch) => !branch.some((inner) => inner.code === 'unrecognized_keys' && inner.path.length === 0));
  if (fitting.length !== 1) return [issue];
  return fitting[0]!.flatMap((inner) => issuesOf({ ...inner, path: [...issue.path, ...inner.path] } as Issue));
};

const fieldErrorsOf = (error: z.ZodError, prefix: string): FieldError[] =>
  error.issues.flatMap(issuesOf).map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part.length > 0).join('.');
    const message =
      issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message;
    return { path: path || '(body)', message };
  });

/** Sets an own property even for names such as `__proto__`, which a plain assignment would not. */
const defineField = (object: Record<string, unknown>, name: string, value: unknown): void => {
  Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
};

/**
 * API Gateway joins a repeated parameter's values with commas (`from=a&from=b` arrives as
 * `from: "a,b"`), which no schema should have to tell from one value. From the raw query
 * string both hosts keep, a repeated parameter is refused by name, and the schema sees its
 * first value only, so the answer says "given once" rather than "not a date". A name the
 * host's parsing lost (`__proto__`) is put back, so the schema refuses it as unknown.
 */
const queryOf = (event: HttpEvent, errors: FieldError[]): Record<string, unknown> => {
  const query: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) defineField(query, name, value);
  const firstValues = new Map<string, string>();
  const repeated = new Set<string>();
  for (const [name, value] of new URLSearchParams(event.rawQueryString ?? '')) {
    if (firstValues.has(name)) repeated.add(name);
    else firstValues.set(name, value);
  }
  for (const [name, value] of firstValues) {
    if (repeated.has(name)) {
      errors.push({ path: `query.${name}`, message: 'must be given once' });
      defineField(query, name, value);
    } else if (!Object.hasOwn(query, name)) defineField(query, name, value);
  }
  return query;
};

const parsePart = (schema: z.ZodType | undefined, value: unknown, prefix: string, errors: FieldError[]): unknown => {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  errors.push(...fieldErrorsOf(parsed.error, prefix));
  return undefined;
};

/** Names are lower case: http-header-normalizer has run (API Gateway's v2 events have them so already). */
const headerOf = (event: HttpEvent, name: string): string | undefined => event.headers?.[name];

/** `If-Match: "3"` (or W/"3", or 3); `*` asks for no check. */
export const parseIfMatch = (value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (!match) throw new DomainError('VALIDATION_FAILED', 'If-Match must be a version such as "3"', [
    { path: 'If-Match', message: 'must be a quoted version number such as "3"' },
  ]);
  return Number(match[1]);
};

const parseIdempotencyKey = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 visible ASCII characters', [
      { path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
    ]);
  }
  return value;
};

const bodyText = (event: HttpEvent): string | undefined => {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
};

const parseBody = (event: HttpEvent, route: Route): unknown => {
  const text = bodyText(event);
  if (text !== undefined && Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `The body must be at most ${MAX_BODY_BYTES} bytes`);
  }
  if (!route.body) {
    if (text !== undefined && text.trim() !== '') {
      throw new DomainError('VALIDATION_FAILED', 'This request takes no body', [{ path: '(body)', message: 'must be empty' }]);
    }
    return undefined;
  }
  if (text === undefined) return undefined;
  const contentType = headerOf(event, 'content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'The body is not valid JSON', [{ path: '(body)', message: 'is not valid JSON' }]);
  }
};

/** Every request needs the map: a copy of at most five seconds, so a change reaches other containers within seconds (decision 0005). */
const loadPermissions = async (deps: Dependencies): Promise<PermissionsConfiguration> => {
  const stored = await deps.records.configuration('permissions');
  return stored ? storedPermissionsConfiguration(stored.data) : defaultPermissions;
};

const hasJsonBody = (reply: Reply): boolean => reply.body !== undefined;

/**
 * The frame every HTTP function shares: find the route, authenticate, authorise,
 * parse and validate, run the operation, and turn domain errors into problem+json.
 * Operations never see raw events and never build HTTP errors themselves.
 */
export const createHttpHandler = <G extends HttpFunctionGroup>(
  group: G,
  // The group alone names G: a table of another group is then refused, not taken as a second group.
  groupRoutes: NoInfer<RoutesOf<G>>,
  operations: Operations<G>,
  dependencies: () => Dependencies,
) => {
  const routesByKey = new Map<string, Route>((groupRoutes as readonly Route[]).map((route) => [routeKey(route), route]));
  /** The methods of each path, for `Allow`: API Gateway hands a path's other methods here as `ANY <path>`. */
  const methodsByPath = new Map<string, string[]>();
  for (const route of groupRoutes as readonly Route[]) methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method]);
  const headersOfProblem = (code: ErrorCode, event: HttpEvent): Record<string, string> => {
    if (code === 'UNAUTHENTICATED') return { 'www-authenticate': wwwAuthenticate(event) };
    if (code === 'METHOD_NOT_ALLOWED') return { allow: (methodsByPath.get(event.routeKey.slice('ANY '.length)) ?? []).join(', ') };
    return {};
  };

  const run = async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const started = performance.now();
    const deps = dependencies();
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    const key = event.routeKey;
    let status = 500;
    let code: string | undefined;
    try {
      const route = routesByKey.get(key);
      if (!route || route.group !== group) {
        if (key?.startsWith('ANY ') && methodsByPath.has(key.slice('ANY '.length))) {
          throw new DomainError('METHOD_NOT_ALLOWED', `${event.requestContext?.http?.method ?? 'This method'} is not allowed on ${event.rawPath ?? key.slice('ANY '.length)}`);
        }
        throw new DomainError('NOT_FOUND', `No route ${key}`);
      }
      const result = await handle(route, event, deps, requestId);
      status = result.statusCode ?? 200;
      return { ...result, headers: { ...API_HEADERS, ...result.headers } };
    } catch (error) {
      if (isDomainError(error)) {
        const problem = problemOf(error.code, error.message, error.errors, apiOriginOf(event));
        status = problem.status;
        code = error.code;
        return problemResult(problem, { ...API_HEADERS, ...headersOfProblem(error.code, event) });
      }
      status = 503;
      code = 'INTERNAL';
      deps.logger.log('error', 'request failed', {
        requestId,
        route: key,
        error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
      });
      return problemResult(internalProblem(requestId, apiOriginOf(event)), { ...API_HEADERS, 'retry-after': '1' });
    } finally {
      deps.logger.log(status >= 500 ? 'error' : 'info', 'request', {
        requestId,
        group,
        route: key,
        status,
        ...(code ? { code } : {}),
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      });
    }
  };

  const handle = async (route: Route, event: HttpEvent, deps: Dependencies, requestId: string): Promise<HttpResult> => {
    let caller: Caller = { userId: 'anonymous', roles: [] };
    let permissions: ReadonlySet<PermissionId> = new Set();
    if (route.access.kind !== 'public') {
      const claims = event.requestContext?.authorizer?.jwt?.claims;
      const authenticated = callerFromClaims(claims, deps.rolesClaim, bearerTokenClaims(headerOf(event, 'authorization')));
      if (!authenticated) throw new DomainError('UNAUTHENTICATED', 'Send a valid bearer token');
      caller = authenticated;
      permissions = permissionsOf(caller, await loadPermissions(deps));
      if (route.access.kind === 'permission' && !permissions.has(route.access.permission)) {
        throw new DomainError('FORBIDDEN', `This needs the ${route.access.permission} permission`);
      }
      if (route.access.kind === 'booking' && !hasBookingPermission(permissions)) {
        throw new DomainError('FORBIDDEN', 'This needs a permission to book planning meetings');
      }
    }

    const errors: FieldError[] = [];
    const body = parseBody(event, route);
    const params = parsePart(route.params, event.pathParameters ?? {}, 'path', errors);
    const query = route.query ? parsePart(route.query, queryOf(event, errors), 'query', errors) : undefined;
    const parsedBody = parsePart(route.body, body, '', errors);
    let ifMatch: number | undefined;
    let idempotencyKey: string | undefined;
    try {
      ifMatch = parseIfMatch(headerOf(event, 'if-match'));
      idempotencyKey = parseIdempotencyKey(headerOf(event, 'idempotency-key'));
    } catch (error) {
      if (isDomainError(error) && error.errors) errors.push(...error.errors);
      else throw error;
    }
    if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', 'Some fields are not valid', errors.slice(0, MAX_FIELD_ERRORS));

    const operation = (operations as unknown as Record<string, (input: OperationInput<string>) => Promise<Reply>>)[route.operationId];
    if (!operation) throw new Error(`No operation ${route.operationId} in group ${group}`);
    const reply = await operation({
      caller,
      permissions,
      params: params as never,
      query: query as never,
      body: parsedBody as never,
      ifMatch,
      idempotencyKey,
      requestId,
      now: deps.clock(),
      deps,
    });
    const version = (reply.body as { version?: unknown } | undefined)?.version;
    const statusCode = reply.status ?? route.successStatus;
    const headers: Record<string, string> = {
      ...(typeof version === 'number' ? { etag: `"${version}"` } : {}),
      ...(statusCode === 201 ? locationOf(event, reply) : {}),
      ...reply.headers,
    };
    if (reply.text !== undefined) return { statusCode, headers, body: reply.text };
    if (!hasJsonBody(reply)) return { statusCode: reply.status ?? 204, headers };
    const text = JSON.stringify(reply.body);
    if (Buffer.byteLength(text) > MAX_ANSWER_BYTES) {
      throw new DomainError('ANSWER_TOO_LARGE', 'The answer would be larger than the service can send; ask for fewer at a time (limit, a shorter range, one group or EPA)');
    }
    return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: text };
  };

  // No early-timeout answer: a 503 sent while the transaction may still commit would
  // tell the caller "failed" about a change that happened. The Lambda timeout decides.
  return middy<HttpEvent, HttpResult>({ timeoutEarlyInMillis: 0 })
    // Header names in lower case before the frame reads them, whoever built the event.
    .use(httpHeaderNormalizer())
    .handler(run);
};
