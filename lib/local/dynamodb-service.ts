import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { crc32 } from 'node:zlib';
import type { DynaliteBackend, RawResponse } from './dynalite-backend.ts';
import { DynamoDbTransactions } from './dynamodb-transactions.ts';
import { internalServerError, isObject, serializationError, WireError } from './dynamodb-wire.ts';
import type { WireBody, WireResponse } from './dynamodb-wire.ts';
import { ReadersWriterLock } from './readers-writer-lock.ts';
import { TableKeys } from './table-keys.ts';
import { TimeToLiveSettings } from './time-to-live.ts';

/** One DynamoDB request as it came, by socket or by message. */
export interface StoreRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The embedded store's DynamoDB API, whatever carries the requests to it. */
export interface DynamoDbService {
  /** Answers every request, a DynamoDB error included, with a response; never rejects. */
  handle(request: StoreRequest): Promise<RawResponse>;
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
  return {
    handle: (request) => {
      const answered = answer(request);
      inFlight.add(answered);
      void answered.finally(() => inFlight.delete(answered));
      return answered;
    },
    settle: async () => {
      await Promise.allSettled([...inFlight]);
    },
  };
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
