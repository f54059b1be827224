import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * The contract every answer of the API is held to: the OpenAPI document the service
 * serves. A test helper that calls the API hands each answer here, so any test that
 * calls the API also checks that the document tells the truth about it: the status is
 * one the operation documents, the content type is a documented one, the body
 * validates against the documented schema (Ajv, JSON Schema 2020-12 as OpenAPI 3.1
 * uses it), and the documented headers are there when required and well formed.
 */

type Json = Record<string, any>;

export interface AnsweredRequest {
  method: string;
  /** The path as sent, with its query string if any. */
  path: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** The body as text; empty when there is none. */
  text: string;
}

interface PathTemplate {
  template: string;
  pattern: RegExp;
  literalSegments: number;
}

const escapePointer = (part: string): string => part.replaceAll('~', '~0').replaceAll('/', '~1');

const mediaTypeOf = (headers: Headers): string => (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

/** Methods that the document never describes: answered by the host for any path. */
const undocumentedMethods = new Set(['HEAD', 'OPTIONS']);

export class Contract {
  private readonly ajv: InstanceType<typeof Ajv2020>;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: PathTemplate[];

  constructor(readonly document: Json) {
    // strict: false because the document around the schemas (paths, components, OpenAPI's
    // own keywords) is not JSON Schema; the schemas themselves are checked as 2020-12.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats.default(this.ajv);
    this.ajv.addSchema(document, 'openapi.json');
    this.templates = Object.keys(document.paths ?? {}).map((template) => {
      const segments = template.split('/').slice(1);
      const source = segments
        .map((segment) => (/^\{\w+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      return { template, pattern: new RegExp(`^/${source}$`), literalSegments: segments.filter((segment) => !segment.startsWith('{')).length };
    });
  }

  /** The documented path that a concrete path is an instance of; a literal segment wins over a parameter. */
  pathTemplateOf(path: string): string | undefined {
    const pathname = path.split('?')[0]!;
    const matching = this.templates.filter(({ pattern }) => pattern.test(pathname));
    matching.sort((a, b) => b.literalSegments - a.literalSegments);
    return matching[0]?.template;
  }

  private validatorAt(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi.json#${pointer}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }

  private resolve(value: Json | undefined): Json | undefined {
    if (!value?.$ref) return value;
    const target = (value.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<any>((node, part) => node?.[part], this.document);
    return this.resolve(target);
  }

  /** What is wrong with an answer, as sentences; none when it is what the document says. */
  check(request: AnsweredRequest, answer: Answer): string[] {
    const method = request.method.toUpperCase();
    if (undocumentedMethods.has(method)) return [];
    const template = this.pathTemplateOf(request.path);
    // Not an API path (the screens, /local/…, /openapi.json): the document does not cover it.
    if (!template) return [];
    const pathItem = this.document.paths[template] as Json;
    const operation = pathItem[method.toLowerCase()] as Json | undefined;
    let response: Json | undefined;
    let pointer: string;
    let where: string;
    if (operation) {
      where = `${operation.operationId} answered ${answer.status}`;
      pointer = `/paths/${escapePointer(template)}/${method.toLowerCase()}/responses/${answer.status}`;
      response = operation.responses?.[String(answer.status)] as Json | undefined;
      if (!response) return [`${where}, a status it does not document (it documents ${Object.keys(operation.responses ?? {}).join(', ')})`];
      if (response.$ref) pointer = (response.$ref as string).slice(1);
    } else {
      // A method the path does not have: the document's answer for that, with the methods it has.
      where = `${method} ${template} answered ${answer.status}`;
      if (answer.status !== 405) return [`${where}, but a method the path does not have is answered 405`];
      pointer = '/components/responses/MethodNotAllowed';
    }
    response = this.resolve(response ?? this.resolve({ $ref: `#${pointer}` }));
    if (!response) return [`${where}: the document has no response at ${pointer}`];

    const failures: string[] = [];
    const content = (response.content ?? {}) as Record<string, Json>;
    const mediaType = mediaTypeOf(answer.headers);
    if (Object.keys(content).length === 0) {
      if (answer.text !== '') failures.push(`${where} with a body, where the document says there is none`);
    } else if (!(mediaType in content)) {
      failures.push(`${where} as ${mediaType || 'no content type'}, where the document says ${Object.keys(content).join(' or ')}`);
    } else if (content[mediaType]!.schema) {
      let body: unknown = answer.text;
      if (/json$/.test(mediaType)) {
        try {
          body = JSON.parse(answer.text);
        } catch {
          failures.push(`${where} with a body that is not JSON: ${answer.text.slice(0, 200)}`);
        }
      }
      const validate = this.validatorAt(`${pointer}/content/${escapePointer(mediaType)}/schema`);
      if (!validate(body)) {
        const errors = (validate.errors ?? [])
          .slice(0, 8)
          .map((error) => `${error.instancePath || '(body)'} ${error.message}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`);
        failures.push(`${where} with a body its schema refuses: ${errors.join('; ')} — body ${answer.text.slice(0, 300)}`);
      }
    }

    for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, Json>)) {
      const definition = this.resolve(header)!;
      const value = answer.headers.get(name);
      if (value === null) {
        if (definition.required) failures.push(`${where} without the ${name} header it documents as required`);
        continue;
      }
      if (definition.schema) {
        const headerName = Object.keys(response.headers).find((key) => key === name)!;
        const headerPointer = header.$ref ? `${(header.$ref as string).slice(1)}/schema` : `${pointer}/headers/${escapePointer(headerName)}/schema`;
        const validate = this.validatorAt(headerPointer);
        if (!validate(value)) failures.push(`${where} with ${name}: ${value}, which its schema refuses (${this.ajv.errorsText(validate.errors)})`);
      }
    }
    return failures;
  }
}

/** Thrown by the test helpers, so the test that made the request fails where it made it. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

const contracts = new Map<string, Contract>();

/** The document a host serves at /openapi.json, compiled once per distinct document. */
export const servedContract = async (baseUrl: string): Promise<Contract> => {
  const response = await fetch(`${baseUrl}/openapi.json`);
  const text = await response.text();
  if (!response.ok || !/^\s*\{\s*"openapi"/.test(text)) throw new Error(`${baseUrl} serves no OpenAPI document (${response.status})`);
  let contract = contracts.get(text);
  if (!contract) {
    contract = new Contract(JSON.parse(text) as Json);
    contracts.set(text, contract);
  }
  return contract;
};

export const assertAnswerFollowsContract = (contract: Contract, request: AnsweredRequest, answer: Answer): void => {
  const failures = contract.check(request, answer);
  if (failures.length > 0) {
    throw new ContractViolation(`${request.method} ${request.path}: the answer does not follow the served OpenAPI document:\n- ${failures.join('\n- ')}`);
  }
};

/**
 * A fetch that holds every answer to the contract before handing it back: for clients
 * that take a fetch of their own (openapi-fetch) and helpers that call the API directly.
 */
export const contractFetch =
  (contract: Contract, fetchOf: typeof fetch = globalThis.fetch) =>
  async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const response = await fetchOf(request);
    const url = new URL(request.url);
    const text = await response.clone().text();
    assertAnswerFollowsContract(contract, { method: request.method, path: `${url.pathname}${url.search}` }, { status: response.status, headers: response.headers, text });
    return response;
  };
