import type { IdempotencyStore } from './idempotency-store.ts';
import type { ClaimStore, MeetingStore } from './meeting-store.ts';
import type { Outbox } from './outbox.ts';
import type { RecordStore } from './record-store.ts';

/**
 * The stores every function uses. The directory listings and the notification records
 * are not among them: only the functions that use them build them
 * (`Dependencies.listings`, `Dependencies.notifications`), so the others do not bundle
 * their code.
 */
export interface Repositories {
  records: RecordStore;
  meetings: MeetingStore;
  claims: ClaimStore;
  idempotency: IdempotencyStore;
  outbox: Outbox;
}
