import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynaliteBackend } from '#local/dynalite-backend.ts';
import { createDynamoDbService, type DynamoDbService, type StorePriority } from '#local/dynamodb-service.ts';

const request = (operation: string, body: unknown) => ({
  headers: { 'x-amz-target': `DynamoDB_20120810.${operation}`, 'content-type': 'application/x-amz-json-1.0' },
  body: Buffer.from(JSON.stringify(body)),
});

describe('the embedded store’s priorities', () => {
  let backend: DynaliteBackend;
  let service: DynamoDbService;
  const TableName = 'priorities';

  beforeAll(async () => {
    backend = await DynaliteBackend.open();
    service = createDynamoDbService(backend);
    const created = await service.handle(
      request('CreateTable', {
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    expect(created.status).toBe(200);
    // Created tables turn ACTIVE on the next turn of the event loop.
    for (let tries = 0; tries < 50; tries += 1) {
      const described = await service.handle(request('DescribeTable', { TableName }));
      if ((JSON.parse(described.body.toString('utf8')) as { Table?: { TableStatus?: string } }).Table?.TableStatus === 'ACTIVE') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });

  afterAll(async () => {
    await service.settle();
    await backend.close();
  });

  const put = (pk: string, priority?: StorePriority) => service.handle(request('PutItem', { TableName, Item: { pk: { S: pk } } }), priority);
  const get = (pk: string, priority?: StorePriority) => service.handle(request('GetItem', { TableName, Key: { pk: { S: pk } } }), priority);

  it('answers a background request only once the foreground requests under way are answered', async () => {
    const answered: string[] = [];
    const note = (name: string) => (response: { status: number; body: Buffer }) => {
      if (response.status !== 200) throw new Error(`${name}: ${response.status} ${response.body.toString('utf8')}`);
      answered.push(name);
    };
    // A foreground batch of many writes, then a small background read that alone would finish first.
    const batch = service
      .handle(
        request('BatchWriteItem', {
          RequestItems: { [TableName]: Array.from({ length: 25 }, (_, index) => ({ PutRequest: { Item: { pk: { S: `batch-${index}` } } } })) },
        }),
      )
      .then(note('foreground batch'));
    const background = get('batch-0', 'background').then(note('background read'));
    const foreground = get('batch-1').then(note('foreground read'));
    await Promise.all([batch, background, foreground]);
    expect(answered.indexOf('background read')).toBe(2);
  });

  it('answers a background request at once when the foreground is quiet, and with what the foreground wrote', async () => {
    await put('written');
    const started = performance.now();
    const answer = await get('written', 'background');
    expect(performance.now() - started).toBeLessThan(200);
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ Item: { pk: { S: 'written' } } });
  });
});
