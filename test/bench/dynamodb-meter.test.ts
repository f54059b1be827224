import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '#local/embedded-dynamodb.ts';
import type { EventBus } from '#events/event-bus.ts';
import { PENDING_EVENTS_PARTITION } from '#store/keys.ts';
import { createTableClient, type TableClient } from '#store/table-client.ts';
import { createTableInput } from '#store/table-definition.ts';
import { DynamoDbMeter } from '../../bench/dynamodb-meter.ts';

// The bench's figures stand on this meter: what it counts against the embedded store.
describe('DynamoDB meter', () => {
  let store: EmbeddedDynamoDb;
  let table: TableClient;
  let meter: DynamoDbMeter;
  const get = (pk: string, consistent = false) => table.documents.send(new GetCommand({ TableName: table.tableName, Key: { pk, sk: 'A' }, ConsistentRead: consistent }));
  const put = (pk: string, extra: Record<string, unknown> = {}) => table.documents.send(new PutCommand({ TableName: table.tableName, Item: { pk, sk: 'A', ...extra } }));

  beforeAll(async () => {
    store = await startEmbeddedDynamoDb();
    table = createTableClient({ tableName: 'meter-test', endpoint: store.endpoint, region: 'eu-west-2' });
    await table.documents.send(new CreateTableCommand(createTableInput(table.tableName)));
    await put('ONE', { text: 'x'.repeat(5000) });
    meter = new DynamoDbMeter(table.documents);
  });

  afterAll(async () => {
    meter.remove();
    table.documents.destroy();
    await store.close();
  });

  it('counts calls sent together as one round trip, and calls that wait for each other as one each', async () => {
    const { calls } = await meter.measure(async () => {
      await Promise.all([get('ONE'), get('TWO')]);
      await get('ONE', true);
    });
    expect(calls.calls).toBe(3);
    expect(calls.roundTrips).toBe(2);
    expect(calls.rounds).toEqual([['GetItem', 'GetItem'], ['GetItem']]);
    expect(calls.itemsRead).toBe(2);
  });

  it('takes read and write units from the store where it answers them', async () => {
    // A 5 KB item: two 4 KB read units, half each when eventually consistent; six 1 KB write units.
    const read = await meter.measure(() => get('ONE'));
    expect(read.calls.rcu).toBe(1);
    const written = await meter.measure(() => put('THREE', { text: 'y'.repeat(5000) }));
    expect(written.calls.wcu).toBe(5);
    expect(written.calls.itemsWritten).toBe(1);
    expect(read.calls.computed.size + written.calls.computed.size).toBe(0);
  });

  it('computes a transaction\'s write units from item sizes, twice per KB, the update as written', async () => {
    const { calls } = await meter.measure(() =>
      table.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table.tableName, Item: { pk: 'FOUR', sk: 'A', text: 'z'.repeat(1500) } } },
            { Update: { TableName: table.tableName, Key: { pk: 'ONE', sk: 'A' }, UpdateExpression: 'SET seen = :yes', ExpressionAttributeValues: { ':yes': true } } },
          ],
        }),
      ),
    );
    expect(calls.itemsWritten).toBe(2);
    // The put: 1.5 KB → 2 units × 2; the update: a 5 KB item → 5 units × 2.
    expect(calls.wcu).toBe(4 + 10);
    expect([...calls.computed]).toEqual(['TransactWriteItems']);
  });

  it('leaves out the events pipeline: the outbox read and mark, and whatever the bus runs', async () => {
    const bus: EventBus = {
      put: async () => {
        await get('ONE');
        return { failed: [] };
      },
    };
    meter.watchPipeline(bus);
    const { calls } = await meter.measure(async () => {
      await get('TWO');
      await table.documents.send(new QueryCommand({ TableName: table.tableName, IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pending', ExpressionAttributeValues: { ':pending': PENDING_EVENTS_PARTITION } }));
      await bus.put([]);
      await table.documents.send(new UpdateCommand({ TableName: table.tableName, Key: { pk: 'EVENT#1', sk: 'EVENT' }, UpdateExpression: 'SET publishedAt = :now', ExpressionAttributeValues: { ':now': 'now' } }));
    });
    expect(calls.calls).toBe(1);
    expect(calls.pipelineCalls).toBe(3);
  });

  it('counts what runs after the answer, while the pipeline settles, as the pipeline\'s', async () => {
    const { calls } = await meter.measure(
      () => get('TWO'),
      async () => {
        await get('ONE');
      },
    );
    expect(calls.calls).toBe(1);
    expect(calls.pipelineCalls).toBe(1);
  });
});
