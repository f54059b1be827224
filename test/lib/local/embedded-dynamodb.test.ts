import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDynamoDb } from '#local/embedded-dynamodb.ts';
import type { EmbeddedDynamoDb } from '#local/embedded-dynamodb.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const clientFor = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });

const tableDefinition = (TableName: string): CreateTableCommandInput => ({
  TableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'owner', AttributeType: 'S' },
    { AttributeName: 'start', AttributeType: 'S' },
  ],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'byOwner',
      KeySchema: [
        { AttributeName: 'owner', KeyType: 'HASH' },
        { AttributeName: 'start', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
});

/** The error a promise rejects with; fails the test if it resolves. */
const rejection = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
};

const reasonCodes = (error: Error): Array<string | undefined> => {
  expect(error).toBeInstanceOf(TransactionCanceledException);
  return ((error as TransactionCanceledException).CancellationReasons ?? []).map((reason) => reason.Code);
};

describe('embedded DynamoDB with transactions', () => {
  let db: EmbeddedDynamoDb;
  let client: DynamoDBClient;
  let doc: DynamoDBDocumentClient;
  const table = `bookings-${randomUUID()}`;

  const get = async (pk: string): Promise<Record<string, unknown> | undefined> =>
    (await doc.send(new GetCommand({ TableName: table, Key: { pk }, ConsistentRead: true }))).Item;
  const put = (item: Record<string, unknown>): Promise<unknown> => doc.send(new PutCommand({ TableName: table, Item: item }));
  const transact = (TransactItems: TransactItem[]): Promise<unknown> =>
    doc.send(new TransactWriteCommand({ TransactItems }));

  beforeAll(async () => {
    db = await startEmbeddedDynamoDb();
    client = clientFor(db.endpoint);
    doc = DynamoDBDocumentClient.from(client);
    await client.send(new CreateTableCommand(tableDefinition(table)));
  });

  afterAll(async () => {
    client?.destroy();
    await db?.close();
  });

  it('listens on loopback only', () => {
    expect(db.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('changes nothing when the third of four conditions fails', async () => {
    await put({ pk: 'rb-updated', v: 1 });
    await put({ pk: 'rb-checked', status: 'closed' });
    await put({ pk: 'rb-deleted', v: 1 });

    const error = await rejection(
      transact([
        { Put: { TableName: table, Item: { pk: 'rb-new', v: 1 } } },
        { Update: { TableName: table, Key: { pk: 'rb-updated' }, UpdateExpression: 'SET v = :two', ExpressionAttributeValues: { ':two': 2 } } },
        {
          ConditionCheck: {
            TableName: table,
            Key: { pk: 'rb-checked' },
            ConditionExpression: '#status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':open': 'open' },
          },
        },
        { Delete: { TableName: table, Key: { pk: 'rb-deleted' } } },
      ]),
    );

    expect(error.name).toBe('TransactionCanceledException');
    expect(reasonCodes(error)).toEqual(['None', 'None', 'ConditionalCheckFailed', 'None']);
    expect(error.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, None, ConditionalCheckFailed, None]',
    );
    expect(await get('rb-new')).toBeUndefined();
    expect(await get('rb-updated')).toEqual({ pk: 'rb-updated', v: 1 });
    expect(await get('rb-deleted')).toEqual({ pk: 'rb-deleted', v: 1 });
  });

  it('applies Put, Update, Delete and ConditionCheck together', async () => {
    await put({ pk: 'ok-updated', v: 1 });
    await put({ pk: 'ok-checked', status: 'open' });
    await put({ pk: 'ok-deleted' });

    await doc.send(
      new TransactWriteCommand({
        ClientRequestToken: randomUUID(),
        TransactItems: [
          { Put: { TableName: table, Item: { pk: 'ok-new', v: 7 }, ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Update: {
              TableName: table,
              Key: { pk: 'ok-updated' },
              UpdateExpression: 'SET #label = :label ADD v :one',
              ConditionExpression: 'v = :current',
              ExpressionAttributeNames: { '#label': 'label' },
              ExpressionAttributeValues: { ':label': 'updated', ':one': 1, ':current': 1 },
            },
          },
          { Delete: { TableName: table, Key: { pk: 'ok-deleted' }, ConditionExpression: 'attribute_exists(pk)' } },
          {
            ConditionCheck: {
              TableName: table,
              Key: { pk: 'ok-checked' },
              ConditionExpression: '#status = :open',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':open': 'open' },
            },
          },
        ],
      }),
    );

    expect(await get('ok-new')).toEqual({ pk: 'ok-new', v: 7 });
    expect(await get('ok-updated')).toEqual({ pk: 'ok-updated', v: 2, label: 'updated' });
    expect(await get('ok-deleted')).toBeUndefined();
    expect(await get('ok-checked')).toEqual({ pk: 'ok-checked', status: 'open' });
  });

  it('returns the old item of a failed condition when asked for ALL_OLD', async () => {
    await put({ pk: 'old-item', v: 3 });

    const error = await rejection(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { pk: { S: 'old-other' } } } },
            {
              ConditionCheck: {
                TableName: table,
                Key: { pk: { S: 'old-item' } },
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      ),
    );

    expect((error as TransactionCanceledException).CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 'old-item' }, v: { N: '3' } } },
    ]);
    expect(await get('old-other')).toBeUndefined();
  });

  it('lets exactly one of 50 competing transactions win', async () => {
    await put({ pk: 'contended', v: 0 });
    const attempts = Array.from({ length: 50 }, (_, index) =>
      transact([
        {
          Update: {
            TableName: table,
            Key: { pk: 'contended' },
            UpdateExpression: 'SET v = :new',
            ConditionExpression: 'v = :old',
            ExpressionAttributeValues: { ':old': 0, ':new': index + 1 },
          },
        },
        { Put: { TableName: table, Item: { pk: `entrant-${index}`, index } } },
      ]),
    );

    const results = await Promise.allSettled(attempts);
    const winners = results.flatMap((result, index) => (result.status === 'fulfilled' ? [index] : []));
    expect(winners).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') {
        expect(reasonCodes(result.reason as Error)).toEqual(['ConditionalCheckFailed', 'None']);
      }
    }

    const winner = winners[0] ?? -1;
    expect(await get('contended')).toEqual({ pk: 'contended', v: winner + 1 });
    const entrants = await doc.send(
      new BatchGetCommand({
        RequestItems: {
          [table]: { Keys: Array.from({ length: 50 }, (_, index) => ({ pk: `entrant-${index}` })), ConsistentRead: true },
        },
      }),
    );
    expect(entrants.Responses?.[table]?.map((item) => item.pk)).toEqual([`entrant-${winner}`]);
  });

  it('loses no update when transactions and conditional PutItem race on one item', async () => {
    await put({ pk: 'counter', v: 0 });
    const workers = 8;
    const incrementsPerWorker = 5;

    const increment = async (useTransaction: boolean): Promise<void> => {
      for (let attempt = 0; attempt < 1000; attempt += 1) {
        const current = Number((await get('counter'))?.v);
        const write = useTransaction
          ? transact([
              {
                Update: {
                  TableName: table,
                  Key: { pk: 'counter' },
                  UpdateExpression: 'SET v = :new',
                  ConditionExpression: 'v = :old',
                  ExpressionAttributeValues: { ':old': current, ':new': current + 1 },
                },
              },
            ])
          : doc.send(
              new PutCommand({
                TableName: table,
                Item: { pk: 'counter', v: current + 1 },
                ConditionExpression: 'v = :old',
                ExpressionAttributeValues: { ':old': current },
              }),
            );
        try {
          await write;
          return;
        } catch (error) {
          const lost = error instanceof TransactionCanceledException || error instanceof ConditionalCheckFailedException;
          if (!lost) throw error;
        }
      }
      throw new Error('no increment succeeded in 1000 attempts');
    };

    await Promise.all(
      Array.from({ length: workers }, async (_, worker) => {
        for (let count = 0; count < incrementsPerWorker; count += 1) await increment(worker % 2 === 0);
      }),
    );

    expect(await get('counter')).toEqual({ pk: 'counter', v: workers * incrementsPerWorker });
  });

  it('never lets a cancelled transaction undo a concurrent write', async () => {
    await put({ pk: 'tally', v: 0 });
    await put({ pk: 'gate-open' });
    const addOne = { TableName: table, Key: { pk: 'tally' }, UpdateExpression: 'ADD v :one', ExpressionAttributeValues: { ':one': 1 } };

    const transactions = Array.from({ length: 40 }, (_, index) =>
      transact([
        { Update: addOne },
        { ConditionCheck: { TableName: table, Key: { pk: index % 2 === 0 ? 'gate-open' : 'gate-closed' }, ConditionExpression: 'attribute_exists(pk)' } },
      ]),
    );
    const plainUpdates = Array.from({ length: 20 }, () => doc.send(new UpdateCommand(addOne)));
    const results = await Promise.allSettled([...transactions, ...plainUpdates]);

    const succeeded = results.filter((result) => result.status === 'fulfilled').length;
    expect(succeeded).toBe(40);
    expect(await get('tally')).toEqual({ pk: 'tally', v: 40 });
  });

  it('never lets a read see half of a transaction', async () => {
    await put({ pk: 'account-a', v: 100 });
    await put({ pk: 'account-b', v: 0 });
    const keys = [{ pk: 'account-a' }, { pk: 'account-b' }];

    const transfers = Array.from({ length: 30 }, () =>
      transact([
        {
          Update: {
            TableName: table,
            Key: { pk: 'account-a' },
            UpdateExpression: 'SET v = v - :one',
            ConditionExpression: 'v >= :one',
            ExpressionAttributeValues: { ':one': 1 },
          },
        },
        {
          Update: { TableName: table, Key: { pk: 'account-b' }, UpdateExpression: 'SET v = v + :one', ExpressionAttributeValues: { ':one': 1 } },
        },
      ]),
    );
    const totals = Array.from({ length: 30 }, async (_, index) => {
      const items =
        index % 2 === 0
          ? (await doc.send(new TransactGetCommand({ TransactItems: keys.map((Key) => ({ Get: { TableName: table, Key } })) })))
              .Responses?.map((response) => response.Item)
          : (await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }))).Responses?.[table];
      return (items ?? []).reduce((sum, item) => sum + Number(item?.v), 0);
    });

    await Promise.all(transfers);
    expect(new Set(await Promise.all(totals))).toEqual(new Set([100]));
    expect(await get('account-b')).toEqual({ pk: 'account-b', v: 30 });
  });

  it('rejects two actions on one item and more than 100 or no actions', async () => {
    const sameItem = await rejection(
      transact([
        { Put: { TableName: table, Item: { pk: 'twice', v: 1 } } },
        { Update: { TableName: table, Key: { pk: 'twice' }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': 2 } } },
      ]),
    );
    expect(sameItem.name).toBe('ValidationException');
    expect(sameItem.message).toBe('Transaction request cannot include multiple operations on one item');
    expect(await get('twice')).toBeUndefined();

    const tooMany = await rejection(
      transact(Array.from({ length: 101 }, (_, index) => ({ Put: { TableName: table, Item: { pk: `many-${index}` } } }))),
    );
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.message).toContain('less than or equal to 100');
    expect(await get('many-0')).toBeUndefined();

    const none = await rejection(transact([]));
    expect(none.name).toBe('ValidationException');
  });

  it('passes an invalid action through and rolls back the others', async () => {
    const badExpression = await rejection(
      transact([
        { Put: { TableName: table, Item: { pk: 'invalid-put' } } },
        { Update: { TableName: table, Key: { pk: 'invalid-update' }, UpdateExpression: 'SET = nonsense' } },
      ]),
    );
    expect(badExpression.name).toBe('ValidationException');
    expect(await get('invalid-put')).toBeUndefined();
    expect(await get('invalid-update')).toBeUndefined();

    const missingTable = await rejection(
      transact([
        { Put: { TableName: table, Item: { pk: 'orphan-put' } } },
        { Put: { TableName: `missing-${randomUUID()}`, Item: { pk: 'x' } } },
      ]),
    );
    expect(missingTable).toBeInstanceOf(ResourceNotFoundException);
    expect(await get('orphan-put')).toBeUndefined();
  });

  it('sees a table deleted and created again at once, with its new indexes, in item operations', async () => {
    const other = `recreated-${randomUUID()}`;
    await client.send(new CreateTableCommand({ ...tableDefinition(other), GlobalSecondaryIndexes: undefined, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] }));
    await doc.send(new PutCommand({ TableName: other, Item: { pk: 'a', owner: 'o', start: '1' } }));
    expect((await doc.send(new GetCommand({ TableName: other, Key: { pk: 'a' } }))).Item).toMatchObject({ pk: 'a' });

    await client.send(new DeleteTableCommand({ TableName: other }));
    expect(await rejection(doc.send(new GetCommand({ TableName: other, Key: { pk: 'a' } })))).toBeInstanceOf(ResourceNotFoundException);

    await client.send(new CreateTableCommand(tableDefinition(other)));
    expect((await doc.send(new GetCommand({ TableName: other, Key: { pk: 'a' } }))).Item).toBeUndefined();
    await doc.send(new PutCommand({ TableName: other, Item: { pk: 'b', owner: 'o', start: '2' } }));
    const byOwner = await doc.send(
      new QueryCommand({ TableName: other, IndexName: 'byOwner', KeyConditionExpression: '#owner = :owner', ExpressionAttributeNames: { '#owner': 'owner' }, ExpressionAttributeValues: { ':owner': 'o' } }),
    );
    expect(byOwner.Items?.map((item) => item.pk)).toEqual(['b']);
  });

  it('answers TransactGetItems in order with empty entries for missing items', async () => {
    await put({ pk: 'tg-1', v: 1 });
    await put({ pk: 'tg-3', v: 3, extra: 'hidden' });

    const result = await doc.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: table, Key: { pk: 'tg-3' }, ProjectionExpression: 'pk, v' } },
          { Get: { TableName: table, Key: { pk: 'tg-2' } } },
          { Get: { TableName: table, Key: { pk: 'tg-1' } } },
        ],
      }),
    );

    expect(result.Responses).toEqual([{ Item: { pk: 'tg-3', v: 3 } }, {}, { Item: { pk: 'tg-1', v: 1 } }]);
  });

  it('queries a global secondary index through the proxy', async () => {
    await transact([
      { Put: { TableName: table, Item: { pk: 'gsi-2', owner: 'epa-1', start: '2025-01-02' } } },
      { Put: { TableName: table, Item: { pk: 'gsi-1', owner: 'epa-1', start: '2025-01-01' } } },
    ]);
    await put({ pk: 'gsi-3', owner: 'epa-2', start: '2025-01-01' });

    const result = await doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byOwner',
        KeyConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': 'epa-1' },
      }),
    );

    expect(result.Items?.map((item) => item.pk)).toEqual(['gsi-1', 'gsi-2']);
  });
});

describe('embedded DynamoDB persistence', () => {
  it('keeps data in the given directory across restarts', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'embedded-dynamodb-'));
    const path = join(directory, 'nested', 'data');
    const table = `persisted-${randomUUID()}`;
    try {
      const first = await startEmbeddedDynamoDb({ path });
      const firstClient = clientFor(first.endpoint);
      await firstClient.send(new CreateTableCommand(tableDefinition(table)));
      await DynamoDBDocumentClient.from(firstClient).send(
        new TransactWriteCommand({ TransactItems: [{ Put: { TableName: table, Item: { pk: 'kept', v: 1 } } }] }),
      );
      firstClient.destroy();
      await first.close();

      const second = await startEmbeddedDynamoDb({ path });
      const secondClient = clientFor(second.endpoint);
      try {
        const read = await DynamoDBDocumentClient.from(secondClient).send(new GetCommand({ TableName: table, Key: { pk: 'kept' } }));
        expect(read.Item).toEqual({ pk: 'kept', v: 1 });
      } finally {
        secondClient.destroy();
        await second.close();
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('refuses a second store on a data folder in use, saying why, and opens it once the first has closed', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'embedded-dynamodb-'));
    try {
      const first = await startEmbeddedDynamoDb({ path: directory });
      await expect(startEmbeddedDynamoDb({ path: directory })).rejects.toThrow(/in use by process \d+; is the service already running on it\?/);
      await first.close();
      const second = await startEmbeddedDynamoDb({ path: directory });
      await second.close();
      // A process killed while holding the folder leaves its claim behind: the next start takes it over.
      writeFileSync(join(directory, 'service.pid'), String(spawnSync(process.execPath, ['-e', '']).pid));
      const third = await startEmbeddedDynamoDb({ path: directory });
      await third.close();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
