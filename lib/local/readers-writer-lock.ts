interface Waiter {
  exclusive: boolean;
  grant: () => void;
}

/**
 * A fair (FIFO) readers-writer lock. Fairness matters here: with a steady stream
 * of reads, a reader-preferring lock would starve transactions and plain writes.
 */
export class ReadersWriterLock {
  #readers = 0;
  #writer = false;
  readonly #waiting: Waiter[] = [];

  shared<T>(work: () => Promise<T>): Promise<T> {
    return this.#run(false, work);
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.#run(true, work);
  }

  async #run<T>(exclusive: boolean, work: () => Promise<T>): Promise<T> {
    await this.#acquire(exclusive);
    try {
      return await work();
    } finally {
      this.#release(exclusive);
    }
  }

  #acquire(exclusive: boolean): Promise<void> {
    return new Promise((grant) => {
      this.#waiting.push({ exclusive, grant });
      this.#admit();
    });
  }

  #release(exclusive: boolean): void {
    if (exclusive) this.#writer = false;
    else this.#readers -= 1;
    this.#admit();
  }

  #admit(): void {
    for (;;) {
      const next = this.#waiting[0];
      if (!next || this.#writer) return;
      if (next.exclusive && this.#readers > 0) return;
      this.#waiting.shift();
      if (next.exclusive) this.#writer = true;
      else this.#readers += 1;
      next.grant();
      if (next.exclusive) return;
    }
  }
}
