import { mkdir } from 'node:fs/promises';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { DynaliteBackend } from './dynalite-backend.ts';
import { startDynamoDbProxy } from './dynamodb-proxy.ts';
import type { DynamoDbProxy } from './dynamodb-proxy.ts';
import { createDynamoDbService, type StorePriority } from './dynamodb-service.ts';
import { serveStoreChannel } from './store-channel.ts';

export interface EmbeddedDynamoDb {
  /** `http://127.0.0.1:<port>`; use any credentials and region `eu-west-2`. */
  endpoint: string;
  /**
   * A channel of its own for one client in this process (see `StoreChannelRequestHandler`);
   * the port may be handed to another thread. A `background` channel's requests wait
   * while foreground ones are being answered (see `StorePriority`).
   */
  connect(priority?: StorePriority): Promise<MessagePort>;
  close(): Promise<void>;
}

/** The store as its own thread sees it: it also answers channels made elsewhere. */
export interface ServedEmbeddedDynamoDb extends EmbeddedDynamoDb {
  serve(port: MessagePort, priority: StorePriority): void;
}

/**
 * Starts dynalite behind the service that adds transactions, reachable over HTTP
 * and by channel. `path` keeps the data in a LevelDB directory; without it the data
 * lives in memory. `port` 0 or omitted picks a free port.
 */
export async function startEmbeddedDynamoDb(options: { path?: string; port?: number } = {}): Promise<ServedEmbeddedDynamoDb> {
  if (options.path) await mkdir(options.path, { recursive: true });
  const backend = await DynaliteBackend.open(options.path);
  const service = createDynamoDbService(backend);

  let proxy: DynamoDbProxy;
  try {
    proxy = await startDynamoDbProxy(service, options.port ?? 0);
  } catch (error) {
    await backend.close();
    throw error;
  }

  const channels = new Set<MessagePort>();
  const serve = (port: MessagePort, priority: StorePriority): void => {
    channels.add(port);
    port.once('close', () => channels.delete(port));
    serveStoreChannel(port, service, priority);
  };

  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${proxy.port}`,
    serve,
    connect: async (priority = 'foreground') => {
      const { port1, port2 } = new MessageChannel();
      serve(port1, priority);
      return port2;
    },
    close: () => {
      closing ??= (async () => {
        await proxy.close();
        await service.settle();
        for (const port of channels) port.close();
        await backend.close();
      })();
      return closing;
    },
  };
}
