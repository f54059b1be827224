import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Route } from '#api/route.ts';
import { statusOfCode } from '#api/problem.ts';
import { routes } from '#api/routes.ts';
import { openApiDocumentOfService } from '#local/service-openapi.ts';

const document = openApiDocumentOfService() as any;
const operations = (routes as readonly Route[]).map((route) => ({ route, operation: document.paths[route.path][route.method.toLowerCase()] }));

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
    const publicOperations = operations
      .filter(({ operation }) => Array.isArray(operation.security) && operation.security.length === 0)
      .map(({ route }) => `${route.method.toLowerCase()} ${route.path}`);
    expect(publicOperations).toEqual(['get /health']);
  });

  it('names a schema for every resource the service answers, and answers each route with a reference to one', () => {
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining([
        'PlanningMeeting', 'Attendee', 'PlanningMeetingSlots', 'Apprentice', 'User', 'Standard', 'Group', 'Availability',
        'AvailabilityConfiguration', 'CommunicationConfiguration', 'PermissionsConfiguration', 'CapacityView',
        'PlanningMeetingHistory', 'Notification', 'Problem',
      ]),
    );
    for (const { route, operation } of operations) {
      const success = operation.responses[String(route.successStatus)];
      if (!route.response) continue;
      const schema = success.content['application/json'].schema;
      expect(schema.$ref, route.operationId).toMatch(/^#\/components\/schemas\/\w+$/);
    }
    // A meeting holds its attendees by reference, and a page its meetings.
    expect(document.components.schemas.PlanningMeeting.properties.attendees.items).toEqual({ $ref: '#/components/schemas/Attendee' });
    expect(document.components.schemas.PlanningMeetingPage.properties.items.items).toEqual({ $ref: '#/components/schemas/PlanningMeeting' });
  });

  it('refers only to what the document holds (no $defs of a schema written out inside it, nothing under another name)', () => {
    const dangling: string[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (typeof node !== 'object' || node === null) return;
      const { $ref } = node as { $ref?: unknown };
      if (typeof $ref === 'string') {
        const target = $ref.startsWith('#/') ? $ref.slice(2).split('/').reduce<any>((at, part) => at?.[part.replaceAll('~1', '/').replaceAll('~0', '~')], document) : undefined;
        if (target === undefined) dangling.push($ref);
      }
      Object.values(node).forEach(visit);
    };
    visit(document);
    expect(dangling).toEqual([]);
    expect(JSON.stringify(document)).not.toMatch(/"\$defs"|__shared|"id":"[A-Z]/);
  });

  it('documents every field of an answer as what it is, never as "anything" (a transform has no JSON Schema of its own)', () => {
    const anything: string[] = [];
    const walk = (schema: any, at: string): void => {
      if (typeof schema !== 'object' || schema === null) return;
      for (const [name, property] of Object.entries<any>(schema.properties ?? {})) {
        if (Object.keys(property).filter((key) => !['description', 'readOnly', 'default'].includes(key)).length === 0) anything.push(`${at}.${name}`);
        walk(property, `${at}.${name}`);
      }
      for (const key of ['items', 'additionalProperties']) walk(schema[key], `${at}[]`);
      for (const key of ['anyOf', 'oneOf', 'allOf']) (schema[key] ?? []).forEach((branch: unknown, index: number) => walk(branch, `${at}|${index}`));
    };
    for (const [name, schema] of Object.entries<any>(document.components.schemas)) walk(schema, name);
    expect(anything).toEqual([]);
    // The standard's transform fills in the slot interval: the answer names all of its fields.
    expect(document.components.schemas.Standard.required).toEqual(
      expect.arrayContaining(['id', 'name', 'meetingDurationMinutes', 'slotIntervalMinutes', 'availabilitySource', 'version', 'updatedAt', 'updatedBy']),
    );
  });

  it('documents a record as one closed object with its stamps (not an allOf of two closed objects, which refuses every answer)', () => {
    for (const name of ['User', 'Apprentice', 'Standard', 'Group', 'Availability', 'AvailabilityConfiguration', 'CommunicationConfiguration', 'PermissionsConfiguration']) {
      const schema = document.components.schemas[name];
      expect(schema.allOf, name).toBeUndefined();
      expect(schema.additionalProperties, name).toBe(false);
      expect(schema.required, name).toEqual(expect.arrayContaining(['version', 'updatedAt', 'updatedBy']));
    }
  });

  it('takes the optional reason of approve, reject and cancel as an optional body, and requires the others', () => {
    for (const { route, operation } of operations) {
      if (!route.body) {
        expect(operation.requestBody, route.operationId).toBeUndefined();
        continue;
      }
      const optional = ['approvePlanningMeeting', 'rejectPlanningMeeting', 'cancelPlanningMeeting'].includes(route.operationId);
      expect(operation.requestBody.required, route.operationId).toBe(!optional);
    }
  });

  it('documents the headers each answer carries', () => {
    const headerNamesOf = (response: any): string[] => Object.keys(response.headers ?? {});
    for (const { route, operation } of operations) {
      const success = operation.responses[String(route.successStatus)];
      expect(headerNamesOf(success), route.operationId).toEqual(expect.arrayContaining(['Cache-Control', 'X-Content-Type-Options']));
      if (route.successStatus === 201) expect(headerNamesOf(success), route.operationId).toContain('Location');
      if (route.headers?.includes('Idempotency-Key')) expect(headerNamesOf(success), route.operationId).toContain('Idempotent-Replayed');
      if (route.produces === 'text/calendar') expect(headerNamesOf(success), route.operationId).toContain('Content-Disposition');
      if (route.access.kind !== 'public') expect(headerNamesOf(operation.responses['401']), route.operationId).toContain('WWW-Authenticate');
      expect(headerNamesOf(operation.responses['503']), route.operationId).toContain('Retry-After');
    }
    const meeting = (document.paths['/planning-meetings/{meetingId}'] as any).get.responses['200'];
    expect(meeting.headers.ETag).toEqual({ $ref: '#/components/headers/ETag' });
    expect(document.components.headers.Location.required).toBe(true);
    expect(document.components.responses.MethodNotAllowed.headers.Allow).toEqual({ $ref: '#/components/headers/Allow' });
  });

  it('documents the answers API Gateway gives by itself: throttling (429), a failed function (500, 503), its authorizer (401)', () => {
    for (const { route, operation } of operations) {
      for (const status of ['429', '500', '503']) {
        expect(operation.responses[status]?.content['application/json'].schema, `${route.operationId} ${status}`).toEqual({ $ref: '#/components/schemas/GatewayMessage' });
      }
      if (route.access.kind !== 'public') {
        expect(Object.keys(operation.responses['401'].content), route.operationId).toEqual(['application/problem+json', 'application/json']);
      }
    }
  });

  it('says on each path which methods it has: the others are answered 405', () => {
    expect((document.paths['/planning-meetings/{meetingId}'] as any).description).toContain('Allow: GET, PATCH');
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
    expect(byOperation.bookPlanningMeeting).toEqual(expect.arrayContaining(['SLOT_UNAVAILABLE', 'EPA_UNAVAILABLE', 'ALREADY_BOOKED']));
  });
});

