import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DEFAULT_ROLES_CLAIM } from '#api/caller.ts';
import { httpFunctionGroups } from '#api/function-groups.ts';
import { problemOf } from '#api/problem.ts';
import type { Route } from '#api/route.ts';
import { routes } from '#api/routes.ts';
import type { UserInput } from '#domain/directory.ts';
import { DomainError } from '#domain/errors.ts';
import { Id } from '#domain/primitives.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import { jsonLogger, type Logger } from '#ports/logger.ts';
import { DirectoryListings } from '#store/directory-listings.ts';
import { NotificationRepository } from '#store/notification-repository.ts';
import { repositoriesOn } from '#store/repositories.ts';
import { createTableClient, type TableClient } from '#store/table-client.ts';
import { createTableInput } from '#store/table-definition.ts';
import { sweepProvisionalMeetings } from '#use-cases/sweep-provisional-meetings.ts';
import { useDependencies } from '../../functions/dependencies.ts';
import { seedDemoData } from './demo-data.ts';
import { demoUserSummaries, webAppFallback } from './web-app.ts';
import { startEmbeddedDynamoDb } from './embedded-dynamodb.ts';
import { createEventsPipeline, LOCAL_SENDER } from './events-pipeline.ts';
import { createLocalServer, type LambdaHandler, type LocalRoute } from './http-server.ts';
import type { InProcessBus } from './in-process-bus.ts';
import { LocalTokenIssuer } from './local-auth.ts';
import type { LocalOutbox } from './local-outbox.ts';
import { openApiDocumentOfService } from './service-openapi.ts';

export interface LocalHostOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Where the store, the signing key, the emails and the dead letters live; undefined keeps everything in memory. */
  dataDirectory?: string;
  seedDemoData?: boolean;
  clock?: () => number;
  newId?: () => string;
  logger?: Logger;
  /** How often the sweeper runs in local mode; 0 turns the timer off (tests call it directly). */
  sweepEveryMs?: number;
}

export interface LocalHost {
  url: string;
  deps: Dependencies;
  table: TableClient;
  /** A signed token for a directory user, as `POST /local/token` gives. */
  tokenFor(userId: string): Promise<string>;
  outbox: LocalOutbox;
  bus: InProcessBus;
  /** Waits until every recorded change is published and every notification sent. */
  settle(): Promise<void>;
  close(): Promise<void>;
  /**
   * For tests: stops as a killed process would, without settling. Connections are cut
   * and the store closes once the requests it is answering are answered (so it ends
   * between two store requests); whatever the events pipeline had not finished then
   * fails against the closed store and stays in the outbox for the next start.
   */
  kill(): Promise<void>;
}

const TABLE_NAME = 'planning-meetings';

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
 * Local mode in one process, the same for `npm start`, the tests and the bench: the
 * embedded store, the same handlers behind a local HTTP server, the events pipeline
 * (outbox drain, in-process bus, notifiers, local outbox), the sweeper's timer and
 * the demo data.
 */
export const startLocalHost = async (options: LocalHostOptions = {}): Promise<LocalHost> => {
  const clock = options.clock ?? (() => Date.now());
  const logger = options.logger ?? jsonLogger({ service: 'planning-meetings', organisation: 'local' });
  const store = await startEmbeddedDynamoDb(options.dataDirectory ? { path: join(options.dataDirectory, 'dynamodb') } : {});
  const table = createTableClient({ tableName: TABLE_NAME, endpoint: store.endpoint, region: 'eu-west-2' });
  try {
    await ensureTable(table);
  } catch (error) {
    table.documents.destroy();
    await store.close();
    throw error;
  }

  // In AWS the table's stream runs the publisher; here every committed change asks for a drain.
  const repositories = repositoriesOn(table, { afterCommit: () => events.request() });
  const notifications = new NotificationRepository(table);
  const events = createEventsPipeline({ dataDirectory: options.dataDirectory, clock, logger, notifications, deps: () => deps });
  const deps: Dependencies = {
    ...repositories,
    listings: new DirectoryListings(table),
    notifications,
    newId: options.newId ?? (() => randomUUID()),
    clock,
    logger,
    rolesClaim: DEFAULT_ROLES_CLAIM,
    bus: events.bus,
    channels: events.outbox.channels,
    sender: LOCAL_SENDER,
  };
  useDependencies(deps);
  if (options.seedDemoData ?? true) await seedDemoData(deps, clock());
  // What a stopped process left pending goes out now, not with the next change.
  events.request();

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
      handle: async ({ body, headers }) => {
        // The server answers only local Host names, so this is the origin the caller used.
        const origin = `http://${headers.host}`;
        let userId: unknown;
        try {
          userId = (JSON.parse(body ?? '{}') as { userId?: unknown }).userId;
        } catch {
          userId = undefined;
        }
        const parsed = Id.safeParse(userId);
        if (!parsed.success) {
          return { status: 400, contentType: 'application/problem+json', body: problemOf('VALIDATION_FAILED', 'Send {"userId": "<a directory user id>"}', [{ path: 'userId', message: 'must be a directory user id' }], origin) };
        }
        try {
          return { status: 200, body: { userId: parsed.data, token: await tokenFor(parsed.data) } };
        } catch (error) {
          if (error instanceof DomainError) return { status: 404, contentType: 'application/problem+json', body: problemOf(error.code, error.message, undefined, origin) };
          throw error;
        }
      },
    },
    { method: 'GET', path: '/openapi.json', handle: async () => ({ status: 200, body: openApiDocumentOfService() }) },
    {
      method: 'GET',
      path: '/local/outbox',
      handle: async () => {
        await events.settle();
        return { status: 200, body: events.listing() };
      },
    },
  ];

  // The screens: the built web app at `/`, its sign-in page listing the demo users.
  const fallback = webAppFallback({ demoUsers: () => demoUserSummaries(deps.records) });
  const server = createLocalServer({ routes: routes as readonly Route[], handlers: await loadHandlers(), localRoutes, issuer, clock, fallback });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  }).catch(async (error: unknown) => {
    events.stop();
    await events.settle();
    table.documents.destroy();
    await store.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  // The emails' links open the screens this host serves.
  deps.siteUrl = `http://localhost:${port}`;

  // The scheduled sweeper of AWS, as a timer: same use case, same transactions.
  const sweepEveryMs = options.sweepEveryMs ?? 60_000;
  const sweeper =
    sweepEveryMs > 0
      ? setInterval(() => {
          sweepProvisionalMeetings(deps, clock()).catch((error: unknown) =>
            logger.log('error', 'sweep failed', { error: error instanceof Error ? error.message : String(error) }),
          );
        }, sweepEveryMs).unref()
      : undefined;

  const stop = async (settleFirst: boolean): Promise<void> => {
    if (sweeper) clearInterval(sweeper);
    if (settleFirst) await events.settle();
    events.stop();
    server.closeAllConnections();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
    // Killed: what was under way fails against the closed store (and is logged), here rather than later.
    if (!settleFirst) await events.settle();
    table.documents.destroy();
    await closed;
  };
  let stopping: Promise<void> | undefined;

  return {
    url: `http://localhost:${port}`,
    deps,
    table,
    tokenFor,
    outbox: events.outbox,
    bus: events.bus,
    settle: () => events.settle(),
    close: () => (stopping ??= stop(true)),
    kill: () => (stopping ??= stop(false)),
  };
};
