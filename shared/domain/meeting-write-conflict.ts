/** A condition of a meeting's transaction that another writer made false first. */
export type WriteConflict = 'meeting' | 'claim' | 'activeMeeting' | 'idempotency';

/**
 * The transaction was refused: which of its conditions failed. A value the use cases
 * branch on (retry, 409, 412), so it lives here rather than in the store that throws it.
 */
export class MeetingWriteConflict extends Error {
  constructor(readonly conflicts: ReadonlySet<WriteConflict>) {
    super(`Meeting write refused: ${[...conflicts].join(', ')}`);
    this.name = 'MeetingWriteConflict';
  }
}
