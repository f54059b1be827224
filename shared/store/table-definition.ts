import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The shape of the one table of a stack (single-table design, see docs/data-model.md).
 * The CDK table, the local host's CreateTable and the store's queries all read it,
 * so a key or index is renamed here and nowhere else.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: {
    gsi1: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    gsi2: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    gsi3: { partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  },
  /** Epoch seconds; DynamoDB deletes the item some time after it passes (idempotency records, outbox leftovers). */
  timeToLiveAttribute: 'expiresAt',
} as const;

export type IndexName = keyof typeof tableDefinition.indexes;
export const indexNames = Object.keys(tableDefinition.indexes) as IndexName[];

/** Every key attribute is a string: ids and ISO instants sort correctly as text. */
export const keyAttributeNames: readonly string[] = [
  tableDefinition.partitionKey,
  tableDefinition.sortKey,
  ...indexNames.flatMap((name) => [tableDefinition.indexes[name].partitionKey, tableDefinition.indexes[name].sortKey]),
];

/** The same table as the CDK stack creates, for the embedded store of local mode and tests. */
export const createTableInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: keyAttributeNames.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
  KeySchema: [
    { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
    { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: indexNames.map((name) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: tableDefinition.indexes[name].partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.indexes[name].sortKey, KeyType: 'RANGE' },
    ],
    // Overloaded indexes serve several entity kinds; projecting everything saves a second read per item.
    Projection: { ProjectionType: 'ALL' },
  })),
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
});
