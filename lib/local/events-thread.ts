import { Worker } from 'node:worker_threads';
import type { Logger, LogLevel } from '#api/logger.ts';
import type { BusEntry, EventBus, PutOutcome } from '#events/event-bus.ts';
import type { OutboxListing } from './events-pipeline.ts';

export interface EventsThreadSettings {
  tableName: string;
  /** The embedded store's endpoint: the thread has its own client, as a separate function would. */
  endpoint: string;
  dataDirectory?: string | undefined;
}

export type EventsThreadRequest =
  | { type: 'drain' }
  | { type: 'put'; id: number; entries: readonly BusEntry[] }
  | { type: 'settle'; id: number }
  | { type: 'listing'; id: number }
  | { type: 'close' };

export type EventsThreadReply =
  | { type: 'ready' }
  | { type: 'log'; level: LogLevel; message: string; fields?: Record<string, unknown> }
  | { type: 'put'; id: number; outcome?: PutOutcome; error?: string }
  | { type: 'settled'; id: number }
  | { type: 'listing'; id: number; listing: OutboxListing }
  | { type: 'closed' };

/** The events pipeline as seen from the server's thread. */
export interface EventsThread {
  /** Asks for a drain of the outbox (after a commit); returns at once. */
  request(): void;
  /** The in-process bus of the thread, for the sweeper's republishing. */
  bus: EventBus;
  settle(): Promise<void>;
  listing(): Promise<OutboxListing>;
  close(): Promise<void>;
}

/**
 * Runs the events pipeline (outbox publisher, bus, notifiers) on a thread of its own,
 * as AWS runs those functions apart from the API: a burst of bookings is answered
 * while the notifications it sets off are composed and sent beside it.
 */
export const startEventsThread = (settings: EventsThreadSettings, logger: Logger): Promise<EventsThread> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./events-thread.mjs', import.meta.url), { workerData: settings });
    const waiting = new Map<number, (reply: EventsThreadReply) => void>();
    let nextId = 0;
    let closed: (() => void) | undefined;
    const ask = <T extends EventsThreadReply>(request: (id: number) => EventsThreadRequest): Promise<T> =>
      new Promise((answer) => {
        const id = (nextId += 1);
        waiting.set(id, answer as (reply: EventsThreadReply) => void);
        worker.postMessage(request(id));
      });
    worker.once('error', reject);
    worker.on('message', (message: EventsThreadReply) => {
      switch (message.type) {
        case 'ready':
          resolve(thread);
          return;
        case 'log':
          logger.log(message.level, message.message, message.fields);
          return;
        case 'closed':
          closed?.();
          return;
        default: {
          const answer = waiting.get(message.id);
          waiting.delete(message.id);
          answer?.(message);
        }
      }
    });
    let closing: Promise<void> | undefined;
    const thread: EventsThread = {
      request: () => worker.postMessage({ type: 'drain' } satisfies EventsThreadRequest),
      bus: {
        put: async (entries) => {
          const reply = await ask<Extract<EventsThreadReply, { type: 'put' }>>((id) => ({ type: 'put', id, entries }));
          if (reply.error !== undefined) throw new Error(reply.error);
          return reply.outcome!;
        },
      },
      settle: async () => {
        await ask((id) => ({ type: 'settle', id }));
      },
      listing: async () => (await ask<Extract<EventsThreadReply, { type: 'listing' }>>((id) => ({ type: 'listing', id }))).listing,
      close: () => {
        closing ??= new Promise<void>((done) => {
          closed = () => void worker.terminate().then(() => done());
          worker.postMessage({ type: 'close' } satisfies EventsThreadRequest);
        });
        return closing;
      },
    };
  });
