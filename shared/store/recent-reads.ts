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

  constructor(options: RecentReadsOptions) {
    this.#options = { maxEntries: 20_000, monotonicNow: () => performance.now(), ...options };
  }

  /**
   * The value of every key (undefined: no item), reading only what is missing or too old.
   * A value that a `forget` overtook before the answer was complete (a read still out,
   * or a copy taken while other keys were being read) is not answered: those keys are
   * read again (up to eight rounds), so a caller does not get a value known to
   * predate a write of this process.
   */
  async get(keys: readonly string[], load: LoadMany<V>): Promise<Map<string, V | undefined>> {
    const answer = new Map<string, V | undefined>();
    let wanted: readonly string[] = keys;
    for (let round = 0; ; round += 1) {
      const overtaken = await this.#getOnce(wanted, load, answer);
      if (overtaken.length === 0 || round >= MAX_ROUNDS) return answer;
      wanted = overtaken;
    }
  }

  /** Fills `answer`; returns the keys whose read was overtaken by a `forget`. */
  async #getOnce(keys: readonly string[], load: LoadMany<V>, answer: Map<string, V | undefined>): Promise<string[]> {
    const now = this.#options.monotonicNow();
    const overtaken: string[] = [];
    const waits: Array<Promise<void>> = [];
    const served: Array<[string, Entry<V>]> = [];
    const toRead: string[] = [];
    const toRefresh: string[] = [];
    for (const key of new Set(keys)) {
      const entry = this.#entries.get(key);
      const age = entry ? now - entry.readAt : Infinity;
      if (entry && age < this.#options.maxAgeMs) {
        answer.set(key, entry.value);
        served.push([key, entry]);
        if (age >= this.#options.refreshAfterMs && !this.#loading.has(key)) toRefresh.push(key);
        continue;
      }
      const pending = this.#loading.get(key);
      if (pending) {
        waits.push(
          pending.value.then((value) => {
            answer.set(key, value);
            if (pending.forgotten) overtaken.push(key);
          }),
        );
      } else toRead.push(key);
    }
    if (toRefresh.length > 0) {
      this.#read(toRefresh, load).catch((error: unknown) => this.#options.onRefreshError?.(error));
    }
    if (toRead.length > 0) {
      const read = await this.#read(toRead, load);
      for (const key of toRead) answer.set(key, read.values.get(key));
      overtaken.push(...read.overtaken);
    }
    await Promise.all(waits);
    if (toRead.length > 0 || waits.length > 0) {
      // While this waited for the rest, a write may have dropped a copy it took at once.
      for (const [key, entry] of served) if (this.#entries.get(key) !== entry) overtaken.push(key);
    }
    return overtaken;
  }

  /** Drops what this process holds for the keys: the next reader reads the table. */
  forget(keys: Iterable<string>): void {
    for (const key of keys) {
      this.#entries.delete(key);
      const pending = this.#loading.get(key);
      if (pending) pending.forgotten = true;
      this.#loading.delete(key);
    }
  }

  async #read(keys: readonly string[], load: LoadMany<V>): Promise<{ values: ReadonlyMap<string, V | undefined>; overtaken: string[] }> {
    const readAt = this.#options.monotonicNow();
    const loaded = load(keys);
    const inFlight = new Map<string, { value: Promise<V | undefined>; forgotten: boolean }>();
    for (const key of keys) {
      const value = loaded.then((values) => values.get(key));
      // Readers that join later see the failure; here it must not count as unhandled.
      value.catch(() => undefined);
      const pending = { value, forgotten: false };
      inFlight.set(key, pending);
      this.#loading.set(key, pending);
    }
    try {
      const values = await loaded;
      const overtaken: string[] = [];
      for (const [key, pending] of inFlight) {
        if (pending.forgotten) overtaken.push(key);
        else this.#store(key, { value: values.get(key), readAt });
      }
      return { values, overtaken };
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
