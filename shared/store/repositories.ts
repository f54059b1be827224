import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { ClaimRepository } from './claims.ts';
import { DirectoryListings } from './directory-listings.ts';
import { IdempotencyRecords } from './idempotency-records.ts';
import { MeetingRepository } from './meetings.ts';
import { NotificationRepository } from './notification-repository.ts';
import { Outbox } from './outbox.ts';
import { RecordRepository } from './record-repository.ts';
import type { TableClient } from './table-client.ts';

/** Every repository of one table: what a host wires into `Dependencies`. */
export interface Repositories {
  records: RecordRepository;
  /** Users and apprentice records with the listing and directory entries that find them by name (`records` reads them). */
  listings: DirectoryListings;
  meetings: MeetingRepository;
  claims: ClaimRepository;
  idempotency: IdempotencyRecords;
  outbox: Outbox;
  notifications: NotificationRepository;
}

/**
 * The repositories over one table client. `afterCommit`: see `MeetingRepository`;
 * `records`: one already made (a host that seeds data before it builds the rest).
 */
export const repositoriesOn = (
  table: TableClient,
  options: { afterCommit?: (events: readonly PlanningMeetingEvent[]) => void; records?: RecordRepository } = {},
): Repositories => ({
  records: options.records ?? new RecordRepository(table),
  listings: new DirectoryListings(table),
  meetings: new MeetingRepository(table, options.afterCommit),
  claims: new ClaimRepository(table),
  idempotency: new IdempotencyRecords(table),
  outbox: new Outbox(table),
  notifications: new NotificationRepository(table),
});
