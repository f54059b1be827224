import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import type { DynaliteBackend, RawResponse } from './dynalite-backend.ts';
import { DynamoDbTransactions } from './dynamodb-transactions.ts';
import { internalServerError, isObject, serializationError, WireError } from './dynamodb-wire.ts';
import type { WireBody, WireResponse } from './dynamodb-wire.ts';
import { ReadersWriterLock } from './readers-writer-lock.ts';
import { TableKeys } from './table-keys.ts';
import { TimeToLiveSettings } from './time-to-live.ts';

export interface DynamoDbProxy {
  port: number;
  close(): Promise<void>;
}

// Reads share the lock and every write takes it alone, so a transaction (which
// writes, and restores on cancellation) is never seen half-done and never
// interleaves with another write.
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const TABLE_CHANGES = new Set(['CreateTable', 'DeleteTable', 'UpdateTable']);

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/**
 * A DynamoDB endpoint on 127.0.0.1 that forwards to dynalite and implements the
 * operations dynalite lacks (transactions, TTL settings) itself.
 */
export async function startDynamoDbProxy(backend: DynaliteBackend, port = 0): Promise<DynamoDbProxy> {
  const lock = new ReadersWriterLock();
  const keys = new TableKeys(backend);
  const transactions = new DynamoDbTransactions(backend, keys);
  const timeToLive = new TimeToLiveSettings(backend);

  const route = async (operation: string, request: IncomingMessage, body: Buffer): Promise<RawResponse> => {
    const forward = (): Promise<RawResponse> =>
      backend.forward(request.method ?? 'POST', request.url ?? '/', request.headers, body);

    switch (operation) {
      case 'TransactWriteItems':
        return lock.exclusive(async () => encode(await transactions.write(parse(body))));
      case 'TransactGetItems':
        return lock.shared(async () => encode(await transactions.get(parse(body))));
      case 'UpdateTimeToLive':
        return encode(await timeToLive.update(parse(body)));
      case 'DescribeTimeToLive':
        return encode(await timeToLive.describe(parse(body)));
    }
    if (READS.has(operation)) return lock.shared(forward);
    if (WRITES.has(operation)) return lock.exclusive(forward);
    if (TABLE_CHANGES.has(operation)) {
      return lock.exclusive(async () => {
        const response = await forward();
        const tableName = tableNameIn(body);
        if (tableName !== undefined) {
          keys.forget(tableName);
          if (operation === 'DeleteTable') timeToLive.forget(tableName);
        }
        return response;
      });
    }
    return forward();
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    let reply: RawResponse;
    try {
      reply = await route(operation, request, body);
    } catch (error) {
      reply = encode(
        error instanceof WireError ? error.response : internalServerError(`Local DynamoDB proxy failed: ${String(error)}`).response,
      );
    }
    send(response, reply);
  };

  // Tracked so close() lets a transaction finish (or roll back) before dynalite goes away.
  const inFlight = new Set<Promise<void>>();
  const server = http.createServer((request, response) => {
    const handled = handle(request, response).catch(() => {
      response.destroy();
    });
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
    },
  };
}

const parse = (body: Buffer): WireBody => {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (isObject(parsed)) return parsed;
  } catch {
    // Reported below like DynamoDB does.
  }
  throw serializationError();
};

const tableNameIn = (body: Buffer): string | undefined => {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return isObject(parsed) && typeof parsed.TableName === 'string' ? parsed.TableName : undefined;
  } catch {
    return undefined;
  }
};

const encode = ({ status, body }: WireResponse): RawResponse => {
  const bytes = Buffer.from(JSON.stringify(body));
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': randomUUID(),
      'x-amz-crc32': String(crc32(bytes)),
    },
    body: bytes,
  };
};

const send = (response: ServerResponse, { status, headers, body }: RawResponse): void => {
  const outgoing: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) outgoing[name] = value;
  }
  outgoing['content-length'] = body.length;
  response.writeHead(status, outgoing);
  response.end(body);
};

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
