import fc from 'fast-check';

/**
 * Bad requests generated from the OpenAPI document: for every operation, requests that
 * are valid in most parts and wrong in at least one (a "defect") that the document
 * itself says must be refused: a wrong type, a missing or unknown field, a bad date,
 * an id outside the alphabet, a duplicated parameter, a malformed header, a bad token.
 * Reads may also go without a defect, to reach the use cases with edge values.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  parameters: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  security?: unknown[];
}

/** Who sends the request: a demo user's token, none, or a token that is not one. */
export type Authorization =
  | { kind: 'user'; userId: string }
  | { kind: 'none' }
  | { kind: 'raw'; value: string }
  | { kind: 'tampered'; userId: string };

export interface BadRequest {
  operationId: string;
  method: string;
  /** Path parameters already encoded as they go on the wire. */
  pathParams: Record<string, string>;
  /** Name and value pairs, each part already encoded, so duplicates and raw escapes survive. */
  query: Array<[string, string]>;
  headers: Record<string, string>;
  authorization: Authorization;
  body: { json: unknown } | { text: string } | undefined;
  /** What makes it bad; none only for reads reaching for edge values. */
  defects: string[];
}

export interface Known {
  /** Valid ids that exist, per path or body field name (`userId`, `meetingId`, …). */
  idsByName: Record<string, readonly string[]>;
  users: readonly string[];
  /** Cursors the service issued, each for one listing: sent to others, and cut short. */
  cursors?: readonly string[];
}

const httpMethods = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace']);

/** A path item holds its operations under method names beside its own fields (`description`). */
export const operationsOf = (document: { paths: Record<string, Record<string, unknown>> }): Operation[] =>
  Object.entries(document.paths).flatMap(([path, pathItem]) =>
    Object.entries(pathItem)
      .filter(([method]) => httpMethods.has(method))
      .map(([method, operation]) => ({ ...(operation as Omit<Operation, 'method' | 'path'>), method: method.toUpperCase(), path })),
  );

// Values the schemas' kinds take, good and bad.
export const goodDates = ['2027-01-04', '2027-01-08', '2026-12-02', '2028-02-29', '2027-03-28', '2027-10-31'];
export const badDates = [
  'not-a-date', 'tomorrow', '20261209', '2026-12-09T00:00:00Z', '2027-02-30', '2027-13-01', '2027-00-10', '2027-1-4',
  '0000-01-01', '0001-01-01', '9999-12-31', '1970-01-01', '2101-01-01', '+02027-01-01', ' 2027-01-04', '2027-01-04\u0000',
  '\u0662\u0660\u0662\u0667-\u0660\u0661-\u0660\u0664', '2027-01-04,2027-01-05', '',
];
export const goodInstants = ['2027-01-04T09:00:00Z', '2027-01-04T10:00:00+01:00', '2027-01-04T09:00Z', '2027-01-05T14:30:00.250Z', '2027-03-28T00:30:00-05:00'];
export const badInstants = [
  'not-a-date', '2027-01-04', '2027-01-04T09:00:00', '2027-01-04T09:00:00+99:99', '2027-01-04T09:00:00+24:00', '2027-01-04T09:00:00-23:60',
  '2027-01-04T25:00:00Z', '2027-01-04T09:60:00Z', '2027-01-04T09:00:60Z', '2027-02-30T09:00:00Z', '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z', '2027-01-04 09:00:00Z', '1e12', '2027-01-04T09:00:00.1234567890Z', '',
];
export const badIds = [
  ' ', '.hidden', '-dash', 'a b', '../etc/passwd', 'x'.repeat(129), 'é', '\u0000', '\u001f', '\u{1F600}', 'a\nb', '<script>', 'a,b', 'a;b', 'a%b',
];
const badTimes = ['25:00', '9:00', '24:01', '12:60', '12:00:00', 'noon', ''];
const badEmails = ['not-an-email', 'a@b', '@example.org', 'a@@example.org', 'a b@example.org'];
const badPhones = ['07700900123', '+0123456789', '+44 7700 900123', '+', 'phone'];
const goodText = ['Teams', 'Room 1', 'Notes about the meeting', 'Ünïcödé ✓', ''];
export const badCursors = [
  'garbage', 'eyJwayI6IkFQUFJFTlRJQ0UjeCJ9', Buffer.from('{"pk":"USER#demo-owner","sk":"PROFILE"}').toString('base64url'),
  Buffer.from('[1,2,3]').toString('base64url'), 'null', '%00', '====', 'x'.repeat(2001), 'a,b', Buffer.from('\u0000\u0001').toString('base64'),
];
/** Long, but within what API Gateway and the local server take in a request line (larger ones never reach a function). */
const hugeText = 'x'.repeat(6_000);

/** Strings outside the visible ASCII range and around it: what a careless client or an attacker sends. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.string({ maxLength: 10, unit: fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u2028', '\uFEFF', '\uD800', '%', '"', '\\', '/') }),
  fc.constant(hugeText),
);

/** Percent-encodes UTF-8 bytes (a lone surrogate goes as U+FFFD, where encodeURIComponent throws). */
export const encode = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

type Kind = 'date' | 'instant' | 'id' | 'time' | 'email' | 'phone' | 'text';

const patternOf = (schema: JsonSchema): RegExp | undefined => (schema.pattern ? new RegExp(schema.pattern) : undefined);

const kindOf = (schema: JsonSchema): Kind => {
  if (schema.format === 'date') return 'date';
  if (schema.format === 'date-time') return 'instant';
  if (schema.format === 'email') return 'email';
  const pattern = patternOf(schema);
  if (!pattern) return 'text';
  // An id may hold colons and digits, so it matches an instant too: ask it first.
  if (pattern.test('epa-1')) return 'id';
  if (pattern.test('2027-01-04T09:00:00Z')) return 'instant';
  if (pattern.test('2027-01-04')) return 'date';
  if (pattern.test('09:00')) return 'time';
  if (pattern.test('+447700900123')) return 'phone';
  return 'text';
};

const branchesOf = (schema: JsonSchema): JsonSchema[] | undefined => schema.anyOf ?? schema.oneOf;
const typesOf = (schema: JsonSchema): string[] => (schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type]);

/** The JSON types a schema lets through; undefined when it takes anything. */
const allowedTypes = (schema: JsonSchema): Set<string> | undefined => {
  const branches = branchesOf(schema);
  if (branches) {
    const all = new Set<string>();
    for (const branch of branches) {
      const types = allowedTypes(branch);
      if (!types) return undefined;
      types.forEach((type) => all.add(type));
    }
    return all;
  }
  if ('const' in schema) return new Set([jsonTypeOf(schema.const)]);
  if (schema.enum) return new Set(schema.enum.map(jsonTypeOf));
  const types = typesOf(schema);
  return types.length > 0 ? new Set(types.flatMap((type) => (type === 'number' ? ['number', 'integer'] : [type]))) : undefined;
};

const jsonTypeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;

const valueOfType: Record<string, unknown> = { string: 'text', integer: 7, number: 1.5, boolean: true, null: null, object: {}, array: [] };

const wrongTypes = (schema: JsonSchema): unknown[] => {
  const allowed = allowedTypes(schema);
  if (!allowed) return [];
  return Object.entries(valueOfType)
    .filter(([type]) => !allowed.has(type) && !(type === 'number' && allowed.has('number')))
    .map(([, value]) => value);
};

export class BadRequestGenerator {
  constructor(private readonly known: Known) {}

  private idsFor(name: string | undefined): readonly string[] {
    return (name && this.known.idsByName[name]) || this.known.users;
  }

  /** A value the schema takes, as a client that means well would send it. */
  plausible(schema: JsonSchema, name?: string, depth = 0): fc.Arbitrary<unknown> {
    if ('const' in schema) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const branches = branchesOf(schema);
    if (branches) return fc.oneof(...branches.map((branch) => this.plausible(branch, name, depth)));
    const types = typesOf(schema);
    if (types.length > 1) return fc.oneof(...types.map((type) => this.plausible({ ...schema, type }, name, depth)));
    switch (types[0]) {
      case 'object': {
        if (schema.properties) {
          const entries = Object.entries(schema.properties).map(([key, property]) => [key, this.plausible(property, key, depth + 1)] as const);
          return fc.record(Object.fromEntries(entries), { requiredKeys: schema.required ?? [] });
        }
        if (typeof schema.additionalProperties === 'object') {
          const keys = schema.propertyNames ? this.plausible(schema.propertyNames, undefined, depth + 1) : fc.string({ maxLength: 8 });
          return fc.dictionary(keys as fc.Arbitrary<string>, this.plausible(schema.additionalProperties, undefined, depth + 1), { maxKeys: 3 });
        }
        return fc.constant({});
      }
      case 'array': {
        const items = schema.items ? this.plausible(schema.items, name, depth + 1) : fc.jsonValue({ maxDepth: 1 });
        const minLength = Math.min(schema.minItems ?? 0, 3);
        return fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, depth > 1 ? 1 : 3)) });
      }
      case 'string':
        return this.plausibleString(schema, name);
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 1000, 1_000_000) });
      case 'number':
        return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  private plausibleString(schema: JsonSchema, name: string | undefined): fc.Arbitrary<string> {
    if (name === 'cursor' && this.known.cursors?.length) return fc.constantFrom(...this.known.cursors);
    switch (kindOf(schema)) {
      case 'date':
        return fc.constantFrom(...goodDates);
      case 'instant':
        return fc.constantFrom(...goodInstants);
      case 'id':
        return fc.constantFrom(...this.idsFor(name));
      case 'time':
        return fc.constantFrom('09:00', '12:30', '17:00', '24:00');
      case 'email':
        return fc.constantFrom('someone@example.org', 'a.b+c@example.co.uk');
      case 'phone':
        return fc.constantFrom('+447700900123', '+15555550100');
      default: {
        const min = schema.minLength ?? 0;
        const max = Math.min(schema.maxLength ?? 20, 20);
        const fitting = goodText.filter((text) => text.length >= min && text.length <= (schema.maxLength ?? Infinity));
        // Control characters, lone surrogates and the like are valid text here, and must stay harmless.
        const generated = fc.oneof(fc.string({ minLength: min, maxLength: Math.max(min, max) }), fc.string({ minLength: min, maxLength: Math.max(min, max), unit: 'binary' }));
        return fitting.length > 0 ? fc.oneof(fc.constantFrom(...fitting), generated) : generated;
      }
    }
  }

  /** A value the schema must refuse (undefined when the schema takes anything). */
  defective(schema: JsonSchema, name?: string, depth = 0): fc.Arbitrary<unknown> | undefined {
    const options: fc.Arbitrary<unknown>[] = [];
    const wrong = wrongTypes(schema);
    if (wrong.length > 0) options.push(fc.constantFrom(...wrong));
    if ('const' in schema && typeof schema.const === 'string') options.push(fc.constantFrom(`${schema.const}-not`, schema.const.toUpperCase(), ''));
    if (schema.enum) options.push(fc.constantFrom(...['not-one-of-them', '', ' '].filter((value) => !schema.enum!.includes(value))));
    const branches = branchesOf(schema);
    if (branches) {
      // Sound because every union in the document is of strict objects or of a type and null.
      for (const branch of branches) {
        const bad = this.defective(branch, name, depth);
        if (bad) options.push(bad);
      }
    }
    const types = branches ? [] : typesOf(schema);
    if (types.includes('object')) options.push(...this.defectiveObject(schema, depth));
    if (types.includes('array')) {
      if (schema.items) {
        const badItem = this.defective(schema.items, name, depth + 1);
        if (badItem) {
          options.push(
            fc.tuple(this.plausible({ ...schema, maxItems: Math.min(schema.maxItems ?? 2, 2) }, name, depth) as fc.Arbitrary<unknown[]>, badItem, fc.nat(2))
              .map(([items, bad, at]) => [...items.slice(0, at), bad, ...items.slice(at)]),
          );
        }
      }
      if (schema.minItems) options.push(fc.constant([]));
      if (schema.maxItems !== undefined && schema.maxItems <= 60 && schema.items) {
        options.push(fc.array(this.plausible(schema.items, name, depth + 1), { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 1 }));
      }
    }
    if (types.includes('string') && !('const' in schema) && !schema.enum) options.push(...this.defectiveString(schema));
    if (types.includes('integer')) {
      options.push(fc.constantFrom(1.5, -0.5));
      if (schema.minimum !== undefined) options.push(fc.constant(schema.minimum - 1));
      if (schema.maximum !== undefined && schema.maximum < 1e15) options.push(fc.constant(schema.maximum + 1));
    }
    return options.length > 0 ? fc.oneof(...options) : undefined;
  }

  private defectiveObject(schema: JsonSchema, depth: number): fc.Arbitrary<unknown>[] {
    const options: fc.Arbitrary<unknown>[] = [];
    const base = this.plausible(schema, undefined, depth) as fc.Arbitrary<Record<string, unknown>>;
    if (schema.additionalProperties === false) {
      options.push(fc.tuple(base, fc.constantFrom('unexpectedField', '__proto__', 'constructor', 'id', 'version')).map(([value, key]) => {
        const copy: Record<string, unknown> = { ...value };
        Object.defineProperty(copy, key, { value: 1, enumerable: true, writable: true, configurable: true });
        return copy;
      }));
    }
    for (const key of schema.required ?? []) {
      options.push(base.map((value) => {
        const { [key]: _left, ...rest } = value;
        return rest;
      }));
    }
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      const bad = this.defective(property, key, depth + 1);
      if (bad) options.push(fc.tuple(base, bad).map(([value, wrong]) => ({ ...value, [key]: wrong })));
    }
    if (typeof schema.additionalProperties === 'object') {
      const value = this.plausible(schema.additionalProperties, undefined, depth + 1);
      if (schema.propertyNames?.enum) options.push(fc.tuple(base, value).map(([object, inner]) => ({ ...object, 'not-a-key': inner })));
      const badValue = this.defective(schema.additionalProperties, undefined, depth + 1);
      const keys = schema.propertyNames?.enum as string[] | undefined;
      if (badValue && keys) options.push(fc.tuple(base, fc.constantFrom(...keys), badValue).map(([object, key, inner]) => ({ ...object, [key]: inner })));
    }
    return options;
  }

  private defectiveString(schema: JsonSchema): fc.Arbitrary<unknown>[] {
    const options: fc.Arbitrary<unknown>[] = [];
    if (schema.maxLength !== undefined && schema.maxLength < 200_000) options.push(fc.constant('x'.repeat(schema.maxLength + 1)));
    if (schema.minLength) options.push(fc.constant(''));
    const pool: Record<Kind, readonly string[]> = {
      date: badDates,
      instant: badInstants,
      id: badIds,
      time: badTimes,
      email: badEmails,
      phone: badPhones,
      text: [],
    };
    const pattern = patternOf(schema);
    const kind = kindOf(schema);
    // Kinds known to the pool are bad by intent (a date outside the range matches a loose pattern);
    // free text only where its pattern refuses the value.
    const bad = kind === 'text' && pattern ? ['\u0000', 'not matching', ' '].filter((value) => !pattern.test(value)) : pool[kind];
    if (bad.length > 0) options.push(fc.constantFrom(...bad));
    return options;
  }

  // ---- whole requests ----

  /** Mostly a user who may call most routes (the first, the owner), so that most requests reach validation. */
  private authorizations(): fc.Arbitrary<Authorization> {
    const user = fc.oneof({ weight: 3, arbitrary: fc.constant(this.known.users[0]!) }, { weight: 2, arbitrary: fc.constantFrom(...this.known.users) });
    return fc.oneof(
      { weight: 24, arbitrary: user.map((userId): Authorization => ({ kind: 'user', userId })) },
      { weight: 1, arbitrary: fc.constant<Authorization>({ kind: 'none' }) },
      {
        weight: 1,
        arbitrary: fc.oneof(
          fc.constantFrom('Bearer', 'Bearer ', 'Bearer garbage', 'Bearer a.b.c', 'Basic ZGVtbzpkZW1v', 'Token abc', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJkZW1vLW93bmVyIn0.', 'Bearer x.y', 'Bearer \u00ff\u00fe'),
          fc.string({ maxLength: 30 }).map((text) => `Bearer ${text}`),
        ).map((value): Authorization => ({ kind: 'raw', value })),
      },
      { weight: 1, arbitrary: fc.constantFrom(...this.known.users).map((userId): Authorization => ({ kind: 'tampered', userId })) },
    );
  }

  /** Header values a client can put on the wire: latin-1 without control characters (fetch refuses those before sending). */
  private headerText(): fc.Arbitrary<string> {
    return fc.string({ maxLength: 30, unit: fc.integer({ min: 0x20, max: 0xff }).filter((code) => code !== 0x7f).map((code) => String.fromCharCode(code)) }).map((text) => text.trim());
  }

  request(operation: Operation): fc.Arbitrary<BadRequest> {
    const isRead = operation.method === 'GET';
    const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
    const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
    const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
    const headerNames = operation.parameters.filter((parameter) => parameter.in === 'header').map((parameter) => parameter.name);
    const bodySchema = operation.requestBody?.content['application/json']?.schema;

    const pathParams = fc.record(
      Object.fromEntries(pathParameters.map((parameter) => [parameter.name, (this.plausible(parameter.schema, parameter.name) as fc.Arbitrary<string>).map(encode)])),
    ) as fc.Arbitrary<Record<string, string>>;
    const query = fc
      .tuple(...queryParameters.map((parameter) =>
        fc.tuple(fc.constant(parameter.name), this.plausible(parameter.schema, parameter.name).map(String), parameter.required ? fc.constant(true) : fc.boolean()),
      ))
      .map((entries) => entries.filter(([, , present]) => present).map(([name, value]): [string, string] => [encode(name), encode(value)]));
    const headers = fc.record(
      {
        'if-match': fc.constantFrom('"1"', 'W/"1"', '*', '1', '"2"'),
        'idempotency-key': fc.uuid(),
        accept: fc.constantFrom('application/json', '*/*', 'text/html', 'application/problem+json'),
        'x-noise': this.headerText(),
        'content-type': fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON', 'application/merge-patch+json', 'application/json;charset=latin-1'),
      },
      { requiredKeys: [] },
    ).map((all) => {
      const kept: Record<string, string> = {};
      for (const [name, value] of Object.entries(all)) {
        if (name === 'if-match' && !headerNames.includes('If-Match')) continue;
        if (name === 'idempotency-key' && !headerNames.includes('Idempotency-Key')) continue;
        if (name === 'content-type' && !bodySchema) continue;
        kept[name] = value;
      }
      return kept;
    });
    const body = bodySchema ? this.plausible(bodySchema).map((json) => ({ json })) : fc.constant(undefined);

    const base = fc.record({ pathParams, query, headers, authorization: this.authorizations(), body }).map((parts): BadRequest => ({
      operationId: operation.operationId,
      method: operation.method,
      ...parts,
      defects: parts.authorization.kind === 'user' || isPublic ? [] : ['authorization'],
    }));

    type Defect = fc.WeightedArbitrary<(request: BadRequest) => BadRequest>;
    // Defects answered before validation (a token, the media type, JSON syntax) are rarer, so most requests reach the schemas.
    const answeredEarly = new Set(['authorization', 'content type', 'body not JSON']);
    const defect = (name: string, arbitrary: fc.Arbitrary<(request: BadRequest) => BadRequest>): Defect => ({
      weight: answeredEarly.has(name) ? 1 : 4,
      arbitrary: arbitrary.map((change) => (request: BadRequest) => ({ ...change(request), defects: [...request.defects, name] })),
    });
    const defects: Defect[] = [];

    for (const parameter of pathParameters) {
      const bad = [...badIds, ...(parameter.schema.maxLength ? ['x'.repeat(parameter.schema.maxLength + 1)] : [])]
        .filter((value) => !parameter.schema.pattern || !new RegExp(parameter.schema.pattern).test(value) || value.length > (parameter.schema.maxLength ?? Infinity));
      // Not `..`: the URL is normalised before it is sent, so that request never reaches the route.
      const encoded = fc.oneof(fc.constantFrom(...bad).map(encode), fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%2F', '%C0%AE'));
      defects.push(defect(`path ${parameter.name}`, encoded.map((value) => (request) => ({ ...request, pathParams: { ...request.pathParams, [parameter.name]: value } }))));
    }

    if (queryParameters.length > 0) {
      const names = queryParameters.map((parameter) => parameter.name);
      defects.push(defect('unknown query parameter', fc.tuple(fc.constantFrom('unknown', 'page', 'sort', 'from ', 'FROM', '__proto__'), nastyString).map(([name, value]) => (request) => ({
        ...request,
        query: [...request.query, [encode(name), encode(value)]],
      }))));
      defects.push(defect('duplicate query parameter', fc.tuple(fc.constantFrom(...queryParameters), fc.boolean()).chain(([parameter, same]) =>
        fc.tuple(this.plausible(parameter.schema, parameter.name), same ? fc.constant(undefined) : this.plausible(parameter.schema, parameter.name)).map(([first, second]) => (request: BadRequest) => ({
          ...request,
          query: [
            ...request.query.filter(([name]) => name !== parameter.name),
            [parameter.name, encode(String(first))],
            [parameter.name, encode(String(second ?? first))],
          ] as Array<[string, string]>,
        })),
      )));
      for (const parameter of queryParameters) {
        const bad = parameter.name === 'cursor'
          ? fc.constantFrom(...badCursors, ...(this.known.cursors ?? []).map((cursor) => cursor.slice(0, Math.floor(cursor.length / 2))))
          : parameter.schema.type === 'integer'
            ? fc.constantFrom('abc', '1.5', '0', '-1', '1e3', '', ' ', '0x', 'Infinity', 'NaN', '1,2', String(Number.MAX_SAFE_INTEGER) + '0')
            : (this.defective(parameter.schema, parameter.name)?.filter((value) => typeof value === 'string') as fc.Arbitrary<string> | undefined);
        if (!bad) continue;
        defects.push(defect(`query ${parameter.name}`, bad.map((value) => (request) => ({
          ...request,
          query: [...request.query.filter(([name]) => name !== parameter.name), [parameter.name, encode(String(value))]],
        }))));
        if (parameter.required) {
          defects.push(defect(`missing query ${parameter.name}`, fc.constant((request: BadRequest) => ({ ...request, query: request.query.filter(([name]) => name !== parameter.name) }))));
        }
      }
      if (names.includes('from') && names.includes('to')) defects.push(defect('query range reversed or too wide', fc.constantFrom(['2027-01-08', '2027-01-04'], ['2000-01-01', '2100-12-31'], ['2027-01-04', '2028-02-04']).map(([from, to]) => (request) => ({
        ...request,
        query: [...request.query.filter(([name]) => name !== 'from' && name !== 'to'), ['from', from!], ['to', to!]],
      }))));
      defects.push(defect('raw escapes in the query', fc.constantFrom('from=%', 'to=%zz', 'limit=%00', '%=%', '=', 'from', 'cursor=%E0%A4%A').map((raw) => (request) => ({
        ...request,
        query: [...request.query, raw.includes('=') ? (raw.split('=') as [string, string]) : [raw, '']],
      }))));
    }

    if (bodySchema) {
      const badBody = this.defective(bodySchema);
      if (badBody) defects.push(defect('body', badBody.map((json) => (request) => ({ ...request, body: { json } }))));
      defects.push(defect('body not JSON', fc.oneof({ weight: 8, arbitrary: fc.constantFrom('{', '{"a":', 'nul', '[1,]', "{'a':1}", '\u0000', '{"a":1}{"b":2}', 'NaN') }, { weight: 1, arbitrary: fc.constant(`{"name":"${'y'.repeat(300 * 1024)}"}`) }).map((text) => (request) => ({ ...request, body: { text } }))));
      defects.push(defect('content type', fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'json', 'text/json').map((contentType) => (request) => ({
        ...request,
        body: request.body ?? { json: {} },
        headers: { ...request.headers, 'content-type': contentType },
      }))));
    } else if (!isRead) {
      defects.push(defect('body where none is taken', fc.constantFrom('{"force":true}', '[]', 'x', '{}').map((text) => (request) => ({ ...request, body: { text }, headers: { ...request.headers, 'content-type': 'application/json' } }))));
    }

    if (headerNames.includes('If-Match')) {
      defects.push(defect('If-Match', fc.oneof(fc.constantFrom('yesterday', '"-1"', '"1", "2"', 'W/', '""', '"99999999999"', '"1.5"', 'W/"x"', '\u00ff'), this.headerText().filter((text) => !/^(W\/)?"?\d{1,9}"?$/.test(text) && text !== '*' && text !== '')).map((value) => (request) => ({
        ...request,
        headers: { ...request.headers, 'if-match': value },
      }))));
    }
    if (headerNames.includes('Idempotency-Key')) {
      defects.push(defect('Idempotency-Key', fc.constantFrom('', 'a b', 'x'.repeat(256), '\u00e9t\u00e9', 'tab\tkey').map((value) => (request) => ({
        ...request,
        headers: { ...request.headers, 'idempotency-key': value },
      }))));
    }
    if (!isPublic) {
      defects.push(defect('authorization', fc.constantFrom<Authorization>({ kind: 'none' }, { kind: 'raw', value: 'Bearer garbage' }, { kind: 'tampered', userId: this.known.users[0]! }).map((authorization) => (request) => ({ ...request, authorization }))));
    }

    if (defects.length === 0) return base;
    const someDefects = fc.array(fc.oneof(...defects), { minLength: isRead ? 0 : 1, maxLength: 2 });
    return fc.tuple(base, someDefects).map(([request, changes]) => changes.reduce((changed, change) => change(changed), request));
  }
}
