import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { DEFAULT_ROLES_CLAIM } from '#api/caller.ts';
import { SesEmailChannel } from '#channels/ses-email-channel.ts';
import { SnsSmsChannel } from '#channels/sns-sms-channel.ts';
import { StoredInAppChannel } from '#channels/stored-in-app-channel.ts';
import { EventBridgeBus } from '#events/eventbridge-bus.ts';
import { jsonLogger } from '#ports/logger.ts';
import { randomUUID } from 'node:crypto';
import { repositoriesOn } from '#store/repositories.ts';
import { createTableClient } from '#store/table-client.ts';
import type { Dependencies } from '#ports/dependencies.ts';

let current: Dependencies | undefined;

/** Built once per Lambda container from its environment, on first use rather than at import. */
export const dependencies = (): Dependencies => {
  current ??= dependenciesFromEnvironment(process.env);
  return current;
};

/** The local host and the tests point the same handlers at the embedded store. */
export const useDependencies = (replacement: Dependencies): void => {
  current = replacement;
};

export const dependenciesFromEnvironment = (env: NodeJS.ProcessEnv): Dependencies => {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  const table = createTableClient({ tableName, endpoint: env.DYNAMODB_ENDPOINT, region: env.AWS_REGION });
  const repositories = repositoriesOn(table);
  // SDK clients open no connection until first used, so HTTP functions pay nothing for them.
  return {
    ...repositories,
    bus: new EventBridgeBus(new EventBridgeClient({}), env.EVENT_BUS_NAME ?? 'default'),
    channels: {
      email: new SesEmailChannel(new SESv2Client({}), { configurationSetName: env.SES_CONFIGURATION_SET }),
      sms: new SnsSmsChannel(new SNSClient({}), { senderId: env.SMS_SENDER_ID }),
      inApp: new StoredInAppChannel(repositories.notifications),
    },
    sender: { name: env.EMAIL_SENDER_NAME ?? 'Planning meetings', email: env.EMAIL_SENDER ?? 'planning-meetings@example.invalid' },
    newId: () => randomUUID(),
    clock: () => Date.now(),
    logger: jsonLogger({ service: 'planning-meetings', organisation: env.ORGANISATION }),
    rolesClaim: env.ROLES_CLAIM ?? DEFAULT_ROLES_CLAIM,
  };
};
