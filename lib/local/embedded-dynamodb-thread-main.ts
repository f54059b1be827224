import { parentPort, workerData } from 'node:worker_threads';
import { startEmbeddedDynamoDb } from './embedded-dynamodb.ts';

const store = await startEmbeddedDynamoDb(workerData as { path?: string; port?: number }).catch((error: unknown) => {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  return undefined;
});
if (store) {
  parentPort?.postMessage({ endpoint: store.endpoint });
  parentPort?.on('message', (message) => {
    if (message === 'close') void store.close().then(() => parentPort?.postMessage('closed'));
  });
}
