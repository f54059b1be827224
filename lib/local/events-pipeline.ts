import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DEFAULT_ROLES_CLAIM } from '#api/caller.ts';
import type { Logger } from '#ports/logger.ts';
import { StoredInAppChannel } from '#channels/stored-in-app-channel.ts';
import type { Organizer } from '#channels/icalendar.ts';
import { eventRules } from '#events/event-rules.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { MeetingRepository } from '#store/meeting-repository.ts';
import { NotificationRepository } from '#store/notification-repository.ts';
import { RecordRepository } from '#store/record-repository.ts';
import type { TableClient } from '#store/table-client.ts';
import { deliverNotifications } from '#use-cases/deliver-notifications.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import { OfferedSlotsMemo } from '#use-cases/offered-slots-memo.ts';
import { publishPendingEvents } from '#use-cases/publish-pending-events.ts';
import { InProcessBus, type DeadLetter } from './in-process-bus.ts';
import { LocalOutbox, type OutboxMessage } from './local-outbox.ts';
import { OutboxDrain } from './outbox-drain.ts';

export const LOCAL_SENDER: Organizer = { name: 'Planning meetings (local)', email: 'planning-meetings@localhost.test' };

export interface OutboxListing {
  messages: OutboxMessage[];
  deadLetters: DeadLetter[];
}

/**
 * What AWS runs after a change, outside the request: the stream publisher (here a
 * drain of the outbox after every commit), EventBridge with the same rule table (an
 * in-process bus) and the notifier functions as its targets, sending to the local
 * outbox. It has repositories of its own on the same table, as those functions do.
 */
export interface EventsPipeline {
  /** Asks for a drain of the outbox (after a commit). */
  request(): void;
  bus: InProcessBus;
  outbox: LocalOutbox;
  /** Waits until every recorded change is published and every notification sent. */
  settle(): Promise<void>;
  listing(): OutboxListing;
}

export const createEventsPipeline = (settings: {
  table: TableClient;
  dataDirectory?: string | undefined;
  clock: () => number;
  newId?: () => string;
  logger: Logger;
  /** The server's directory reads, when the pipeline shares its thread (its changes are then seen at once). */
  records?: RecordRepository;
  /** Waited for before each publishing run and each notifier (see `ApiActivity`); nothing by default. */
  beforeEachStep?: () => Promise<void>;
}): EventsPipeline => {
  const { table, clock, logger } = settings;
  const notifications = new NotificationRepository(table);
  const outbox = new LocalOutbox(settings.dataDirectory ? join(settings.dataDirectory, 'outbox') : undefined, clock, new StoredInAppChannel(notifications));
  const drain = new OutboxDrain(
    async () => {
      await settings.beforeEachStep?.();
      return publishPendingEvents(deps);
    },
    (error) => logger.log('error', 'publishing failed', { error: error instanceof Error ? error.message : String(error) }),
  );
  const bus = new InProcessBus(
    new Map(
      eventRules.map((rule) => [
        rule.target.function,
        async (detail: unknown) => {
          await settings.beforeEachStep?.();
          const report = await deliverNotifications(deps, detail as PlanningMeetingEvent, rule.target.channel);
          if (report.retry > 0) throw new Error(`${report.retry} ${rule.target.channel} notification(s) to retry`);
        },
      ]),
    ),
    logger,
  );
  const deps: Dependencies = {
    records: settings.records ?? new RecordRepository(table),
    meetings: new MeetingRepository(table),
    offeredSlots: new OfferedSlotsMemo(),
    notifications,
    newId: settings.newId ?? (() => randomUUID()),
    clock,
    logger,
    rolesClaim: DEFAULT_ROLES_CLAIM,
    bus,
    channels: outbox.channels,
    sender: LOCAL_SENDER,
  };
  return {
    request: () => drain.request(),
    bus,
    outbox,
    settle: async () => {
      do {
        await drain.idle();
        await bus.idle();
      } while (drain.busy());
    },
    listing: () => ({ messages: outbox.list(), deadLetters: bus.deadLetters }),
  };
};
