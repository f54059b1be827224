import { busEntryOf } from '#events/event-bus.ts';
import type { EventBus } from '#ports/event-bus.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { backoffMs } from '#domain/backoff.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import type { Logger } from '#ports/logger.ts';

/** PutEvents takes at most 10 entries. */
const PUT_LIMIT = 10;
const PAGE = 100;
const MAX_PAGES = 20;

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
 * Moves change events to the bus. PutEvents can take some entries of a batch and
 * refuse others (FailedEntryCount), or fail whole: only the refused ones are sent
 * again, with backoff. An event is marked published only once the bus has it;
 * nothing is lost when the bus is down, only delayed. The bus only puts: the
 * batching, the retries and the marking are decided here.
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

/** Publishes recorded events and takes them out of the outbox's pending index (the stream publisher). */
export const publishRecordedEvents = (deps: Pick<Dependencies, 'bus' | 'outbox' | 'logger' | 'clock'>, events: readonly PlanningMeetingEvent[]): Promise<PublishReport> =>
  publishEvents(events, {
    bus: deps.bus,
    logger: deps.logger,
    markPublished: (ids) => deps.outbox.markPublished(ids, deps.clock()),
  });

/**
 * Publishes what the outbox still holds (gsi3 `OUTBOX#PENDING`, oldest first). Local
 * mode runs it after every change; in AWS the sweeper runs it for events the stream
 * publisher left behind, older than `olderThanMs`.
 */
export const publishPendingEvents = async (
  deps: Pick<Dependencies, 'bus' | 'outbox' | 'logger' | 'clock'>,
  options: { olderThanMs?: number } = {},
): Promise<PublishReport> => {
  const report: PublishReport = { published: [], failed: [] };
  const cutoff = options.olderThanMs === undefined ? Number.POSITIVE_INFINITY : deps.clock() - options.olderThanMs;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const found = await deps.outbox.pending(PAGE, cursor);
    const due = found.items.filter((event) => Date.parse(event.occurredAt) <= cutoff);
    if (due.length > 0) {
      const outcome = await publishRecordedEvents(deps, due);
      report.published.push(...outcome.published);
      report.failed.push(...outcome.failed);
    }
    // Oldest first: once one is too young, so are the rest.
    if (due.length < found.items.length || !found.cursor) break;
    cursor = found.cursor;
  }
  return report;
};
