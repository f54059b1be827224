import type { Logger } from '#ports/logger.ts';
import type { Metrics } from '#ports/metrics.ts';
import type { Channels, Organizer } from './channels.ts';
import type { EventBus } from './event-bus.ts';
import type { DirectoryListingStore } from './directory-listing-store.ts';
import type { NotificationStore } from './notification-store.ts';
import type { Repositories } from './repositories.ts';

/**
 * What a use case may touch besides its input. Lambda builds it from the
 * environment; the local host and the tests build it around the embedded store.
 * Every store is an interface here; `shared/store` implements them over DynamoDB.
 * The repositories (`repositoriesOn`) hold no state between requests but the
 * configuration records' five-second copy (decision 0005).
 */
export interface Dependencies extends Repositories {
  /** Users and apprentice records with the entries that find them by name: built by the directory function and the local host; elsewhere it fails if used. */
  listings: DirectoryListingStore;
  /** Delivery records and in-app notifications: built by the notifiers, the sweeper, the notifications function and the local host. */
  notifications: NotificationStore;
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
  /** Where the screens are (their origin), for links in notifications; absent where there are none. */
  siteUrl?: string;
  rolesClaim: string;
}
