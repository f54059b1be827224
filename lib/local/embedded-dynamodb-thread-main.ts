import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { StorePriority } from './dynamodb-service.ts';
import { startEmbeddedDynamoDb } from './embedded-dynamodb.ts';
import { nameThisThread } from './this-thread.ts';

export type EmbeddedDynamoDbThreadRequest = { type: 'close' } | { type: 'connect'; port: MessagePort; priority: StorePriority };

nameThisThread('store');

const store = await startEmbeddedDynamoDb(workerData as { path?: string; port?: number }).catch((error: unknown) => {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  return undefined;
});
if (store) {
  parentPort?.postMessage({ endpoint: store.endpoint });
  parentPort?.on('message', (message: EmbeddedDynamoDbThreadRequest) => {
    if (message.type === 'connect') store.serve(message.port, message.priority);
    else if (message.type === 'close') void store.close().then(() => parentPort?.postMessage('closed'));
  });
}
