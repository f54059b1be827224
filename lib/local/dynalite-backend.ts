import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
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

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te']);

/** HTTP access to the dynalite server that sits behind the proxy on loopback. */
export class DynaliteBackend {
  readonly #port: number;
  readonly #agent = new http.Agent({ keepAlive: true });

  constructor(port: number) {
    this.#port = port;
  }

  /** Sends a client's request on as it is. */
  forward(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<RawResponse> {
    const outgoing: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) outgoing[name] = value;
    }
    return this.#send(method, path, outgoing, body);
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

  close(): void {
    this.#agent.destroy();
  }

  #send(method: string, path: string, headers: http.OutgoingHttpHeaders, body: Buffer): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: this.#port,
          method,
          path,
          agent: this.#agent,
          headers: { ...headers, 'content-length': body.length },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 500, headers: response.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}
