import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { ClaimRepository } from './claims.ts';
import { IdempotencyRecords } from './idempotency-records.ts';
import { MeetingRepository } from './meetings.ts';
import { Outbox } from './outbox.ts';
import { RecordRepository } from './record-repository.ts';
import type { TableClient } from './table-client.ts';

/**
 * The repositories every function uses, over one table. The directory listings and the
 * notification records are not among them: only the functions that use them build them
 * (`Dependencies.listings`, `Dependencies.notifications`), so the others do not bundle
 * their code.
 */
export interface Repositories {
  records: RecordRepository;
  meetings: MeetingRepository;
  claims: ClaimRepository;
  idempotency: IdempotencyRecords;
  outbox: Outbox;
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
  meetings: new MeetingRepository(table, options.afterCommit),
  claims: new ClaimRepository(table),
  idempotency: new IdempotencyRecords(table),
  outbox: new Outbox(table),
});
