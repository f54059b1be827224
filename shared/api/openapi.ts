import * as z from 'zod';
import { errorCodes } from '#domain/errors.ts';
import { PROBLEM_CONTENT_TYPE, statusOfCode } from './problem.ts';
import type { Route } from './route.ts';

type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
};

const ProblemSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: [...errorCodes, 'INTERNAL'] },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** Object schemas of path and query become one OpenAPI parameter per property. */
const parametersOf = (schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] => {
  if (!schema) return [];
  const json = schemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: property,
  }));
};

const headerParameters: Record<string, JsonSchema> = {
  'If-Match': {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The version last read, e.g. "3"; a stale version is refused with 412 VERSION_MISMATCH.',
    schema: { type: 'string' },
  },
  'Idempotency-Key': {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'Sending the same request again with the same key returns the first answer for 24 hours.',
    schema: { type: 'string', maxLength: 255 },
  },
};

/** The OpenAPI 3.1 document, generated from the same route table and schemas that validate requests. */
export const openApiDocument = (routes: readonly Route[], info: { title: string; version: string }) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const errorStatuses = new Set<number>([400, 503]);
    if (route.access.kind !== 'public') [401, 403].forEach((status) => errorStatuses.add(status));
    if (route.params) errorStatuses.add(404);
    if (route.body) [413, 415].forEach((status) => errorStatuses.add(status));
    if (route.headers?.includes('If-Match')) errorStatuses.add(412);
    if (route.conflicts?.length) errorStatuses.add(409);
    if (route.headers?.includes('Idempotency-Key')) errorStatuses.add(422);
    const success = route.response
      ? {
          description: route.summary,
          content: { [route.produces ?? 'application/json']: { schema: schemaOf(route.response, 'output') } },
        }
      : route.produces
        ? { description: route.summary, content: { [route.produces]: { schema: { type: 'string' } } } }
        : { description: route.summary };
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.group],
      ...(route.access.kind === 'public' ? { security: [] } : {}),
      ...(route.access.kind === 'permission' ? { 'x-permission': route.access.permission } : {}),
      parameters: [
        ...parametersOf(route.params, 'path'),
        ...parametersOf(route.query, 'query'),
        ...(route.headers ?? []).map((name) => headerParameters[name]),
      ],
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } }
        : {}),
      responses: {
        [String(route.successStatus)]: success,
        ...Object.fromEntries(
          [...errorStatuses].sort().map((status) => [
            String(status),
            problemResponse(
              (status === 409 ? (route.conflicts ?? []) : errorCodes.filter((code) => statusOfCode[code] === status)).join(', ') ||
                'Temporarily unavailable; retry later',
            ),
          ]),
        ),
      },
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: { ...info, description: 'Planning meeting booking service for end-point-assessment organisations.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: ProblemSchema },
    },
  };
};
