import type { IncomingHttpHeaders } from 'node:http';
import type { MessagePort } from 'node:worker_threads';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { DynamoDbService, StorePriority } from './dynamodb-service.ts';

/**
 * A private channel between a DynamoDB client and the embedded store of the same
 * process: each request and its answer travel as one message between threads
 * instead of through a loopback socket. The client still serialises, signs and
 * parses every call as it would for DynamoDB; only the carrier differs. On two
 * cores the socket's work (system calls, the HTTP parsers on both sides) was a
 * tenth of a booking's CPU.
 */

interface ChannelRequest {
  id: number;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
}

interface ChannelReply {
  id: number;
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The store's side: answers every request that arrives on `port`, with the channel's priority. */
export const serveStoreChannel = (port: MessagePort, service: DynamoDbService, priority: StorePriority): void => {
  port.on('message', (request: ChannelRequest) => {
    const body = request.body === undefined ? Buffer.alloc(0) : typeof request.body === 'string' ? Buffer.from(request.body) : Buffer.from(request.body);
    void service.handle({ headers: request.headers, body }, priority).then((raw) => {
      const reply: ChannelReply = { id: request.id, status: raw.status, headers: stringHeaders(raw.headers), body: raw.body };
      port.postMessage(reply);
    });
  });
  // The channel alone must not keep the store's thread alive.
  port.unref();
};

type SdkRequestHandler = Extract<NonNullable<DynamoDBClientConfig['requestHandler']>, { handle: unknown }>;
type HandledRequest = Parameters<SdkRequestHandler['handle']>[0];
type HandlerOptions = Parameters<SdkRequestHandler['handle']>[1];

/**
 * What a table client of local mode sets to reach the store by `port`: the channel,
 * and no signature, since the embedded store checks none.
 */
export const overStoreChannel = (port: MessagePort) => ({ requestHandler: new StoreChannelRequestHandler(port), unsigned: true });

/** The client's side, as the AWS SDK's request handler. */
export class StoreChannelRequestHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  readonly #port: MessagePort;
  readonly #waiting = new Map<number, { answer: (reply: ChannelReply) => void; fail: (error: Error) => void }>();
  #nextId = 0;
  #closed = false;

  constructor(port: MessagePort) {
    this.#port = port;
    port.on('message', (reply: ChannelReply) => {
      const waiting = this.#waiting.get(reply.id);
      if (!waiting) return;
      this.#waiting.delete(reply.id);
      if (this.#waiting.size === 0) port.unref();
      waiting.answer(reply);
    });
    // A channel whose store has gone answers nothing more: fail what waits rather than hang it.
    port.on('close', () => this.#failAll(new Error('the embedded store closed its channel')));
    port.unref();
  }

  handle(request: HandledRequest, options?: HandlerOptions): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Uint8Array } }> {
    return new Promise((resolve, reject) => {
      if (this.#closed) {
        reject(new Error('the channel to the embedded store is closed'));
        return;
      }
      if (options?.abortSignal?.aborted) {
        reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
        return;
      }
      const id = (this.#nextId += 1);
      this.#waiting.set(id, {
        answer: (reply) => resolve({ response: { statusCode: reply.status, headers: reply.headers, body: reply.body } }),
        fail: reject,
      });
      // Waiting for an answer keeps the process alive, as an open socket would.
      if (this.#waiting.size === 1) this.#port.ref();
      // DynamoDB's JSON protocol names the operation in a header and carries the rest in the body.
      const message: ChannelRequest = { id, headers: request.headers, body: request.body as string | Uint8Array | undefined };
      this.#port.postMessage(message);
    });
  }

  updateHttpClientConfig(): void {
    // Nothing to configure: there is no connection pool.
  }

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {
    if (this.#closed) return;
    this.#failAll(new Error('the channel to the embedded store is closed'));
    this.#port.close();
  }

  #failAll(error: Error): void {
    this.#closed = true;
    for (const waiting of this.#waiting.values()) waiting.fail(error);
    this.#waiting.clear();
  }
}

const stringHeaders = (headers: IncomingHttpHeaders): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
};
