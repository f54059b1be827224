/**
 * How many API requests the local server is answering right now, shared with the
 * events thread through memory rather than messages, so that it can be read as
 * often as needed for nothing.
 *
 * In AWS the publisher and the notifiers are functions with capacity of their own.
 * On a laptop they share the cores with the API: composing a booking's emails and
 * calendar invites costs more CPU than the booking itself, and running it beside a
 * burst of bookings slowed their answers by a third even at the lowest thread
 * priority (its garbage collection runs at normal priority). So local mode answers
 * first: the pipeline starts a step while no API request is being answered, or once
 * it has waited `quiet`'s bound, so it never falls more than a few seconds behind.
 */
export class ApiActivity {
  /** Hand this to another thread (`ApiActivity.of`). */
  readonly shared: SharedArrayBuffer;
  readonly #answering: Int32Array;

  /** `[0]`: requests being answered; `[1]`: requests begun so far (wrapping), to tell a pause from a gap between two. */
  constructor(shared: SharedArrayBuffer = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)) {
    this.shared = shared;
    this.#answering = new Int32Array(shared);
  }

  begin(): void {
    Atomics.add(this.#answering, 0, 1);
    Atomics.add(this.#answering, 1, 1);
  }

  end(): void {
    Atomics.sub(this.#answering, 0, 1);
  }

  get answering(): number {
    return Atomics.load(this.#answering, 0);
  }

  /**
   * Resolves once no API request has been answered for a whole `pollMs` (a moment
   * between two clients' requests is not a pause), or after `maxWaitMs` whatever happens.
   */
  async quiet(maxWaitMs: number, pollMs = 5): Promise<void> {
    const until = performance.now() + maxWaitMs;
    let begunBefore = -1;
    while (performance.now() < until) {
      const begun = Atomics.load(this.#answering, 1);
      if (this.answering === 0 && begun === begunBefore) return;
      begunBefore = this.answering === 0 ? begun : -1;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}
