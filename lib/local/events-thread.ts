import { Worker, type MessagePort } from 'node:worker_threads';
import type { Logger, LogLevel } from '#ports/logger.ts';
import type { BusEntry, EventBus, PutOutcome } from '#events/event-bus.ts';
import type { OutboxListing } from './events-pipeline.ts';

export interface EventsThreadSettings {
  tableName: string;
  /** The embedded store's endpoint: the thread has its own client, as a separate function would. */
  endpoint: string;
  /** The server's count of API requests being answered: each step of the pipeline waits for a pause in them (bounded). */
  apiActivity?: SharedArrayBuffer;
  /** A channel to the embedded store, used instead of the endpoint when given (handed over to the thread). */
  storePort?: MessagePort;
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
    const worker = new Worker(new URL('./events-thread.mjs', import.meta.url), {
      workerData: settings,
      transferList: settings.storePort ? [settings.storePort] : [],
    });
    const waiting = new Map<number, { answer: (reply: EventsThreadReply) => void; fail: (error: Error) => void }>();
    let nextId = 0;
    let started = false;
    /** Set once the thread is gone: every question then fails at once instead of waiting for ever. */
    let gone: Error | undefined;
    let closed: (() => void) | undefined;
    let closingOnPurpose = false;

    const ask = <T extends EventsThreadReply>(request: (id: number) => EventsThreadRequest): Promise<T> =>
      new Promise((answer, fail) => {
        if (gone) {
          fail(gone);
          return;
        }
        const id = (nextId += 1);
        waiting.set(id, { answer: answer as (reply: EventsThreadReply) => void, fail });
        worker.postMessage(request(id));
      });

    const lose = (error: Error): void => {
      if (gone) return;
      gone = error;
      if (!started) reject(error);
      else if (!closingOnPurpose) logger.log('error', 'the events thread stopped: changes stay in the outbox until the next start', { error: error.message });
      for (const { fail } of waiting.values()) fail(error);
      waiting.clear();
      closed?.();
    };
    worker.on('error', lose);
    worker.on('exit', (code) => lose(new Error(`the events thread exited (code ${code})`)));
    worker.on('message', (message: EventsThreadReply) => {
      switch (message.type) {
        case 'ready':
          started = true;
          resolve(thread);
          return;
        case 'log':
          logger.log(message.level, message.message, message.fields);
          return;
        case 'closed':
          closed?.();
          return;
        default: {
          const waiter = waiting.get(message.id);
          waiting.delete(message.id);
          waiter?.answer(message);
        }
      }
    });
    let closing: Promise<void> | undefined;
    const thread: EventsThread = {
      request: () => {
        if (!gone) worker.postMessage({ type: 'drain' } satisfies EventsThreadRequest);
      },
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
          if (gone) {
            done();
            return;
          }
          closingOnPurpose = true;
          closed = () => void worker.terminate().then(() => done());
          worker.postMessage({ type: 'close' } satisfies EventsThreadRequest);
        });
        return closing;
      },
    };
  });
