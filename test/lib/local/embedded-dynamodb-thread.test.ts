import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTableClient } from '#store/table-client.ts';
import { createTableInput } from '#store/table-definition.ts';
import { startEmbeddedDynamoDbThread } from '#local/embedded-dynamodb-thread.ts';
import { StoreChannelRequestHandler } from '#local/store-channel.ts';

describe('the embedded store on its own thread', () => {
  it('answers the SDK with transactions, and keeps its data across a restart on the same folder', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'store-thread-')), 'dynamodb');
    const first = await startEmbeddedDynamoDbThread({ path });
    const table = createTableClient({ tableName: 'thread-test', endpoint: first.endpoint });
    await table.documents.send(new CreateTableCommand(createTableInput('thread-test')));
    await table.documents.send(new PutCommand({ TableName: 'thread-test', Item: { pk: 'A', sk: 'A', n: 1 } }));
    await expect(
      table.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: 'thread-test', Item: { pk: 'B', sk: 'B' } } },
            { Put: { TableName: 'thread-test', Item: { pk: 'A', sk: 'A', n: 2 }, ConditionExpression: 'n = :two', ExpressionAttributeValues: { ':two': 2 } } },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    table.documents.destroy();
    await first.close();

    const second = await startEmbeddedDynamoDbThread({ path });
    const again = createTableClient({ tableName: 'thread-test', endpoint: second.endpoint });
    expect((await again.documents.send(new GetCommand({ TableName: 'thread-test', Key: { pk: 'A', sk: 'A' } }))).Item).toMatchObject({ n: 1 });
    expect((await again.documents.send(new GetCommand({ TableName: 'thread-test', Key: { pk: 'B', sk: 'B' } }))).Item).toBeUndefined();
    again.documents.destroy();
    await second.close();
  });

  it('answers by channel from another thread, and a channel fails its calls once the store has closed', async () => {
    const store = await startEmbeddedDynamoDbThread();
    const table = createTableClient({ tableName: 'channel-test', endpoint: store.endpoint, requestHandler: new StoreChannelRequestHandler(await store.connect()), unsigned: true });
    await table.documents.send(new CreateTableCommand(createTableInput('channel-test')));
    await table.documents.send(new PutCommand({ TableName: 'channel-test', Item: { pk: 'A', sk: 'A', n: 1 } }));
    expect((await table.documents.send(new GetCommand({ TableName: 'channel-test', Key: { pk: 'A', sk: 'A' } }))).Item).toMatchObject({ n: 1 });
    await expect(
      table.documents.send(new PutCommand({ TableName: 'channel-test', Item: { pk: 'A', sk: 'A', n: 3 }, ConditionExpression: 'n = :two', ExpressionAttributeValues: { ':two': 2 } })),
    ).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });

    await store.close();
    await expect(table.documents.send(new GetCommand({ TableName: 'channel-test', Key: { pk: 'A', sk: 'A' } }))).rejects.toThrow(/closed/);
    table.documents.destroy();
  });
});
