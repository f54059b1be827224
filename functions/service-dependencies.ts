import { randomUUID } from 'node:crypto';
import { ChannelError } from '#channels/channel-ports.ts';
import type { EventBus } from '#events/event-bus.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import { jsonLogger } from '#ports/logger.ts';
import type { Metrics } from '#ports/metrics.ts';
import { repositoriesOn } from '#store/repositories.ts';
import type { DirectoryListings } from '#store/directory-listings.ts';
import type { NotificationRepository } from '#store/notification-repository.ts';
import { createTableClient, type TableClient } from '#store/table-client.ts';
import type { ServiceEnvironment } from './lambda-environment.ts';

/**
 * What a group adds to the table and the basics; a part it leaves out fails loudly if
 * ever used. A notifier puts its one channel in place afterwards (its client needs
 * the repositories built here).
 */
export interface FunctionParts {
  bus?: EventBus;
  metrics?: Metrics;
  /** The directory function's: users and apprentices with their listing entries. */
  listings?: (table: TableClient) => DirectoryListings;
  /** Delivery records and in-app notifications (notifiers, sweeper, the notifications function). */
  notifications?: (table: TableClient) => NotificationRepository;
}

/** A repository a function does not build: any use of it is a wiring mistake, said at once. */
const notBuiltHere = <T extends object>(what: string): T =>
  new Proxy({} as T, {
    get: (_target, name) => () => {
      throw new Error(`The ${what} (${String(name)}) are not part of this function`);
    },
  });

const notInThisFunction = (what: string) => async (): Promise<never> => {
  throw new ChannelError(`${what} is not part of this function`, 'configuration', 'NotInThisFunction');
};

const noBus: EventBus = {
  put: async () => {
    throw new Error('This function puts no events on the bus: the publisher and the sweeper do');
  },
};

/** The table's repositories and the basics every function shares, plus the parts its group uses. */
export const serviceDependencies = (environment: ServiceEnvironment, parts: FunctionParts = {}): Dependencies => {
  const table = createTableClient({ tableName: environment.TABLE_NAME, endpoint: environment.DYNAMODB_ENDPOINT });
  return {
    ...repositoriesOn(table),
    listings: parts.listings?.(table) ?? notBuiltHere<DirectoryListings>('directory listings'),
    notifications: parts.notifications?.(table) ?? notBuiltHere<NotificationRepository>('notification records'),
    clock: () => Date.now(),
    newId: () => randomUUID(),
    logger: jsonLogger({ service: 'planning-meetings', organisation: environment.ORGANISATION }),
    rolesClaim: environment.ROLES_CLAIM,
    sender: { name: environment.EMAIL_SENDER_NAME, email: environment.EMAIL_SENDER },
    bus: parts.bus ?? noBus,
    channels: {
      email: { send: notInThisFunction('Email') },
      sms: { send: notInThisFunction('SMS') },
      inApp: { send: notInThisFunction('In-app notification') },
    },
    ...(parts.metrics ? { metrics: parts.metrics } : {}),
  };
};
