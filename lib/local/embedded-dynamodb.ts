import { mkdir } from 'node:fs/promises';
import type { RequestListener, Server } from 'node:http';
import { createRequire } from 'node:module';
import { DynaliteBackend } from './dynalite-backend.ts';
import { startDynamoDbProxy } from './dynamodb-proxy.ts';
import type { DynamoDbProxy } from './dynamodb-proxy.ts';

export interface EmbeddedDynamoDb {
  /** `http://127.0.0.1:<port>`; use any credentials and region `eu-west-2`. */
  endpoint: string;
  close(): Promise<void>;
}

interface DynaliteOptions {
  path?: string;
  createTableMs: number;
  deleteTableMs: number;
  updateTableMs: number;
}

// dynalite is CommonJS without type declarations.
const dynalite = createRequire(import.meta.url)('dynalite') as (options: DynaliteOptions) => Server;

/**
 * Starts dynalite behind the proxy that adds transactions; the proxy calls
 * dynalite's request handler in process. `path` keeps the data in a LevelDB directory; without it the
 * data lives in memory. `port` 0 or omitted picks a free port.
 */
export async function startEmbeddedDynamoDb(options: { path?: string; port?: number } = {}): Promise<EmbeddedDynamoDb> {
  if (options.path) await mkdir(options.path, { recursive: true });
  // Tables become ACTIVE at once: tests and local mode create them and use them straight away.
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Its handler is called in process; the server listens only so that its close also closes the store.
  const backend = new DynaliteBackend(server.listeners('request')[0] as RequestListener);
  const closeDynalite = (): Promise<void> => {
    return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  };

  let proxy: DynamoDbProxy;
  try {
    proxy = await startDynamoDbProxy(backend, options.port ?? 0);
  } catch (error) {
    await closeDynalite();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${proxy.port}`,
    close: () => {
      closing ??= proxy.close().then(closeDynalite);
      return closing;
    },
  };
}
