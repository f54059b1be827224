import { randomUUID } from 'node:crypto';
import { ChannelError } from '#channels/channel-ports.ts';
import type { EventBus } from '#events/event-bus.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import { jsonLogger } from '#ports/logger.ts';
import type { Metrics } from '#ports/metrics.ts';
import { repositoriesOn } from '#store/repositories.ts';
import { createTableClient } from '#store/table-client.ts';
import type { ServiceEnvironment } from './lambda-environment.ts';

/**
 * What a group adds to the table and the basics; a part it leaves out fails loudly if
 * ever used. A notifier puts its one channel in place afterwards (its client needs
 * the repositories built here).
 */
export interface FunctionParts {
  bus?: EventBus;
  metrics?: Metrics;
}

const notInThisFunction = (what: string) => async (): Promise<never> => {
  throw new ChannelError(`${what} is not part of this function`, 'configuration', 'NotInThisFunction');
};

const noBus: EventBus = {
  put: async () => {
    throw new Error('This function puts no events on the bus: the publisher and the sweeper do');
  },
};

/** The table's repositories and the basics every function shares, plus the parts its group uses. */
export const serviceDependencies = (environment: ServiceEnvironment, parts: FunctionParts = {}): Dependencies => ({
  ...repositoriesOn(createTableClient({ tableName: environment.TABLE_NAME, endpoint: environment.DYNAMODB_ENDPOINT })),
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
});
