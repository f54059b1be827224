import { DEFAULT_ROLES_CLAIM } from '#api/caller.ts';
import { jsonLogger } from '#api/logger.ts';
import { randomUUID } from 'node:crypto';
import { MeetingRepository } from '#store/meeting-repository.ts';
import { RecordRepository } from '#store/record-repository.ts';
import { createTableClient } from '#store/table-client.ts';
import type { Dependencies } from '#use-cases/dependencies.ts';

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
  return {
    records: new RecordRepository(table),
    meetings: new MeetingRepository(table),
    newId: () => randomUUID(),
    clock: () => Date.now(),
    logger: jsonLogger({ service: 'planning-meetings', organisation: env.ORGANISATION }),
    rolesClaim: env.ROLES_CLAIM ?? DEFAULT_ROLES_CLAIM,
  };
};
