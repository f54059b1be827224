import { publishEvents, type PublishReport } from '#events/event-publisher.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import type { Dependencies } from '#ports/dependencies.ts';

const PAGE = 100;
const MAX_PAGES = 20;

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
