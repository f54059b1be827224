import * as z from 'zod';
import { Attendee } from '#domain/planning-meeting.ts';
import { errorCodes, type ErrorCode } from '#domain/errors.ts';
import { bookingPermissionIds } from '#domain/roles.ts';
import { PlanningMeetingSlots } from './availability-schemas.ts';
import { CapacityChangeResults, CapacityView } from './capacity-schemas.ts';
import { MeetingHistory, PlanningMeeting, PlanningMeetingPage } from './meeting-schemas.ts';
import { InAppNotificationView, MyNotificationsPage } from './notification-schemas.ts';
import { PROBLEM_CONTENT_TYPE, statusOfCode } from './problem.ts';
import { GroupPage, StandardPage } from './record-page-schemas.ts';
import {
  ApprenticeRecord,
  AvailabilityConfigurationRecord,
  AvailabilityScheduleRecord,
  CommunicationConfigurationRecord,
  GroupRecord,
  Health,
  PermissionsConfigurationRecord,
  StandardRecord,
  UserRecord,
} from './record-schemas.ts';
import type { Route } from './route.ts';

type JsonSchema = Record<string, unknown>;

/**
 * The named schemas of what the service answers, one per resource: a generated client
 * gets a type of each name, and an answer's schema is a `$ref` to its name. A schema
 * named here is referenced wherever another answer holds it (a page of meetings refers
 * to `PlanningMeeting`, a meeting to `Attendee`). A route's response may instead be named
 * where it is declared, with zod's `.meta({ id })`. A route whose answer has no name is
 * documented inline, and the OpenAPI test fails on it.
 */
export const componentSchemas = {
  PlanningMeeting,
  Attendee,
  PlanningMeetingPage,
  PlanningMeetingHistory: MeetingHistory,
  PlanningMeetingSlots,
  CapacityView,
  CapacityChangeResults,
  User: UserRecord,
  Apprentice: ApprenticeRecord,
  Standard: StandardRecord,
  Group: GroupRecord,
  StandardPage,
  GroupPage,
  Availability: AvailabilityScheduleRecord,
  AvailabilityConfiguration: AvailabilityConfigurationRecord,
  CommunicationConfiguration: CommunicationConfigurationRecord,
  PermissionsConfiguration: PermissionsConfigurationRecord,
  Notification: InAppNotificationView,
  NotificationPage: MyNotificationsPage,
  Health,
} satisfies Record<string, z.ZodType>;

const componentRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** zod copies a `.meta({ id })` into the schema as an `id` keyword, which JSON Schema does not have. */
const withoutIdKeyword = ({ jsonSchema }: { jsonSchema: object }): void => {
  delete (jsonSchema as JsonSchema).id;
};

/**
 * A schema written out where it is used (request bodies, parameters). A part named with
 * `.meta({ id })` comes out as `$defs` with `#/$defs/…` references, which inside the
 * document would point at the document's root: each is put back in place instead.
 */
const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, $defs, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
    override: withoutIdKeyword,
  }) as JsonSchema;
  const defs = ($defs ?? {}) as Record<string, JsonSchema>;
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (typeof node !== 'object' || node === null) return node;
    const { $ref, ...others } = node as JsonSchema;
    const name = typeof $ref === 'string' && $ref.startsWith('#/$defs/') ? $ref.slice('#/$defs/'.length) : undefined;
    const base = name && defs[name] ? (inline(defs[name]) as JsonSchema) : $ref === undefined ? {} : { $ref };
    return { ...base, ...Object.fromEntries(Object.entries(others).map(([key, value]) => [key, inline(value)])) };
  };
  return inline(rest) as JsonSchema;
};

type ComponentNames = Map<z.ZodType, string>;

/** The names of this document's answers: those above, and routes' responses named with `.meta({ id })`. */
const componentNamesOf = (routes: readonly Route[]): ComponentNames => {
  const names: ComponentNames = new Map(Object.entries(componentSchemas).map(([name, schema]) => [schema, name]));
  for (const { response } of routes) {
    const id = response && !names.has(response) ? z.globalRegistry.get(response)?.id : undefined;
    if (response && id) names.set(response, id);
  }
  return names;
};

/**
 * The answers' schemas, each emitted once under its name with the others it holds as
 * `$ref`s (zod's registry form of `toJSONSchema`), as the output the service sends:
 * defaults filled in, so a field with a default is required.
 */
const componentsOf = (names: ComponentNames): Record<string, JsonSchema> => {
  const registry = z.registry<{ id: string }>();
  for (const [schema, name] of names) registry.add(schema, { id: name });
  const { schemas } = z.toJSONSchema(registry, {
    io: 'output',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => componentRef(id).$ref,
    override: withoutIdKeyword,
  });
  // A part named with `.meta({ id })` inside a named answer (an entry of a page) comes out
  // under `__shared` with a reference into it: it becomes a component of its own name.
  const { __shared, ...named } = schemas;
  const all = { ...named, ...((__shared?.$defs ?? {}) as Record<string, object>) };
  const text = JSON.stringify(all).replaceAll(`${componentRef('__shared').$ref}#/$defs/`, componentRef('').$ref);
  return Object.fromEntries(
    Object.entries(JSON.parse(text) as Record<string, JsonSchema>).map(([name, { $schema: _schema, $id: _id, id: _name, ...schema }]) => [name, schema]),
  );
};

const ProblemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; `code` is the stable value to branch on.',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri-reference', description: "A page saying what the code means; relative to the request's address when not absolute" },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: [...errorCodes, 'INTERNAL'] },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};

/** What API Gateway answers by itself, before or instead of a function: `{"message": "Unauthorized"}` and the like. */
const GatewayMessageSchema: JsonSchema = {
  type: 'object',
  description: "API Gateway's own answer (AWS only): its authorizer's 401, its throttling's 429, a function that failed outright or timed out",
  required: ['message'],
  properties: { message: { type: 'string' } },
};

/** Response headers, each documented once and referenced where an answer carries it. */
const headers: Record<string, JsonSchema> = {
  ETag: {
    description: 'The version answered, e.g. "3": send it back as If-Match to change what you read',
    required: true,
    schema: { type: 'string', pattern: '^(W/)?"\\d+"$' },
  },
  Location: {
    description: 'Where the new planning meeting is read (`/planning-meetings/{meetingId}`)',
    required: true,
    schema: { type: 'string', format: 'uri-reference' },
  },
  IdempotentReplayed: {
    description: '`true` when this is the first answer given again for a repeated Idempotency-Key',
    required: false,
    schema: { type: 'string', enum: ['true', 'false'] },
  },
  ContentDisposition: {
    description: 'The invite as a file to save',
    required: true,
    schema: { type: 'string', pattern: '^attachment;' },
  },
  RetryAfter: {
    description: 'Seconds to wait before retrying',
    required: false,
    schema: { type: 'string', pattern: '^\\d+$' },
  },
  WWWAuthenticate: {
    description: 'The Bearer scheme the API takes (RFC 6750)',
    required: true,
    schema: { type: 'string', pattern: '^Bearer' },
  },
  Allow: {
    description: 'The methods the path has',
    required: true,
    schema: { type: 'string', pattern: '^[A-Z]+(, ?[A-Z]+)*$' },
  },
  CacheControl: {
    description: 'No cache keeps an answer: most carry personal data, and the rest change with every write',
    required: true,
    schema: { type: 'string', pattern: 'no-store' },
  },
  XContentTypeOptions: {
    description: 'The answer is read as its declared content type only',
    required: true,
    schema: { type: 'string', enum: ['nosniff'] },
  },
};
const headerRef = (name: keyof typeof headers) => ({ $ref: `#/components/headers/${name}` });

/** Headers on every answer the service itself gives. */
const serviceHeaders = {
  'Cache-Control': headerRef('CacheControl'),
  'X-Content-Type-Options': headerRef('XContentTypeOptions'),
};
/** The same where API Gateway may answer by itself instead (its authorizer's 401, its 503), without them. */
const serviceOrGatewayHeaders = {
  'Cache-Control': { ...headers.CacheControl, required: false },
  'X-Content-Type-Options': { ...headers.XContentTypeOptions, required: false },
};

const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: componentRef('Problem') } };
const gatewayContent = { 'application/json': { schema: componentRef('GatewayMessage') } };

const problemResponse = (description: string, extraHeaders: Record<string, unknown> = {}) => ({
  description,
  headers: { ...serviceHeaders, ...extraHeaders },
  content: problemContent,
});

const codesOf = (status: number): ErrorCode[] => errorCodes.filter((code) => statusOfCode[code] === status);

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

/** The statuses an operation answers besides its success, and what each says. */
const errorResponsesOf = (route: Route): Record<string, unknown> => {
  const withToken = route.access.kind !== 'public';
  const responses: Record<number, unknown> = {
    400: problemResponse(`${codesOf(400).join(', ')}: a parameter, header or body field is not valid (each named in \`errors\`)`),
    // The local host reads a body before it looks at the route, and the frame refuses one over its limit on any route.
    413: problemResponse(codesOf(413).join(', ')),
    429: { description: "Too many requests (AWS only: API Gateway's throttling); retry later", content: gatewayContent },
    500: { description: "AWS only: the function failed outright (API Gateway's own answer)", content: gatewayContent },
    503: {
      description: 'INTERNAL: temporarily unavailable; read again before retrying, or retry with the same Idempotency-Key',
      headers: { ...serviceOrGatewayHeaders, 'Retry-After': headerRef('RetryAfter') },
      content: { ...problemContent, ...gatewayContent },
    },
  };
  if (withToken) {
    responses[401] = {
      description: "UNAUTHENTICATED: no valid bearer token (in AWS, API Gateway's JWT authorizer answers before the service, with its own body)",
      headers: { ...serviceOrGatewayHeaders, 'WWW-Authenticate': headerRef('WWWAuthenticate') },
      content: { ...problemContent, ...gatewayContent },
    };
    responses[403] = problemResponse(`${codesOf(403).join(', ')}: the caller may not do this`);
  }
  // What a request names (a path id, an apprentice in the body, a group in the query) may not exist, or not for this caller.
  if (withToken && (route.params || route.query || route.body)) {
    responses[404] = problemResponse(`${codesOf(404).join(', ')}: what the request names does not exist, or the caller may not know it does`);
  }
  if (route.body) responses[415] = problemResponse(codesOf(415).join(', '));
  if (route.headers?.includes('If-Match')) responses[412] = problemResponse(codesOf(412).join(', '));
  if (route.conflicts?.length) responses[409] = problemResponse(route.conflicts.join(', '));
  // The routes that take an Idempotency-Key answer 422 for a key reused for another request, or a provisional booking outside its window;
  // any JSON answer can be refused as larger than Lambda may send (ANSWER_TOO_LARGE).
  if (route.headers?.includes('Idempotency-Key')) responses[422] = problemResponse(codesOf(422).join(', '));
  else if (route.response && !route.produces) responses[422] = problemResponse('ANSWER_TOO_LARGE: the answer would be larger than the service can send; ask for fewer at a time');
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
};

const successResponseOf = (route: Route, names: ComponentNames, components: Record<string, JsonSchema>) => {
  const successHeaders: Record<string, unknown> = { ...serviceHeaders };
  if (route.successStatus === 201) successHeaders.Location = headerRef('Location');
  if (route.headers?.includes('Idempotency-Key')) successHeaders['Idempotent-Replayed'] = headerRef('IdempotentReplayed');
  if (route.response) {
    const name = names.get(route.response);
    const schema = name ? components[name]! : schemaOf(route.response, 'output');
    // The frame answers a body's version as its ETag.
    if (((schema.required ?? []) as string[]).includes('version')) successHeaders.ETag = headerRef('ETag');
    return {
      description: route.summary,
      headers: successHeaders,
      content: { [route.produces ?? 'application/json']: { schema: name ? componentRef(name) : schema } },
    };
  }
  if (route.produces) {
    successHeaders['Content-Disposition'] = headerRef('ContentDisposition');
    return { description: route.summary, headers: successHeaders, content: { [route.produces]: { schema: { type: 'string' } } } };
  }
  return { description: route.summary, headers: successHeaders };
};

/** A request body is required unless its schema takes none (approve, reject and cancel take an optional reason). */
const requestBodyOf = (body: z.ZodType) => ({
  required: !body.safeParse(undefined).success,
  content: { 'application/json': { schema: schemaOf(body, 'input') } },
});

/** The OpenAPI 3.1 document, generated from the same route table and schemas that validate requests. */
export const openApiDocument = (routes: readonly Route[], info: { title: string; version: string }) => {
  const names = componentNamesOf(routes);
  const components = componentsOf(names);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.group],
      ...(route.access.kind === 'public' ? { security: [] } : {}),
      ...(route.access.kind === 'permission' ? { 'x-permission': route.access.permission } : {}),
      ...(route.access.kind === 'booking' ? { 'x-permission': bookingPermissionIds.join(' | ') } : {}),
      parameters: [
        ...parametersOf(route.params, 'path'),
        ...parametersOf(route.query, 'query'),
        ...(route.headers ?? []).map((name) => headerParameters[name]),
      ],
      ...(route.body ? { requestBody: requestBodyOf(route.body) } : {}),
      responses: { [String(route.successStatus)]: successResponseOf(route, names, components), ...errorResponsesOf(route) },
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  // A method a path does not have is answered 405 with the methods it has; OpenAPI has no
  // place for an operation that does not exist, so the path says it and names the answer.
  for (const [path, operations] of Object.entries(paths)) {
    const methods = Object.keys(operations).map((method) => method.toUpperCase());
    paths[path] = {
      description: `Other methods are answered 405 (components.responses.MethodNotAllowed) with Allow: ${methods.join(', ')}.`,
      ...operations,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        'Planning meeting booking service for end-point-assessment organisations. Every answer of the service carries ' +
        'X-Content-Type-Options: nosniff and Cache-Control: no-store; the answers API Gateway gives by itself in AWS ' +
        '(its authorizer\'s 401, throttling\'s 429, a failed function\'s 500 or 503) do not, and have a `{"message"}` body. ' +
        'A method a path does not have is answered 405 with Allow.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { ...components, Problem: ProblemSchema, GatewayMessage: GatewayMessageSchema },
      headers,
      responses: {
        MethodNotAllowed: problemResponse(`${codesOf(405).join(', ')}: the path does not have this method`, { Allow: headerRef('Allow') }),
      },
    },
  };
};
