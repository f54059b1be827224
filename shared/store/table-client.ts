import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface TableSettings {
  tableName: string;
  /** Set only for the embedded store of local mode and tests. */
  endpoint?: string | undefined;
  region?: string | undefined;
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
  });
  return {
    tableName: settings.tableName,
    documents: DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    }),
  };
};
