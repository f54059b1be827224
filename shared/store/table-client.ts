import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface TableSettings {
  tableName: string;
  /** Set only for the embedded store of local mode and tests. */
  endpoint?: string | undefined;
  region?: string | undefined;
  /** How requests reach the endpoint, when not by HTTP (the embedded store's channel in local mode). */
  requestHandler?: DynamoDBClientConfig['requestHandler'];
  /** Leaves requests unsigned: only for the embedded store, which checks no signature (signing was a twentieth of a booking's CPU). */
  unsigned?: boolean;
}

export interface TableClient {
  tableName: string;
  documents: DynamoDBDocumentClient;
}

export const createTableClient = (settings: TableSettings): TableClient => {
  const client = new DynamoDBClient({
    region: settings.region ?? process.env.AWS_REGION ?? 'eu-west-2',
    ...(settings.endpoint
      ? { endpoint: settings.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    // The SDK retries throttles itself; a request should fail fast rather than hang a Lambda.
    maxAttempts: 4,
    ...(settings.requestHandler ? { requestHandler: settings.requestHandler } : {}),
    ...(settings.unsigned ? { signer: { sign: async <Request>(request: Request): Promise<Request> => request } } : {}),
  });
  return {
    tableName: settings.tableName,
    documents: DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    }),
  };
};
