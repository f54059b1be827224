import type { z } from 'zod';
import type { ErrorCode } from '#domain/errors.ts';
import type { PermissionId } from '#domain/roles.ts';
import type { HttpFunctionGroup } from './function-groups.ts';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Who may call a route before the use case looks at the data:
 * - public: no token (only `GET /health`);
 * - authenticated: any signed-in user; the use case decides (e.g. "anyone may read a meeting they attend");
 * - permission: the caller's roles must grant it (SPEC §2);
 * - booking: any of the three booking permissions; the use case then checks that one
 *   covers the apprentice's gateway stage, which only the apprentice's record tells.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'permission'; permission: PermissionId }
  | { kind: 'booking' };

export interface Route {
  operationId: string;
  method: HttpMethod;
  /** API Gateway style: `/users/{userId}`. */
  path: string;
  group: HttpFunctionGroup;
  access: Access;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Documented response body (OpenAPI); handlers are typed against it. */
  response?: z.ZodType;
  successStatus: 200 | 201 | 204;
  /** Request headers the route reads (documented in OpenAPI). */
  headers?: ReadonlyArray<'If-Match' | 'Idempotency-Key'>;
  /** Answered with a content type other than JSON. */
  produces?: string;
  /** The 409 codes the route can answer (OpenAPI); none means it never answers 409. */
  conflicts?: readonly ErrorCode[];
}

/** A route of one function group: the group's own table (`routes/<group>.ts`) holds no other. */
export type GroupRoute<G extends HttpFunctionGroup> = Route & { group: G };

export const routeKey = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;
