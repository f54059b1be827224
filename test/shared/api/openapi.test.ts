import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Route } from '#api/route.ts';
import { routes } from '#api/routes.ts';
import { openApiDocumentOfService } from '../../../lib/local/service-openapi.ts';

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
});
