import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Agent, request, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';
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
  readonly #release: () => void;

  private constructor(server: Server, port: number, release: () => void) {
    this.#server = server;
    this.#port = port;
    this.#release = release;
  }

  /** Data in LevelDB under `path`, else in memory. */
  static async start(path?: string): Promise<DynaliteServer> {
    const release = path ? holdFolder(path) : () => undefined;
    const server = dynalite({ ...(path ? { path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    // Idle connections are ours to close: a server closing one as our agent reuses it would fail a call.
    server.keepAliveTimeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    }).catch((error: unknown) => {
      release();
      throw error;
    });
    return new DynaliteServer(server, (server.address() as AddressInfo).port, release);
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
  async close(): Promise<void> {
    this.#agent.destroy();
    await new Promise<void>((resolve, reject) => this.#server.close((error) => (error ? reject(error) : resolve())));
    this.#release();
  }

  #post(headers: OutgoingHttpHeaders, body: Buffer): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const sent = request(
        { host: '127.0.0.1', port: this.#port, method: 'POST', path: '/', agent: this.#agent, headers: { ...headers, 'content-length': body.length } },
        (response) => {
          buffer(response).then((body) => resolve({ status: response.statusCode ?? 500, headers: response.headers, body }), reject);
        },
      );
      sent.on('error', reject);
      sent.end(body);
    });
  }
}

/**
 * LevelDB admits one process per folder, and dynalite would only fail (unhandled) at
 * the first request: the folder is claimed here first, with this process's id, so that
 * a second start says why it cannot. A claim left by a process that was killed is taken over.
 */
const holdFolder = (path: string): (() => void) => {
  const file = join(path, 'service.pid');
  let holder = 0;
  try {
    holder = Number(readFileSync(file, 'utf8'));
  } catch {
    // No claim yet.
  }
  if (holder > 0 && isRunning(holder)) {
    throw new Error(`The local data folder ${path} is in use by process ${holder}; is the service already running on it?`);
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
};

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
