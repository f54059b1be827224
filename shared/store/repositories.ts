import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { ClaimRepository } from './claims.ts';
import { IdempotencyRecords } from './idempotency-records.ts';
import { MeetingRepository } from './meetings.ts';
import { Outbox } from './outbox.ts';
import { RecordRepository } from './record-repository.ts';
import type { TableClient } from './table-client.ts';
import type { Repositories } from '#ports/repositories.ts';

/**
 * The DynamoDB repositories behind the ports every function uses (`Repositories` in
 * shared/ports), over one table, as their classes: a host that seeds data reaches what
 * the ports leave out.
 */
export interface TableRepositories extends Repositories {
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
): TableRepositories => ({
  records: options.records ?? new RecordRepository(table),
  meetings: new MeetingRepository(table, options.afterCommit),
  claims: new ClaimRepository(table),
  idempotency: new IdempotencyRecords(table),
  outbox: new Outbox(table),
});
