/** One listing's slots over a whole range, before the caller's booking window is applied. */
export interface OfferedSlotsOfRange {
  /** Slot starts in epoch milliseconds, ascending. */
  starts: readonly number[];
  /** The same slots as the API writes them, index for index. */
  slots: ReadonlyArray<{ start: string; end: string }>;
  /**
   * Whole answers built from these slots, by everything else they hold (caller, window,
   * cut): the same object again, frozen, so the HTTP frame writes its JSON once.
   */
  answers: Map<string, object>;
}

/**
 * The slot engine's answers for the last few listings, keyed by everything the answer
 * depends on: the resources in order, each schedule's version, each claim week's
 * version, the standard's duration and interval, and the range (see `listingKey` in
 * planning-meeting-slots.ts). A hit is therefore exactly what the engine would compute
 * from those reads; any booking, cancellation or schedule change makes a new key.
 * The booking window is not part of it (it moves with `now`): it is applied after.
 *
 * Why: many apprentices of one standard list the same group over the same weeks, and
 * the engine (a few milliseconds for 50 EPAs over 93 days) would otherwise run for each.
 */
export class OfferedSlotsMemo {
  readonly #entries = new Map<string, OfferedSlotsOfRange>();

  constructor(private readonly maxEntries = 32) {}

  get(key: string): OfferedSlotsOfRange | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      // Most recently used last, so the oldest go first.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, value: OfferedSlotsOfRange): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries) break;
      this.#entries.delete(oldest);
    }
  }
}
