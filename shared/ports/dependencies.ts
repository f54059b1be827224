import type { Logger } from '#ports/logger.ts';
import type { Metrics } from '#ports/metrics.ts';
import type { Channels } from '#channels/channel-ports.ts';
import type { Organizer } from '#channels/icalendar.ts';
import type { EventBus } from '#events/event-bus.ts';
import type { MeetingRepository } from '#store/meeting-repository.ts';
import type { NotificationRepository } from '#store/notification-repository.ts';
import type { RecordRepository } from '#store/record-repository.ts';
import type { OfferedSlotsMemo } from '#use-cases/offered-slots-memo.ts';

/**
 * What a use case may touch besides its input. Lambda builds it from the
 * environment; the local host and the tests build it around the embedded store.
 */
export interface Dependencies {
  records: RecordRepository;
  meetings: MeetingRepository;
  /** The slot engine's recent answers, for listings that repeat (per process). */
  offeredSlots: OfferedSlotsMemo;
  notifications: NotificationRepository;
  /** The only clock: epoch milliseconds. */
  clock: () => number;
  /** The only source of new ids (meetings, attendees, events). */
  newId: () => string;
  logger: Logger;
  /** Counts for alarms (failed deliveries); absent where nobody watches them (local mode, tests). */
  metrics?: Metrics;
  /** Where change events go once recorded (the publisher and the sweeper use it). */
  bus: EventBus;
  channels: Channels;
  /** The ORGANIZER of invites and the From of emails. */
  sender: Organizer;
  rolesClaim: string;
}
