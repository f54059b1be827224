import { join } from 'node:path';
import type { Organizer } from '#channels/icalendar.ts';
import { StoredInAppChannel } from '#channels/stored-in-app-channel.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import type { Logger } from '#ports/logger.ts';
import type { NotificationRepository } from '#store/notification-repository.ts';
import { deliverNotifications } from '#use-cases/deliver-notifications.ts';
import { publishPendingEvents } from '#use-cases/publish-pending-events.ts';
import { channelRegistry } from '../../functions/notifier/channel-registry.ts';
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
 * outbox.
 */
export interface EventsPipeline {
  /** Asks for a drain of the outbox: after each commit, and once at start for what a stopped process left. */
  request(): void;
  bus: InProcessBus;
  outbox: LocalOutbox;
  /** Waits until every recorded change is published and every notification sent. */
  settle(): Promise<void>;
  listing(): OutboxListing;
  /** Starts no more drains (the host is going). */
  stop(): void;
}

export const createEventsPipeline = (settings: {
  dataDirectory?: string | undefined;
  clock: () => number;
  logger: Logger;
  notifications: NotificationRepository;
  /** The use cases' dependencies, of which this pipeline's bus and channels are part. */
  deps: () => Dependencies;
}): EventsPipeline => {
  const { clock, logger, dataDirectory, deps } = settings;
  const outbox = new LocalOutbox(dataDirectory ? join(dataDirectory, 'outbox') : undefined, clock, new StoredInAppChannel(settings.notifications));
  const bus = new InProcessBus(
    async (detail, rule) => {
      // One process holds every channel of the registry the notifiers are built from; each rule's target delivers on its own, to the local outbox's port.
      const report = await deliverNotifications(deps(), detail as PlanningMeetingEvent, channelRegistry[rule.target.channel].delivery);
      if (report.retry > 0) throw new Error(`${report.retry} ${rule.target.channel} notification(s) to retry`);
    },
    { logger, clock, deadLetterFile: dataDirectory ? join(dataDirectory, 'dead-letters.jsonl') : undefined },
  );
  const drain = new OutboxDrain(
    () => publishPendingEvents(deps()),
    (error) => logger.log('error', 'publishing failed', { error: error instanceof Error ? error.message : String(error) }),
  );
  let stopped = false;
  return {
    request: () => {
      if (!stopped) drain.request();
    },
    bus,
    outbox,
    settle: async () => {
      do {
        await drain.idle();
        await bus.idle();
      } while (drain.busy());
    },
    listing: () => ({ messages: outbox.list(), deadLetters: [...bus.deadLetters] }),
    stop: () => {
      stopped = true;
    },
  };
};
