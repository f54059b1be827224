/**
 * Runs the publisher after each change, one run at a time: a change that lands
 * during a run asks for one more run, so nothing waits for the next change.
 */
export class OutboxDrain {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly publish: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.publish();
      } catch (error) {
        this.onError(error);
      }
    } while (this.again);
  }

  busy(): boolean {
    return this.running !== undefined;
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
