export interface StoredAnswer {
  status: number;
  body: unknown;
}

export interface IdempotencyRecord {
  requestHash: string;
  answer: StoredAnswer;
}

/** Where a key taken before work that is not one transaction stands (see `reserve`). */
export type IdempotencyState =
  | { kind: 'reserved'; owner: string }
  | ({ kind: 'answered' } & IdempotencyRecord)
  | { kind: 'running'; requestHash: string };

/** The record written with a booking, when its request carried a key. */
export interface AnsweredKey {
  scope: string;
  key: string;
  requestHash: string;
  answer: StoredAnswer;
  expiresAt: number;
}

/** Answers kept per idempotency key (SPEC §4.1). */
export interface IdempotencyStore {
  answerOf(scope: string, key: string, now: number): Promise<IdempotencyRecord | undefined>;
  /**
   * Takes a key before work that is not one transaction (a capacity batch), so that one
   * request sent twice at once runs once; a key never answered can be taken again after
   * `leaseMs`, and only its `owner` may answer it or give it back.
   */
  reserve(scope: string, key: string, requestHash: string, owner: string, now: number, leaseMs: number): Promise<IdempotencyState>;
  /** Keeps the answer of a key this owner reserved and still holds. */
  rememberAnswer(scope: string, key: string, owner: string, answer: StoredAnswer): Promise<void>;
  /** Gives a reserved key back unanswered, so a retry runs at once. */
  release(scope: string, key: string, owner: string): Promise<void>;
}
