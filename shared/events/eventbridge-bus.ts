import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { BusEntry, EventBus, PutOutcome } from './event-bus.ts';

/** The customer's EventBridge bus. PutEvents may take some entries and refuse others; report which. */
export class EventBridgeBus implements EventBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async put(entries: readonly BusEntry[]): Promise<PutOutcome> {
    const answer = await this.client.send(
      new PutEventsCommand({
        Entries: entries.map((entry) => ({
          EventBusName: this.busName,
          Source: entry.source,
          DetailType: entry.detailType,
          Detail: entry.detail,
        })),
      }),
    );
    if (!answer.FailedEntryCount) return { failed: [] };
    return {
      failed: (answer.Entries ?? []).flatMap((result, index) =>
        result.ErrorCode ? [{ index, code: result.ErrorCode, message: result.ErrorMessage ?? '' }] : [],
      ),
    };
  }
}
