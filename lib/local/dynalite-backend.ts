import { createRequire } from 'node:module';
import { serializationError, WireError } from './dynamodb-wire.ts';
import type { WireBody, WireResponse } from './dynamodb-wire.ts';

/**
 * dynalite's own modules, called directly: its store (LevelDB or memory), the
 * validation of each operation (which also parses the expressions) and the
 * operation itself. Its HTTP handler is not used: signature headers, a request id
 * from random bytes, JSON both ways and a CRC of each answer cost a transaction's
 * dozen inner calls more than their work. These are dynalite's internal modules, so
 * its version is pinned (package-lock) and the embedded-store tests cover every
 * operation the service uses.
 */
type TableCallback = (error: Error | null, table?: { TableStatus?: string }) => void;
interface DynaliteStore {
  db: { open(): Promise<void>; close(): Promise<void> };
  lifecycleManager?: { gracefulClose(callback: (error?: Error | null) => void): void };
  tableDb: Record<'put' | 'del' | 'batch', (...args: unknown[]) => unknown>;
  getTable(name: string, checkStatus: boolean | TableCallback, callback?: TableCallback): void;
}

/**
 * Every item operation of dynalite reads its table's description from the store
 * and decodes it (2 KB of JSON with the indexes), a transaction's dozen inner
 * calls a dozen times. The active descriptions are kept instead, and dropped
 * whenever a table description is written. Only item operations (which pass no
 * status flag and never change the description) are served from it; table
 * operations, which change the object they get, read the store as before.
 */
const keepActiveTables = (store: DynaliteStore): void => {
  const read = store.getTable.bind(store);
  const active = new Map<string, { TableStatus?: string }>();
  /** Bumped around every write of a description, so that a read it overtook keeps nothing. */
  let generation = 0;
  store.getTable = (name, checkStatus, callback) => {
    if (typeof checkStatus !== 'function') {
      read(name, checkStatus, callback);
      return;
    }
    const answer = checkStatus;
    const held = active.get(name);
    if (held) {
      queueMicrotask(() => answer(null, held));
      return;
    }
    const readIn = generation;
    read(name, (error, table) => {
      if (!error && table?.TableStatus === 'ACTIVE' && generation === readIn) active.set(name, table);
      answer(error, table);
    });
  };
  for (const method of ['put', 'del', 'batch'] as const) {
    const write = store.tableDb[method].bind(store.tableDb);
    store.tableDb[method] = (...args: unknown[]) => {
      generation += 1;
      active.clear();
      const last = args.length - 1;
      const done = args[last];
      if (typeof done === 'function') {
        args[last] = (...results: unknown[]) => {
          generation += 1;
          active.clear();
          (done as (...results: unknown[]) => void)(...results);
        };
      }
      return write(...args);
    };
  }
};

type ActionCallback = (error: (Error & { statusCode?: number; body?: WireBody }) | null, result?: WireBody) => void;
type Action = (store: DynaliteStore, data: WireBody, callback: ActionCallback) => void;
interface ActionValidation {
  types: object;
  custom?: unknown;
}
interface Validations {
  checkTypes(data: WireBody, types: object): WireBody;
  checkValidations(data: WireBody, types: object, custom: unknown, store: DynaliteStore): void;
}

const load = createRequire(import.meta.url);
const dynaliteDb = load('dynalite/db') as { create(options: DynaliteOptions): DynaliteStore };
const validations = load('dynalite/validations') as Validations;

interface DynaliteOptions {
  path?: string;
  createTableMs: number;
  deleteTableMs: number;
  updateTableMs: number;
}

/** The operations dynalite implements (transactions and TTL settings are the service's own). */
const OPERATIONS = [
  'BatchGetItem',
  'BatchWriteItem',
  'CreateTable',
  'DeleteItem',
  'DeleteTable',
  'DescribeTable',
  'DescribeTimeToLive',
  'GetItem',
  'ListTables',
  'PutItem',
  'Query',
  'Scan',
  'TagResource',
  'UntagResource',
  'ListTagsOfResource',
  'UpdateItem',
  'UpdateTable',
] as const;

const operations = new Map<string, { action: Action; validation: ActionValidation }>(
  OPERATIONS.map((name) => {
    const module = name.charAt(0).toLowerCase() + name.slice(1);
    return [name, { action: load(`dynalite/actions/${module}`) as Action, validation: load(`dynalite/validations/${module}`) as ActionValidation }];
  }),
);

const unknownOperation = (): WireResponse => ({ status: 400, body: { __type: 'com.amazon.coral.service#UnknownOperationException' } });

export class DynaliteBackend {
  readonly #store: DynaliteStore;

  private constructor(store: DynaliteStore) {
    this.#store = store;
  }

  /**
   * Opens the store: in LevelDB under `path`, else in memory. Tables become ACTIVE
   * at once, since tests and local mode create them and use them straight away.
   */
  static async open(path?: string): Promise<DynaliteBackend> {
    const store = dynaliteDb.create({ ...(path ? { path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    try {
      await store.db.open();
    } catch (error) {
      throw new Error(
        path
          ? `The local data folder ${path} cannot be opened; is the service already running on it? (${causeOf(error)})`
          : `The in-memory store did not open: ${causeOf(error)}`,
      );
    }
    keepActiveTables(store);
    return new DynaliteBackend(store);
  }

  /** Calls one operation; DynamoDB errors come back as a response, not a rejection. */
  call(operation: string, input: WireBody): Promise<WireResponse> {
    const known = operations.get(operation);
    if (!known) return Promise.resolve(unknownOperation());
    return new Promise((resolve, reject) => {
      let data: WireBody;
      try {
        // Validation also turns the expressions into the trees the operation evaluates.
        data = validations.checkTypes(input, known.validation.types);
        validations.checkValidations(data, known.validation.types, known.validation.custom, this.#store);
      } catch (error) {
        const rejected = error as Error & { statusCode?: number; body?: WireBody };
        if (rejected.statusCode && rejected.body) resolve({ status: rejected.statusCode, body: rejected.body });
        else reject(rejected);
        return;
      }
      try {
        known.action(this.#store, data, (error, result) => {
          if (!error) resolve({ status: 200, body: result ?? {} });
          else if (error.statusCode && error.body) resolve({ status: error.statusCode, body: error.body });
          else reject(error);
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Calls one operation and throws its DynamoDB error as a {@link WireError}. */
  async expect(operation: string, input: WireBody): Promise<WireBody> {
    const response = await this.call(operation, input);
    if (response.status >= 300) throw new WireError(response);
    return response.body;
  }

  /** A client's request body for `operation`, as dynalite's HTTP handler would take it. */
  forward(operation: string, body: Buffer): Promise<WireResponse> {
    let input: unknown;
    try {
      input = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
    } catch {
      input = undefined;
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return Promise.resolve(operations.has(operation) ? serializationError().response : unknownOperation());
    }
    return this.call(operation, input as WireBody);
  }

  /** Lets the operations under way finish, then closes the store. */
  close(): Promise<void> {
    const { lifecycleManager, db } = this.#store;
    if (!lifecycleManager) return db.close();
    return new Promise((resolve, reject) => lifecycleManager.gracefulClose((error) => (error ? reject(error) : resolve())));
  }
}

const causeOf = (error: unknown): string => {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
};
