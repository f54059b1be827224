import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from '#ports/logger.ts';
import { createTableClient } from '#store/table-client.ts';
import { ApiActivity } from './api-activity.ts';
import { createEventsPipeline } from './events-pipeline.ts';
import { overStoreChannel } from './store-channel.ts';
import { lowerThisThreadsPriority, nameThisThread } from './this-thread.ts';
import type { EventsThreadReply, EventsThreadRequest, EventsThreadSettings } from './events-thread.ts';

const settings = workerData as EventsThreadSettings;
/** A step waits at most this long for the API to pause: notifications are never more than a few seconds late. */
const QUIET_WAIT_MS = 1_500;
const port = parentPort!;
const reply = (message: EventsThreadReply): void => port.postMessage(message);

// Answers come first: publishing and notifying take only the CPU the requests leave.
nameThisThread('events');
lowerThisThreadsPriority();

const logger: Logger = { log: (level, message, fields) => reply({ type: 'log', level, message, ...(fields ? { fields } : {}) }) };
const table = createTableClient({
  tableName: settings.tableName,
  endpoint: settings.endpoint,
  region: 'eu-west-2',
  ...(settings.storePort ? overStoreChannel(settings.storePort) : {}),
});
const activity = settings.apiActivity ? new ApiActivity(settings.apiActivity) : undefined;
const pipeline = createEventsPipeline({
  table,
  dataDirectory: settings.dataDirectory,
  clock: () => Date.now(),
  logger,
  ...(activity ? { beforeEachStep: () => activity.quiet(QUIET_WAIT_MS) } : {}),
});

port.on('message', (message: EventsThreadRequest) => {
  switch (message.type) {
    case 'drain':
      pipeline.request();
      return;
    case 'put':
      pipeline.bus.put(message.entries).then(
        (outcome) => reply({ type: 'put', id: message.id, outcome }),
        (error: unknown) => reply({ type: 'put', id: message.id, error: error instanceof Error ? error.message : String(error) }),
      );
      return;
    case 'settle':
      // settle only waits; the pipeline reports its own failures (dead letters, logs).
      void pipeline.settle().finally(() => reply({ type: 'settled', id: message.id }));
      return;
    case 'listing':
      reply({ type: 'listing', id: message.id, listing: pipeline.listing() });
      return;
    case 'close':
      void pipeline.settle().finally(() => {
        table.documents.destroy();
        reply({ type: 'closed' });
      });
      return;
  }
});
reply({ type: 'ready' });
