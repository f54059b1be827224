/**
 * Copies of what was read, each kept a fixed time and dropped on any write through
 * the same owner. Nothing clever: a reader either gets a copy younger than `keepMs`
 * or reads the table. A read that a write overtook (it began before the write was
 * dropped) keeps nothing, so a process sees its own writes at once.
 */
export class TimedCopies<V> {
  readonly #entries = new Map<string, { value: V; readAt: number }>();
  /** Bumped by every drop: a read that began under an older count keeps nothing. */
  #drops = 0;

  constructor(
    private readonly keepMs: number,
    /** Milliseconds from any fixed origin: a copy's age, not domain time. */
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  /** The copies of the keys that are still young enough, by key. */
  held(keys: readonly string[]): Map<string, V> {
    const now = this.monotonicNow();
    const held = new Map<string, V>();
    for (const key of keys) {
      const entry = this.#entries.get(key);
      if (entry === undefined) continue;
      if (now - entry.readAt < this.keepMs) held.set(key, entry.value);
      else this.#entries.delete(key);
    }
    return held;
  }

  /** Taken before a read: what the read finds may be kept (`keep`) unless a drop came in between. */
  startRead(): { drops: number; readAt: number } {
    return { drops: this.#drops, readAt: this.monotonicNow() };
  }

  keep(read: { drops: number; readAt: number }, entries: Iterable<readonly [string, V]>): void {
    if (read.drops !== this.#drops) return;
    for (const [key, value] of entries) this.#entries.set(key, { value, readAt: read.readAt });
  }

  drop(key: string): void {
    this.#drops += 1;
    this.#entries.delete(key);
  }
}
