import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DEFAULT_ROLES_CLAIM } from '#api/caller.ts';
import { httpFunctionGroups } from '#api/function-groups.ts';
import type { Route } from '#api/route.ts';
import { routes } from '#api/routes.ts';
import { jsonLogger, type Logger } from '#ports/logger.ts';
import type { Channels } from '#channels/channel-ports.ts';
import type { UserInput } from '#domain/directory.ts';
import { DomainError } from '#domain/errors.ts';
import { Id } from '#domain/primitives.ts';
import { randomUUID } from 'node:crypto';
import { MeetingRepository } from '#store/meeting-repository.ts';
import { NotificationRepository } from '#store/notification-repository.ts';
import { RecordRepository } from '#store/record-repository.ts';
import { OfferedSlotsMemo } from '#use-cases/offered-slots-memo.ts';
import { createTableClient, type TableClient } from '#store/table-client.ts';
import { createTableInput } from '#store/table-definition.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import { useDependencies } from '../../functions/dependencies.ts';
import { sweepProvisionalMeetings } from '#use-cases/sweep-provisional-meetings.ts';
import { seedDemoData } from './demo-data.ts';
import { createEventsPipeline, LOCAL_SENDER, type EventsPipeline, type OutboxListing } from './events-pipeline.ts';
import { startEventsThread, type EventsThread } from './events-thread.ts';
import type { InProcessBus } from './in-process-bus.ts';
import type { LocalOutbox } from './local-outbox.ts';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from './embedded-dynamodb.ts';
import { startEmbeddedDynamoDbThread } from './embedded-dynamodb-thread.ts';
import { createLocalServer, type LambdaHandler, type LocalRoute } from './http-server.ts';
import { overStoreChannel } from './store-channel.ts';
import { ApiActivity } from './api-activity.ts';
import { LocalTokenIssuer } from './local-auth.ts';
import { problemOf } from '#api/problem.ts';
import { openApiDocumentOfService } from './service-openapi.ts';

export interface LocalHostOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Where the store and the signing key live; undefined keeps everything in memory. */
  dataDirectory?: string;
  seedDemoData?: boolean;
  clock?: () => number;
  newId?: () => string;
  logger?: Logger;
  /** Runs the embedded store on its own thread (a second core for it); tests keep it in process. */
  storeOnThread?: boolean;
  /**
   * Runs the events pipeline (publisher, bus, notifiers) on its own thread, at the
   * lowest priority where the system allows, with the real clock; tests keep it in
   * process, with their clock.
   */
  eventsOnThread?: boolean;
  /** How often the sweeper runs in local mode; 0 turns the timer off (tests call it directly). */
  sweepEveryMs?: number;
}

export interface LocalHost {
  url: string;
  deps: Dependencies;
  table: TableClient;
  /** A signed token for a directory user, as `POST /local/token` gives. */
  tokenFor(userId: string): Promise<string>;
  /** The local outbox and the in-process bus, when the events pipeline runs in this thread (not `eventsOnThread`). */
  outbox?: LocalOutbox;
  bus?: InProcessBus;
  /** What the local outbox holds, wherever the pipeline runs (`GET /local/outbox`). */
  outboxListing(): Promise<OutboxListing>;
  /** Waits until every recorded change is published and every notification sent. */
  settle(): Promise<void>;
  /** The API requests being answered; an events thread waits for a pause in them before each step. */
  apiActivity: ApiActivity;
  close(): Promise<void>;
}

const TABLE_NAME = 'planning-meetings';

const sentElsewhere = async (): Promise<never> => {
  throw new Error('notifications are sent by the events thread, not the server thread');
};
/** The server thread's channels when the events pipeline has its own thread: nothing here sends. */
const unsentChannels: Channels = { email: { send: sentElsewhere }, sms: { send: sentElsewhere }, inApp: { send: sentElsewhere } };

const ensureTable = async (table: TableClient): Promise<void> => {
  try {
    await table.documents.send(new DescribeTableCommand({ TableName: table.tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await table.documents.send(new CreateTableCommand(createTableInput(table.tableName)));
  }
};

const loadHandlers = async (): Promise<Map<string, LambdaHandler>> => {
  const entries = await Promise.all(
    httpFunctionGroups.map(async (group) => {
      const module = (await import(`../../functions/${group}/handler.ts`)) as { handler: LambdaHandler };
      return [group, module.handler] as const;
    }),
  );
  return new Map(entries);
};

/**
 * Local mode: the embedded store, the same handlers behind a local HTTP server,
 * and the demo data. Used by `npm start` and by every integration test.
 */
export const startLocalHost = async (options: LocalHostOptions = {}): Promise<LocalHost> => {
  const clock = options.clock ?? (() => Date.now());
  const storeOptions = options.dataDirectory ? { path: join(options.dataDirectory, 'dynamodb') } : {};
  const store: EmbeddedDynamoDb = options.storeOnThread
    ? await startEmbeddedDynamoDbThread(storeOptions)
    : await startEmbeddedDynamoDb(storeOptions);
  // A store on its own thread is reached by channel rather than by socket; tests keep HTTP.
  const table = createTableClient({
    tableName: TABLE_NAME,
    endpoint: store.endpoint,
    region: 'eu-west-2',
    ...(options.storeOnThread ? overStoreChannel(await store.connect()) : {}),
  });
  await ensureTable(table);
  const activity = new ApiActivity();
  const logger = options.logger ?? jsonLogger({ service: 'planning-meetings', organisation: 'local' });
  // In AWS the table's stream runs the publisher; here every committed change asks for a drain.
  const records = new RecordRepository(table);
  const events: EventsPipeline | EventsThread = options.eventsOnThread
    ? await startEventsThread(
        {
          tableName: TABLE_NAME,
          endpoint: store.endpoint,
          dataDirectory: options.dataDirectory,
          ...(options.storeOnThread ? { storePort: await store.connect('background') } : {}),
          apiActivity: activity.shared,
        },
        logger,
      ).catch(async (error: unknown) => {
        // Nothing else is running yet but the store: stop it, or the process would not exit.
        table.documents.destroy();
        await store.close();
        throw error;
      })
    : createEventsPipeline({ table, dataDirectory: options.dataDirectory, clock, ...(options.newId ? { newId: options.newId } : {}), logger, records });
  const deps: Dependencies = {
    records,
    meetings: new MeetingRepository(table, () => events.request()),
    offeredSlots: new OfferedSlotsMemo(),
    notifications: new NotificationRepository(table),
    newId: options.newId ?? (() => randomUUID()),
    clock,
    logger,
    rolesClaim: DEFAULT_ROLES_CLAIM,
    bus: events.bus,
    // This thread sends nothing itself: the pipeline's notifiers do.
    channels: 'outbox' in events ? events.outbox.channels : unsentChannels,
    sender: LOCAL_SENDER,
  };
  useDependencies(deps);
  if (options.seedDemoData ?? true) await seedDemoData(deps.records, clock());

  const settle = (): Promise<void> => events.settle();
  const outboxListing = async (): Promise<OutboxListing> => events.listing();

  const issuer = LocalTokenIssuer.fromFile(options.dataDirectory ? join(options.dataDirectory, 'local-signing-key') : undefined);
  const tokenFor = async (userId: string): Promise<string> => {
    const user = await deps.records.get<UserInput>('user', userId);
    if (!user) throw new DomainError('NOT_FOUND', `No directory user ${userId}`);
    return issuer.issue(userId, user.data.roles, deps.rolesClaim, clock());
  };

  const localRoutes: LocalRoute[] = [
    {
      method: 'POST',
      path: '/local/token',
      handle: async ({ body }) => {
        let userId: unknown;
        try {
          userId = (JSON.parse(body ?? '{}') as { userId?: unknown }).userId;
        } catch {
          userId = undefined;
        }
        const parsed = Id.safeParse(userId);
        if (!parsed.success) {
          return { status: 400, contentType: 'application/problem+json', body: problemOf('VALIDATION_FAILED', 'Send {"userId": "<a directory user id>"}', [{ path: 'userId', message: 'must be a directory user id' }]) };
        }
        try {
          return { status: 200, body: { userId: parsed.data, token: await tokenFor(parsed.data) } };
        } catch (error) {
          if (error instanceof DomainError) return { status: 404, contentType: 'application/problem+json', body: problemOf(error.code, error.message) };
          throw error;
        }
      },
    },
    { method: 'GET', path: '/openapi.json', handle: async () => ({ status: 200, body: openApiDocumentOfService() }) },
    {
      method: 'GET',
      path: '/local/outbox',
      handle: async () => {
        await settle();
        return { status: 200, body: await outboxListing() };
      },
    },
  ];

  const server = createLocalServer({
    routes: routes as readonly Route[],
    handlers: await loadHandlers(),
    localRoutes,
    issuer,
    clock,
    activity,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  // The scheduled sweeper of AWS, as a timer: same use case, same transactions.
  const sweepEveryMs = options.sweepEveryMs ?? 60_000;
  const sweeper =
    sweepEveryMs > 0
      ? setInterval(() => {
          sweepProvisionalMeetings(deps, clock()).catch((error: unknown) =>
            deps.logger.log('error', 'sweep failed', { error: error instanceof Error ? error.message : String(error) }),
          );
        }, sweepEveryMs).unref()
      : undefined;

  return {
    url: `http://localhost:${port}`,
    deps,
    table,
    tokenFor,
    ...('outbox' in events ? { outbox: events.outbox, bus: events.bus } : {}),
    outboxListing,
    settle,
    apiActivity: activity,
    close: async () => {
      if (sweeper) clearInterval(sweeper);
      // A stopped events thread has said so in the log; closing goes on without it.
      await settle().catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      table.documents.destroy();
      if ('close' in events) await events.close();
      await store.close();
    },
  };
};
