import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Route } from '#api/route.ts';
import { statusOfCode } from '#api/problem.ts';
import { routes } from '#api/routes.ts';
import { openApiDocumentOfService } from '#local/service-openapi.ts';

const document = openApiDocumentOfService();

describe('OpenAPI document', () => {
  it('is current in docs/openapi.json (run `npm run openapi` after changing a route or schema)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('describes every route of the route table, with its operation id', () => {
    for (const route of routes as readonly Route[]) {
      const operation = (document.paths[route.path] as Record<string, { operationId: string }> | undefined)?.[route.method.toLowerCase()];
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
    }
  });

  it('documents request bodies from the validating schemas, refusing unknown fields', () => {
    const putUser = (document.paths['/users/{userId}'] as any).put;
    const schema = putUser.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'email', 'roles']));
    expect(schema.additionalProperties).toBe(false);
    expect(putUser.responses['412']).toBeDefined();
  });

  it('marks only the health route as public', () => {
    const publicOperations = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations as Record<string, { security?: unknown[] }>)
        .filter(([, operation]) => Array.isArray(operation.security) && operation.security.length === 0)
        .map(([method]) => `${method} ${path}`),
    );
    expect(publicOperations).toEqual(['get /health']);
  });

  it('lists 409 only on the routes that can answer it, with the codes each can give', () => {
    const operationOf = (route: Route) => (document.paths[route.path] as Record<string, { responses: Record<string, { description: string }> }>)[route.method.toLowerCase()]!;
    for (const route of routes as readonly Route[]) {
      for (const code of route.conflicts ?? []) expect(statusOfCode[code], `${route.operationId}: ${code}`).toBe(409);
      const conflict = operationOf(route).responses['409'];
      if (route.conflicts?.length) expect(conflict?.description, route.operationId).toBe(route.conflicts.join(', '));
      else expect(conflict, route.operationId).toBeUndefined();
    }
    const byOperation = Object.fromEntries((routes as readonly Route[]).map((route) => [route.operationId, route.conflicts ?? []]));
    expect(byOperation.putUser).toEqual([]);
    expect(byOperation.markMyNotificationRead).toEqual([]);
    expect(byOperation.bookPlanningMeeting).toEqual(['SLOT_UNAVAILABLE', 'EPA_UNAVAILABLE', 'ALREADY_BOOKED']);
  });
});

