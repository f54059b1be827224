/**
 * Items this process read a moment ago, for the reads that may be a little behind
 * the table (see docs/decisions/0004-recent-reads.md): directory records, and the
 * EPAs' claim weeks when they only inform a choice that a conditional write will
 * confirm. Never for a read that decides anything on its own.
 *
 * - An entry younger than `refreshAfterMs` is served as it is.
 * - An entry between `refreshAfterMs` and `maxAgeMs` is served, and read again in
 *   the background, so that a busy process never waits for a refresh.
 * - An entry older than `maxAgeMs`, or missing, is read before answering.
 * - Concurrent readers of one key share one read (one batch per caller's misses).
 * - `forget` drops a key at once; a read that started before it cannot put the
 *   older value back.
 * - `remember` is a forget that keeps the value this process has just written,
 *   when the write tells exactly what the table now holds.
 *
 * Ages come from a monotonic clock: this is about how old a copy is, not about
 * domain time, which stays the caller's `now`.
 */
export interface RecentReadsOptions {
  refreshAfterMs: number;
  maxAgeMs: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
  /** Milliseconds from any fixed origin; `performance.now` by default. */
  monotonicNow?: () => number;
  /** Told when a background refresh fails (the entry then ages out). */
  onRefreshError?: (error: unknown) => void;
}

/** Reads the given keys; a key absent from the answer has no item. */
export type LoadMany<V> = (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>;

interface Entry<V> {
  value: V | undefined;
  readAt: number;
}

/** Rounds of reading again keys whose read a `forget` overtook. */
const MAX_ROUNDS = 8;

export class RecentReads<V> {
  readonly #entries = new Map<string, Entry<V>>();
  /** Reads in flight by key; `forgotten` is set when `forget` overtakes one, so it stores nothing. */
  readonly #loading = new Map<string, { value: Promise<V | undefined>; forgotten: boolean }>();
  readonly #options: Required<Omit<RecentReadsOptions, 'onRefreshError'>> & Pick<RecentReadsOptions, 'onRefreshError'>;
  /** How many `forget` calls so far: a value taken at count n is overtaken once its key is forgotten after n. */
  #forgets = 0;
  /** While any `get` runs: each key's count at its last `forget` (cleared when none runs). */
  readonly #lastForget = new Map<string, number>();
  /** The count when `#lastForget` outgrew its bound: every value taken before it counts as overtaken. */
  #forgottenAllAt = -1;
  #running = 0;

  constructor(options: RecentReadsOptions) {
    this.#options = { maxEntries: 20_000, monotonicNow: () => performance.now(), ...options };
  }

  /**
   * The value of every key (undefined: no item), reading only what is missing or too old.
   * A value that a `forget` overtook before the answer was complete (however it was taken:
   * held, read by this call, or shared with another reader) is not answered: those keys
   * are read again (up to eight rounds, after which the last values are answered), so a
   * caller does not get a value known to predate a write of this process.
   */
  async get(keys: readonly string[], load: LoadMany<V>): Promise<Map<string, V | undefined>> {
    this.#running += 1;
    try {
      const answer = new Map<string, V | undefined>();
      /** Each round's keys and the forget count when their values were taken. */
      const rounds: Array<{ keys: readonly string[]; takenAt: number }> = [];
      let wanted: readonly string[] = [...new Set(keys)];
      for (let round = 0; ; round += 1) {
        rounds.push({ keys: wanted, takenAt: this.#forgets });
        await this.#getOnce(wanted, load, answer);
        const overtaken = this.#overtaken(rounds);
        if (overtaken.length === 0 || round >= MAX_ROUNDS) return answer;
        wanted = overtaken;
      }
    } finally {
      this.#running -= 1;
      if (this.#running === 0) {
        this.#lastForget.clear();
        this.#forgottenAllAt = -1;
      }
    }
  }

  /**
   * Fills `answer` with the keys' values. A read in flight that it joins started before
   * this call and was not overtaken before it (else it would no longer be listed), so the
   * values count as taken at the forget count when this call began.
   */
  async #getOnce(keys: readonly string[], load: LoadMany<V>, answer: Map<string, V | undefined>): Promise<void> {
    const now = this.#options.monotonicNow();
    const waits: Array<Promise<void>> = [];
    const toRead: string[] = [];
    const toRefresh: string[] = [];
    for (const key of keys) {
      const entry = this.#entries.get(key);
      const age = entry ? now - entry.readAt : Infinity;
      if (entry && age < this.#options.maxAgeMs) {
        answer.set(key, entry.value);
        if (age >= this.#options.refreshAfterMs && !this.#loading.has(key)) toRefresh.push(key);
        continue;
      }
      const pending = this.#loading.get(key);
      if (pending) {
        const wait = pending.value.then((value) => void answer.set(key, value));
        // Awaited below, perhaps only after this call's own read: a failure meanwhile is handled there, not unhandled.
        wait.catch(() => undefined);
        waits.push(wait);
      } else toRead.push(key);
    }
    if (toRefresh.length > 0) {
      this.#read(toRefresh, load).catch((error: unknown) => this.#options.onRefreshError?.(error));
    }
    if (toRead.length > 0) {
      const read = await this.#read(toRead, load);
      for (const key of toRead) answer.set(key, read.get(key));
    }
    await Promise.all(waits);
  }

  /**
   * Reads the keys now, whatever is held (a caller that must not decide on a copy), and
   * keeps what it read for the next readers, unless a `forget` overtook the read.
   */
  async readAgain(keys: readonly string[], load: LoadMany<V>): Promise<Map<string, V | undefined>> {
    const unique = [...new Set(keys)];
    const values = await this.#read(unique, load);
    return new Map(unique.map((key) => [key, values.get(key)]));
  }

  /** Every answered key whose value a `forget` overtook since it was taken (the latest round's value counts). */
  #overtaken(rounds: ReadonlyArray<{ keys: readonly string[]; takenAt: number }>): string[] {
    // The usual case, and the cheap one: nothing forgotten since the first value was taken.
    if (this.#forgets === rounds[0]!.takenAt) return [];
    const takenAt = new Map<string, number>();
    for (const round of rounds) for (const key of round.keys) takenAt.set(key, round.takenAt);
    return [...takenAt].filter(([key, count]) => this.#forgottenSince(key, count)).map(([key]) => key);
  }

  #forgottenSince(key: string, count: number): boolean {
    return this.#forgottenAllAt > count || (this.#lastForget.get(key) ?? -1) > count;
  }

  /** Drops what this process holds for the keys: the next reader reads the table. */
  forget(keys: Iterable<string>): void {
    this.#forgets += 1;
    for (const key of keys) {
      this.#entries.delete(key);
      const pending = this.#loading.get(key);
      if (pending) pending.forgotten = true;
      this.#loading.delete(key);
      if (this.#running > 0) this.#lastForget.set(key, this.#forgets);
    }
    if (this.#lastForget.size > this.#options.maxEntries) {
      this.#lastForget.clear();
      this.#forgottenAllAt = this.#forgets;
    }
  }

  /**
   * What this process has just written, known exactly (a conditional write that
   * succeeded): kept as a fresh copy, as if read now. Everything `forget` does for
   * older reads holds here too: a read or copy taken before it is not answered.
   */
  remember(written: ReadonlyMap<string, V>): void {
    this.forget(written.keys());
    const readAt = this.#options.monotonicNow();
    for (const [key, value] of written) this.#store(key, { value, readAt });
  }

  async #read(keys: readonly string[], load: LoadMany<V>): Promise<ReadonlyMap<string, V | undefined>> {
    const readAt = this.#options.monotonicNow();
    const loaded = load(keys);
    const inFlight = new Map<string, { value: Promise<V | undefined>; forgotten: boolean }>();
    for (const key of keys) {
      const value = loaded.then((values) => values.get(key));
      // Readers that join later see the failure; here it must not count as unhandled.
      value.catch(() => undefined);
      const pending = { value, forgotten: false };
      inFlight.set(key, pending);
      // A read already out for this key (a background refresh, when `readAgain` starts
      // another) began earlier: it may not store over this one, nor escape a later forget.
      const superseded = this.#loading.get(key);
      if (superseded) superseded.forgotten = true;
      this.#loading.set(key, pending);
    }
    try {
      const values = await loaded;
      for (const [key, pending] of inFlight) if (!pending.forgotten) this.#store(key, { value: values.get(key), readAt });
      return values;
    } finally {
      for (const [key, pending] of inFlight) if (this.#loading.get(key) === pending) this.#loading.delete(key);
    }
  }

  #store(key: string, entry: Entry<V>): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size <= this.#options.maxEntries) return;
    for (const oldest of this.#entries.keys()) {
      this.#entries.delete(oldest);
      if (this.#entries.size <= this.#options.maxEntries) break;
    }
  }
}
