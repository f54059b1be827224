import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { publishRecordedEvents } from '#use-cases/publish-pending-events.ts';
import { dependencies } from '../publishing-dependencies.ts';

/**
 * The table's stream, filtered to new outbox items, publishes each change event to
 * the bus. Records whose events the bus still refused after retries are reported as
 * batch item failures, so the stream delivers them again; the sweeper is the backstop.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const deps = dependencies();
  const recorded = event.Records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) return [];
    const item = unmarshall(image as Record<string, AttributeValue>);
    return item.entity === 'event' ? [{ sequence: record.dynamodb?.SequenceNumber ?? '', event: item.detail as PlanningMeetingEvent }] : [];
  });
  const report = await publishRecordedEvents(deps, recorded.map((entry) => entry.event));
  const failed = new Set(report.failed);
  return {
    batchItemFailures: recorded.filter((entry) => failed.has(entry.event.eventId)).map((entry) => ({ itemIdentifier: entry.sequence })),
  };
};
