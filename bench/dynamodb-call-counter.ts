import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoDbCallCounter {
  /** Calls made by requests, by command name (`GetItem`, `BatchGetItem`, `Query`, `TransactWriteItems`, …) since the last reset. */
  snapshot(): Record<string, number>;
  reset(): void;
  /**
   * Resolves once no call has been in flight for `quietMs` (or after `maxMs`):
   * requests a load generator gave up on are still being served, and the next
   * measurement should not share the server with them. True when quiet.
   */
  drain(options?: { quietMs?: number; maxMs?: number }): Promise<boolean>;
  remove(): void;
}

const MIDDLEWARE_NAME = 'benchDynamoDbCallCounter';

/**
 * Counts the calls sent through the document client that every repository and the
 * HTTP frame (its permissions read) share in the server's thread (the events
 * pipeline, on its own thread, has a client of its own, as its functions do in AWS). The middleware sits at the `initialize`
 * step, so an SDK retry of the same call is not counted twice.
 */
export const countDynamoDbCalls = (documents: DynamoDBDocumentClient): DynamoDbCallCounter => {
  let byCommand = new Map<string, number>();
  let inFlight = 0;
  let lastActivity = performance.now();
  documents.middlewareStack.add(
    (next, context) => async (args) => {
      const name = (context.commandName ?? 'unknown').replace(/Command$/, '');
      byCommand.set(name, (byCommand.get(name) ?? 0) + 1);
      inFlight += 1;
      lastActivity = performance.now();
      try {
        return await next(args);
      } finally {
        inFlight -= 1;
        lastActivity = performance.now();
      }
    },
    { step: 'initialize', name: MIDDLEWARE_NAME },
  );
  return {
    snapshot: () => Object.fromEntries(byCommand),
    reset: () => {
      byCommand = new Map();
    },
    drain: async ({ quietMs = 300, maxMs = 20_000 } = {}) => {
      const deadline = performance.now() + maxMs;
      while (performance.now() < deadline) {
        if (inFlight === 0 && performance.now() - lastActivity >= quietMs) return true;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return false;
    },
    remove: () => {
      documents.middlewareStack.remove(MIDDLEWARE_NAME);
    },
  };
};
