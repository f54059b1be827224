import type { Logger } from '#ports/logger.ts';
import { busEntryOf, type EventBus } from './event-bus.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { backoffMs } from '#domain/backoff.ts';

/** PutEvents takes at most 10 entries. */
const PUT_LIMIT = 10;

export interface PublishReport {
  published: string[];
  /** Still pending; they stay in the outbox and are tried again (stream retry, sweeper). */
  failed: string[];
}

export interface PublisherPorts {
  bus: EventBus;
  markPublished: (eventIds: readonly string[]) => Promise<void>;
  logger: Logger;
  pause?: (attempt: number) => Promise<void>;
}

const backoff = (attempt: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, { baseMs: 50, capMs: 2000 })));

/**
 * Moves recorded change events from the outbox to the bus. PutEvents can take some
 * entries of a batch and refuse others (FailedEntryCount), or fail whole: only the
 * refused ones are sent again, with backoff. An event leaves the outbox only once
 * the bus has it; nothing is lost when the bus is down, only delayed.
 */
export const publishEvents = async (
  events: readonly PlanningMeetingEvent[],
  ports: PublisherPorts,
  attempts = 4,
): Promise<PublishReport> => {
  const pause = ports.pause ?? backoff;
  const report: PublishReport = { published: [], failed: [] };
  for (let offset = 0; offset < events.length; offset += PUT_LIMIT) {
    let pending = events.slice(offset, offset + PUT_LIMIT);
    for (let attempt = 0; pending.length > 0 && attempt < attempts; attempt += 1) {
      if (attempt > 0) await pause(attempt);
      let refused: Set<number>;
      try {
        const outcome = await ports.bus.put(pending.map(busEntryOf));
        refused = new Set(outcome.failed.map((failure) => failure.index));
        for (const failure of outcome.failed) {
          ports.logger.log('warn', 'event refused by the bus', { eventId: pending[failure.index]?.eventId, code: failure.code, error: failure.message });
        }
      } catch (error) {
        // The SDK's error name tells throttling from access denied (a stack or role problem that retrying will not fix).
        const code = error instanceof Error ? error.name : 'Error';
        ports.logger.log('warn', 'event bus unavailable', { code, error: error instanceof Error ? error.message : String(error), attempt });
        refused = new Set(pending.map((_, index) => index));
      }
      const taken = pending.filter((_, index) => !refused.has(index));
      if (taken.length > 0) {
        await ports.markPublished(taken.map((event) => event.eventId));
        report.published.push(...taken.map((event) => event.eventId));
      }
      pending = pending.filter((_, index) => refused.has(index));
    }
    report.failed.push(...pending.map((event) => event.eventId));
  }
  return report;
};
