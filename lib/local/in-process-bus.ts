import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { backoffMs } from '#domain/backoff.ts';
import type { Logger } from '#ports/logger.ts';
import type { BusEntry, EventBus, PutOutcome } from '#events/event-bus.ts';
import { eventRules, matchesPattern, type EventRule } from '#events/event-rules.ts';

/** What a rule invokes: in AWS a notifier function, here the same use case in process. */
export type RuleTarget = (detail: unknown, rule: EventRule) => Promise<void>;

export interface DeadLetter {
  rule: string;
  detailType: string;
  detail: unknown;
  error: string;
  failedAt: string;
}

/**
 * EventBridge on a laptop: the same rule table, evaluated in process. Unlike the
 * real bus, `put` answers only once every matching rule's target has run, or has
 * failed its retries and been kept as a dead letter: the publisher marks an event
 * published after `put`, so an event whose targets had not run when the process
 * stopped is still pending at the next start. Dead letters are appended to a file
 * when there is a data folder, so they outlive a restart as a queue's would.
 */
export class InProcessBus implements EventBus {
  readonly deadLetters: DeadLetter[] = [];
  private readonly running = new Set<Promise<unknown>>();
  /** Set by tests to make the bus refuse puts, as an outage would. */
  failPuts = 0;

  constructor(
    private readonly target: RuleTarget,
    private readonly options: { logger: Logger; clock: () => number; deadLetterFile?: string | undefined; retries?: number },
  ) {
    const file = options.deadLetterFile;
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line) this.deadLetters.push(JSON.parse(line) as DeadLetter);
    }
  }

  async put(entries: readonly BusEntry[]): Promise<PutOutcome> {
    if (this.failPuts > 0) {
      this.failPuts -= 1;
      throw new Error('the event bus is unavailable');
    }
    const runs = entries.flatMap((entry) => {
      const detail: unknown = JSON.parse(entry.detail);
      return eventRules
        .filter((rule) => matchesPattern(rule.pattern, { source: entry.source, detailType: entry.detailType }))
        .map((rule) => this.invoke(rule, entry, detail));
    });
    const all = Promise.all(runs);
    this.running.add(all);
    try {
      await all;
    } finally {
      this.running.delete(all);
    }
    return { failed: [] };
  }

  private async invoke(rule: EventRule, entry: BusEntry, detail: unknown): Promise<void> {
    const retries = this.options.retries ?? 2;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.target(detail, rule);
        return;
      } catch (error) {
        if (attempt < retries) {
          await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, { baseMs: 20 })));
          continue;
        }
        const message = error instanceof Error ? error.message : String(error);
        const letter: DeadLetter = { rule: rule.name, detailType: entry.detailType, detail, error: message, failedAt: new Date(this.options.clock()).toISOString() };
        if (this.options.deadLetterFile) appendFileSync(this.options.deadLetterFile, `${JSON.stringify(letter)}\n`);
        this.deadLetters.push(letter);
        this.options.logger.log('error', 'event target failed; dead-lettered', { rule: rule.name, detailType: entry.detailType, error: message });
        return;
      }
    }
  }

  /** Resolves when every put under way has run its targets (the sweeper's among them). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
