import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { crc32 } from 'node:zlib';
import { DynaliteServer, type RawResponse } from './dynalite-server.ts';
import { DynamoDbTransactions } from './dynamodb-transactions.ts';
import { internalServerError, isObject, serializationError, WireError, type WireBody, type WireResponse } from './dynamodb-wire.ts';
import { ReadersWriterLock } from './readers-writer-lock.ts';
import { TableKeys } from './table-keys.ts';

export interface EmbeddedDynamoDb {
  /** `http://127.0.0.1:<port>`; use any credentials and region `eu-west-2`. */
  endpoint: string;
  /** Answers the requests under way (so no transaction is cut in half), then closes the store. */
  close(): Promise<void>;
}

// Reads share the lock and every write takes it alone, so a transaction (which
// writes, and restores on cancellation) is never seen half-done and never
// interleaves with another write.
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const TABLE_CHANGES = new Set(['CreateTable', 'DeleteTable', 'UpdateTable']);

/**
 * A DynamoDB endpoint on 127.0.0.1 for any DynamoDB client: dynalite, with the
 * transactions it lacks added in front of it (decision 0001). `path` keeps the data
 * in a LevelDB directory; without it the data lives in memory. `port` 0 or omitted
 * picks a free port.
 */
export async function startEmbeddedDynamoDb(options: { path?: string; port?: number } = {}): Promise<EmbeddedDynamoDb> {
  if (options.path) await mkdir(options.path, { recursive: true });
  const dynalite = await DynaliteServer.start(options.path);
  const lock = new ReadersWriterLock();
  const keys = new TableKeys(dynalite);
  const transactions = new DynamoDbTransactions(dynalite, keys);

  const route = async (operation: string, headers: IncomingHttpHeaders, body: Buffer): Promise<RawResponse> => {
    const forward = (): Promise<RawResponse> => dynalite.forward(headers, body);
    if (operation === 'TransactWriteItems') return encode(await lock.exclusive(() => transactions.write(parse(body))));
    if (operation === 'TransactGetItems') return encode(await lock.shared(() => transactions.get(parse(body))));
    if (READS.has(operation)) return lock.shared(forward);
    if (WRITES.has(operation)) return lock.exclusive(forward);
    if (!TABLE_CHANGES.has(operation)) return forward();
    return lock.exclusive(async () => {
      const response = await forward();
      const tableName = tableNameIn(body);
      if (tableName !== undefined) {
        keys.forget(tableName);
        // dynalite turns a new table ACTIVE on a timer; still under the lock, the
        // answer waits for it, so a created table can be used at once.
        if (operation === 'CreateTable' && response.status === 200) await untilActive(dynalite, tableName);
      }
      return response;
    });
  };

  const answer = async (request: IncomingMessage): Promise<RawResponse> => {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    try {
      return await route(operation, request.headers, await buffer(request));
    } catch (error) {
      return encode(error instanceof WireError ? error.response : internalServerError(`Local DynamoDB failed: ${String(error)}`).response);
    }
  };

  // Tracked so that close() lets a transaction finish (or roll back) before dynalite goes
  // away; once closing, a request on a kept-alive connection is refused before it starts.
  const inFlight = new Set<Promise<void>>();
  let closing: Promise<void> | undefined;
  const server = createServer((request, response) => {
    if (closing) {
      response.destroy();
      return;
    }
    const handled = answer(request).then(
      ({ status, headers, body }) => {
        response.writeHead(status, {
          'content-type': headers['content-type'] ?? 'application/x-amz-json-1.0',
          ...(headers['x-amz-crc32'] ? { 'x-amz-crc32': headers['x-amz-crc32'] } : {}),
          ...(headers['x-amzn-requestid'] ? { 'x-amzn-requestid': headers['x-amzn-requestid'] } : {}),
          'content-length': body.length,
        });
        response.end(body);
      },
      () => void response.destroy(),
    );
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });
  // Clients keep their connections, and close() closes them: none is cut under a client about to reuse it.
  server.keepAliveTimeout = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await dynalite.close();
    throw error;
  }

  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        server.closeAllConnections();
        await closed;
        await dynalite.close();
      })();
      return closing;
    },
  };
}

const untilActive = async (dynalite: DynaliteServer, tableName: string): Promise<void> => {
  for (let tries = 0; tries < 1000; tries += 1) {
    const described = await dynalite.call('DescribeTable', { TableName: tableName });
    const table = isObject(described.body.Table) ? described.body.Table : undefined;
    if (table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
};

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
    const { TableName } = parse(body);
    return typeof TableName === 'string' ? TableName : undefined;
  } catch {
    return undefined;
  }
};

/** Our own answers (the transactions) carry what dynalite's carry: a request id and the body's CRC32, which the SDK checks. */
const encode = ({ status, body }: WireResponse): RawResponse => {
  const bytes = Buffer.from(JSON.stringify(body));
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID(), 'x-amz-crc32': String(crc32(bytes)) },
    body: bytes,
  };
};
