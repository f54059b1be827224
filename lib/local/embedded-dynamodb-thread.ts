import { MessageChannel, Worker } from 'node:worker_threads';
import type { EmbeddedDynamoDb } from './embedded-dynamodb.ts';
import type { EmbeddedDynamoDbThreadRequest } from './embedded-dynamodb-thread-main.ts';

/**
 * The embedded store on its own thread, so that it does not share the server's event
 * loop: on a laptop with two cores the store and the handlers then run side by side.
 * The thread runs the same `startEmbeddedDynamoDb`; TypeScript is loaded there by tsx.
 */
export const startEmbeddedDynamoDbThread = (options: { path?: string; port?: number } = {}): Promise<EmbeddedDynamoDb> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./embedded-dynamodb-thread.mjs', import.meta.url), { workerData: options });
    const tell = (request: EmbeddedDynamoDbThreadRequest, transfer: Array<MessageChannel['port1']> = []): void => worker.postMessage(request, transfer);
    worker.once('error', reject);
    worker.once('message', (message: { endpoint?: string; error?: string }) => {
      if (!message.endpoint) {
        reject(new Error(message.error ?? 'the embedded store did not start'));
        return;
      }
      let closing: Promise<void> | undefined;
      resolve({
        endpoint: message.endpoint,
        connect: async (priority = 'foreground') => {
          const { port1, port2 } = new MessageChannel();
          tell({ type: 'connect', port: port1, priority }, [port1]);
          return port2;
        },
        close: () => {
          closing ??= new Promise<void>((done) => {
            worker.once('message', () => void worker.terminate().then(() => done()));
            tell({ type: 'close' });
          });
          return closing;
        },
      });
    });
  });
