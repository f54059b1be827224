import { createRequire } from 'node:module';
import { Agent, request, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WireError, type WireBody, type WireResponse } from './dynamodb-wire.ts';

/** A DynamoDB answer as it travels: status, headers (dynalite's checksum among them) and bytes. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

interface DynaliteOptions {
  path?: string;
  createTableMs: number;
  deleteTableMs: number;
  updateTableMs: number;
}

const dynalite = createRequire(import.meta.url)('dynalite') as (options: DynaliteOptions) => Server;

// dynalite checks that a request looks signed, not the signature itself.
const SIGNED = {
  authorization: 'AWS4-HMAC-SHA256 Credential=local/20000101/eu-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=local',
  'x-amz-date': '20000101T000000Z',
};
/** What a forwarded request keeps of its headers: the rest describe the client's connection, not the call. */
const FORWARDED = ['authorization', 'x-amz-date', 'x-amz-target', 'content-type'];

/**
 * dynalite through its documented interface: its HTTP server, on a loopback port
 * of its own, called with kept-alive connections. Tables become ACTIVE at once
 * (after a 0 ms timer), since tests and local mode use them straight away.
 */
export class DynaliteServer {
  readonly #server: Server;
  readonly #port: number;
  readonly #agent = new Agent({ keepAlive: true });

  private constructor(server: Server, port: number) {
    this.#server = server;
    this.#port = port;
  }

  /** Data in LevelDB under `path`, else in memory. */
  static async start(path?: string): Promise<DynaliteServer> {
    const server = dynalite({ ...(path ? { path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const started = new DynaliteServer(server, (server.address() as AddressInfo).port);
    // LevelDB opens on first use: a folder another process holds fails here, not at the first request.
    const probe = await started.call('ListTables', {}).catch((error: unknown) => ({ status: 500, body: { message: String(error) } }));
    if (probe.status !== 200) {
      await started.close().catch(() => undefined);
      throw new Error(
        path
          ? `The local data folder ${path} cannot be opened; is the service already running on it? (${String(probe.body.message ?? probe.status)})`
          : `The in-memory store did not open: ${String(probe.body.message ?? probe.status)}`,
      );
    }
    return started;
  }

  /** One operation; a DynamoDB error comes back as a response, not a rejection. */
  async call(operation: string, input: WireBody): Promise<WireResponse> {
    const body = Buffer.from(JSON.stringify(input));
    const answer = await this.#post({ ...SIGNED, 'x-amz-target': `DynamoDB_20120810.${operation}`, 'content-type': 'application/x-amz-json-1.0' }, body);
    return { status: answer.status, body: JSON.parse(answer.body.toString('utf8')) as WireBody };
  }

  /** One operation, throwing its DynamoDB error as a {@link WireError}. */
  async expect(operation: string, input: WireBody): Promise<WireBody> {
    const response = await this.call(operation, input);
    if (response.status >= 300) throw new WireError(response);
    return response.body;
  }

  /** A client's request passed on as it came, with dynalite's answer as it comes. */
  forward(headers: IncomingHttpHeaders, body: Buffer): Promise<RawResponse> {
    const kept: OutgoingHttpHeaders = { ...SIGNED };
    for (const name of FORWARDED) if (headers[name] !== undefined) kept[name] = headers[name];
    return this.#post(kept, body);
  }

  /** Waits for dynalite's operations under way, then closes its store. */
  close(): Promise<void> {
    this.#agent.destroy();
    return new Promise((resolve, reject) => this.#server.close((error) => (error ? reject(error) : resolve())));
  }

  #post(headers: OutgoingHttpHeaders, body: Buffer): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const sent = request(
        { host: '127.0.0.1', port: this.#port, method: 'POST', path: '/', agent: this.#agent, headers: { ...headers, 'content-length': body.length } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 500, headers: response.headers, body: Buffer.concat(chunks) }));
          response.on('error', reject);
        },
      );
      sent.on('error', reject);
      sent.end(body);
    });
  }
}
