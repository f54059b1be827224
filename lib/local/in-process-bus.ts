import type { Logger } from '#ports/logger.ts';
import type { BusEntry, EventBus, PutOutcome } from '#events/event-bus.ts';
import { eventRules, matchesPattern, type EventRule } from '#events/event-rules.ts';

export type RuleTarget = (detail: unknown, rule: EventRule) => Promise<void>;

export interface DeadLetter {
  rule: string;
  detailType: string;
  detail: unknown;
  error: string;
  failedAt: string;
}

/**
 * EventBridge on a laptop: the same rule table, evaluated in process. Like the real
 * bus, `put` only accepts the events; targets run afterwards, are retried, and what
 * still fails is kept as a dead letter.
 */
export class InProcessBus implements EventBus {
  readonly deadLetters: DeadLetter[] = [];
  private running = new Set<Promise<void>>();
  /** Set by tests to make the bus refuse puts, as an outage would. */
  failPuts = 0;

  constructor(
    private readonly targets: ReadonlyMap<string, RuleTarget>,
    private readonly logger: Logger,
    private readonly retries = 2,
  ) {}

  async put(entries: readonly BusEntry[]): Promise<PutOutcome> {
    if (this.failPuts > 0) {
      this.failPuts -= 1;
      throw new Error('the event bus is unavailable');
    }
    for (const entry of entries) {
      const detail: unknown = JSON.parse(entry.detail);
      for (const rule of eventRules) {
        if (!matchesPattern(rule.pattern, { source: entry.source, detailType: entry.detailType })) continue;
        const target = this.targets.get(rule.target.function);
        if (!target) continue;
        const run = this.invoke(target, rule, entry, detail);
        this.running.add(run);
        void run.finally(() => this.running.delete(run));
      }
    }
    return { failed: [] };
  }

  private async invoke(target: RuleTarget, rule: EventRule, entry: BusEntry, detail: unknown): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await target(detail, rule);
        return;
      } catch (error) {
        if (attempt >= this.retries) {
          const message = error instanceof Error ? error.message : String(error);
          this.deadLetters.push({ rule: rule.name, detailType: entry.detailType, detail, error: message, failedAt: new Date().toISOString() });
          this.logger.log('error', 'event target failed; dead-lettered', { rule: rule.name, detailType: entry.detailType, error: message });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      }
    }
  }

  /** Resolves when every target started so far has finished (tests wait on it). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
