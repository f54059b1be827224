import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, RequestListener } from 'node:http';
import { WireError } from './dynamodb-wire.ts';
import type { WireBody, WireResponse } from './dynamodb-wire.ts';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

// dynalite rejects unsigned requests but never verifies a signature, so the
// proxy's own calls carry a well-formed dummy.
const INTERNAL_AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=local/20200101/eu-west-2/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0';

/** The part of an incoming request dynalite's handler reads: headers, method, url and the body as events. */
class HandedRequest extends EventEmitter {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly headers: IncomingHttpHeaders,
  ) {
    super();
  }
}

/** The part of a server response dynalite's handler writes: status, headers and one `end`. */
class HandedResponse {
  statusCode = 200;
  contentType: string | undefined;
  readonly headers: IncomingHttpHeaders = {};

  constructor(private readonly done: (response: RawResponse) => void) {}

  setHeader(name: string, value: string | number): void {
    this.headers[name.toLowerCase()] = String(value);
  }

  end(body?: string | Buffer): void {
    this.done({ status: this.statusCode, headers: this.headers, body: Buffer.from(body ?? '') });
  }
}

/**
 * dynalite behind the proxy, called in process: its own request handler gets each
 * request as it would from its HTTP server, without a second trip through a socket
 * (that trip cost as much as the store's work itself).
 */
export class DynaliteBackend {
  readonly #handle: RequestListener;

  constructor(handle: RequestListener) {
    this.#handle = handle;
  }

  /** Sends a client's request on as it is. */
  forward(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<RawResponse> {
    return this.#send(method, path, headers, body);
  }

  /** Calls one operation; DynamoDB errors come back as a response, not a rejection. */
  async call(operation: string, input: WireBody): Promise<WireResponse> {
    const raw = await this.#send(
      'POST',
      '/',
      {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
        'x-amz-date': '20200101T000000Z',
        authorization: INTERNAL_AUTHORIZATION,
      },
      Buffer.from(JSON.stringify(input)),
    );
    const text = raw.body.toString('utf8');
    return { status: raw.status, body: text ? (JSON.parse(text) as WireBody) : {} };
  }

  /** Calls one operation and throws its DynamoDB error as a {@link WireError}. */
  async expect(operation: string, input: WireBody): Promise<WireBody> {
    const response = await this.call(operation, input);
    if (response.status >= 300) throw new WireError(response);
    return response.body;
  }

  #send(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const request = new HandedRequest(method, path, headers);
      const response = new HandedResponse(resolve);
      try {
        this.#handle(request as never, response as never);
        // The handler has subscribed; the body arrives as one chunk, as a small request would.
        if (body.length > 0) request.emit('data', body);
        request.emit('end');
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }
}
