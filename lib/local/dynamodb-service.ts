import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { crc32 } from 'node:zlib';
import type { DynaliteBackend } from './dynalite-backend.ts';
import { DynamoDbTransactions } from './dynamodb-transactions.ts';
import { internalServerError, isObject, serializationError, WireError } from './dynamodb-wire.ts';
import type { WireBody, WireResponse } from './dynamodb-wire.ts';
import { ReadersWriterLock } from './readers-writer-lock.ts';
import { TableKeys } from './table-keys.ts';
import { TimeToLiveSettings } from './time-to-live.ts';

/** One DynamoDB request as it came, by socket or by message: its operation is named by `x-amz-target`. */
export interface StoreRequest {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A DynamoDB answer as it goes back, by socket or by message. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Whose request it is: the API's (and any HTTP client's), or work that runs after
 * the answers (the events pipeline in local mode), which waits while API requests
 * are being answered.
 */
export type StorePriority = 'foreground' | 'background';

/** The embedded store's DynamoDB API, whatever carries the requests to it. */
export interface DynamoDbService {
  /** Answers every request, a DynamoDB error included, with a response; never rejects. */
  handle(request: StoreRequest, priority?: StorePriority): Promise<RawResponse>;
  /** Waits for the requests being answered, so that closing never cuts a transaction in half. */
  settle(): Promise<void>;
}

// Reads share the lock and every write takes it alone, so a transaction (which
// writes, and restores on cancellation) is never seen half-done and never
// interleaves with another write.
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const TABLE_CHANGES = new Set(['CreateTable', 'DeleteTable', 'UpdateTable']);

/**
 * How long a background request waits at most for the API's requests to pause. On a
 * laptop the events pipeline shares the cores and the store with the API, where in
 * AWS its functions have capacity of their own; without this its writes took the
 * store's lock in front of bookings. The bound keeps it from starving under load.
 */
const BACKGROUND_WAIT_MS = 250;

/**
 * dynalite's operations, with those it lacks (transactions, TTL settings)
 * implemented here on top of them.
 */
export const createDynamoDbService = (backend: DynaliteBackend): DynamoDbService => {
  const lock = new ReadersWriterLock();
  const keys = new TableKeys(backend);
  const transactions = new DynamoDbTransactions(backend, keys);
  const timeToLive = new TimeToLiveSettings(backend);

  const route = async (operation: string, request: StoreRequest): Promise<RawResponse> => {
    const { body } = request;
    const forward = async (): Promise<RawResponse> => encode(await backend.forward(operation, body));

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
          // dynalite turns a new table ACTIVE on a timer, even a timer of 0 ms; a request
          // by channel could arrive first and find no table. Still under the lock, the
          // answer waits until it is ACTIVE, so a created table can be used at once.
          if (operation === 'CreateTable' && response.status === 200) await untilActive(backend, tableName);
        }
        return response;
      });
    }
    return forward();
  };

  const answer = async (request: StoreRequest): Promise<RawResponse> => {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    try {
      return await route(operation, request);
    } catch (error) {
      return encode(error instanceof WireError ? error.response : internalServerError(`Local DynamoDB failed: ${String(error)}`).response);
    }
  };

  const inFlight = new Set<Promise<RawResponse>>();
  let foreground = 0;
  const waitingForAPause = new Set<() => void>();
  const pause = (): Promise<void> =>
    new Promise((resolve) => {
      const go = (): void => {
        clearTimeout(timer);
        waitingForAPause.delete(go);
        resolve();
      };
      const timer = setTimeout(go, BACKGROUND_WAIT_MS);
      waitingForAPause.add(go);
    });

  const track = (answered: Promise<RawResponse>): Promise<RawResponse> => {
    inFlight.add(answered);
    void answered.finally(() => inFlight.delete(answered));
    return answered;
  };

  return {
    handle: (request, priority = 'foreground') => {
      if (priority === 'background') {
        return track(foreground > 0 ? pause().then(() => answer(request)) : answer(request));
      }
      foreground += 1;
      return track(
        answer(request).finally(() => {
          foreground -= 1;
          if (foreground === 0) for (const go of [...waitingForAPause]) go();
        }),
      );
    },
    settle: async () => {
      await Promise.allSettled([...inFlight]);
    },
  };
};

const untilActive = async (backend: DynaliteBackend, tableName: string): Promise<void> => {
  for (let tries = 0; tries < 1000; tries += 1) {
    const described = await backend.call('DescribeTable', { TableName: tableName });
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
