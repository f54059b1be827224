import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import type { BusEntry, EventBus } from '#events/event-bus.ts';
import { silentLogger } from '#ports/logger.ts';
import { eventKey } from '#store/keys.ts';
import { outboxEventPut } from '#store/outbox.ts';
import { handler } from '../../functions/publisher/handler.ts';
import { useDependencies } from '../../functions/dependencies.ts';
import { TestApi } from '../support/api-client.ts';
import { createApprentice } from '../support/apprentices.ts';
import { provisionallyBookedEvent } from '../support/planning-meeting-fixture.ts';

const now = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
/** What the publisher put on the bus; `refuse` names event ids the bus turns down. */
const put: BusEntry[] = [];
let refuse = new Set<string>();
const bus: EventBus = {
  put: async (entries) => {
    put.push(...entries);
    return {
      failed: entries.flatMap((entry, index) =>
        refuse.has((JSON.parse(entry.detail) as PlanningMeetingEvent).eventId) ? [{ index, code: 'InternalFailure', message: 'try again' }] : [],
      ),
    };
  },
};

let template: PlanningMeetingEvent;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => now, logger: silentLogger });
  const apprenticeId = await createApprentice(api, 'stream-apprentice', { now });
  const booked = await api.post('/planning-meetings', { as: 'demo-ao', body: { apprenticeId, start: '2027-01-20T10:00:00Z', status: 'provisional' } });
  expect(booked.status).toBe(201);
  await api.host.settle();
  template = provisionallyBookedEvent(booked.body, 'template', now);
  // The handler under test reaches the embedded store and this bus; the local pipeline is not involved.
  useDependencies({ ...api.host.deps, bus });
});
afterAll(() => api.close());
beforeEach(() => {
  put.length = 0;
  refuse = new Set();
});

let sequence = 4421584500000000017450439000n;
/**
 * Records an event in the outbox (as a change does, but without the local pipeline
 * publishing it) and answers the stream record AWS delivers for that INSERT: the item
 * read back in AttributeValue form, with the envelope of a DynamoDB stream record.
 */
const recordedEvent = async (eventId: string): Promise<DynamoDBRecord> => {
  const event = { ...template, eventId };
  const { tableName, documents } = api.host.table;
  await documents.send(new TransactWriteCommand({ TransactItems: [outboxEventPut(tableName, event)] }));
  const { Item } = await documents.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: eventKey(eventId).pk }, sk: { S: eventKey(eventId).sk } } }));
  sequence += 100n;
  // Lambda receives the record as JSON: the image as the stream holds it, in AttributeValue form.
  const image = JSON.parse(JSON.stringify(Item)) as Record<string, AttributeValue>;
  return {
    eventID: `c81e728d9d4c2f636f067f89cc14862c${eventId.length}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-2',
    dynamodb: {
      ApproximateCreationDateTime: now / 1000,
      Keys: { pk: image.pk!, sk: image.sk! },
      NewImage: image,
      SequenceNumber: String(sequence),
      SizeBytes: JSON.stringify(Item).length,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: `arn:aws:dynamodb:eu-west-2:123456789012:table/${tableName}/stream/2027-01-01T00:00:00.000`,
  };
};
const streamEvent = (...Records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records });
const pendingIds = async () => (await api.host.deps.outbox.pending(100)).items.map((event) => event.eventId);

describe('the stream publisher, fed records as DynamoDB Streams shapes them', () => {
  it('puts each new outbox event on the bus as recorded, and takes it out of the outbox', async () => {
    const record = await recordedEvent('stream-event-1');
    expect(await pendingIds()).toContain('stream-event-1');

    expect(await handler(streamEvent(record))).toEqual({ batchItemFailures: [] });

    expect(put).toHaveLength(1);
    expect(put[0]).toMatchObject({ source: 'planning-meetings', detailType: template.type });
    expect(JSON.parse(put[0]!.detail)).toEqual({ ...template, eventId: 'stream-event-1' });
    expect(await pendingIds()).not.toContain('stream-event-1');
  });

  it('reports the records whose events the bus refused, by sequence number, and keeps those events pending', async () => {
    const taken = await recordedEvent('stream-event-2');
    const refused = await recordedEvent('stream-event-3');
    refuse = new Set(['stream-event-3']);

    const answer = await handler(streamEvent(taken, refused));

    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: refused.dynamodb!.SequenceNumber }]);
    const pending = await pendingIds();
    expect(pending).toContain('stream-event-3');
    expect(pending).not.toContain('stream-event-2');
  });

  it('ignores what is not a new outbox event: a modified event, other items', async () => {
    const record = await recordedEvent('stream-event-4');
    const modified: DynamoDBRecord = { ...record, eventName: 'MODIFY' };
    const otherItem: DynamoDBRecord = {
      ...record,
      dynamodb: { ...record.dynamodb, NewImage: { pk: { S: 'USER#x' }, sk: { S: 'RECORD' }, entity: { S: 'user' } } },
    };
    expect(await handler(streamEvent(modified, otherItem))).toEqual({ batchItemFailures: [] });
    expect(put).toEqual([]);
    expect(await pendingIds()).toContain('stream-event-4');
  });
});
