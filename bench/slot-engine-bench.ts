import { computeSlots, type Slot, type SlotQuery } from '#domain/slot-engine.ts';
import { plainSlotLoop } from './plain-slot-loop.ts';
import { summarize, type Summary } from './stats.ts';

export interface SlotEngineFigures {
  engine: Summary;
  plainLoop: Summary;
  /** Engine median / plain loop median. */
  ratio: number;
  slots: number;
  freePairs: number;
  /** Whether both give the same slots with the same free EPAs. */
  sameAnswer: boolean;
}

const sameSlots = (a: readonly Slot[], b: readonly Slot[]): boolean =>
  a.length === b.length &&
  a.every((slot, index) => {
    const other = b[index]!;
    return slot.start === other.start && slot.end === other.end && slot.freeResourceIds.join() === other.freeResourceIds.join();
  });

/** Runs of `compute` after a warm-up, stopping after `runs` or `maxMs`, whichever comes first. */
const timed = (compute: () => unknown, options: { warmup: number; runs: number; maxMs: number }): Summary => {
  for (let run = 0; run < options.warmup; run += 1) compute();
  const samples: number[] = [];
  const deadline = performance.now() + options.maxMs;
  for (let run = 0; run < options.runs && (run < 3 || performance.now() < deadline); run += 1) {
    const started = performance.now();
    compute();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
};

/** The slot engine and the plain loop on the same query, each in turn, in this process. */
export const benchSlotEngine = (query: SlotQuery): SlotEngineFigures => {
  const slots = computeSlots(query);
  const sameAnswer = sameSlots(slots, plainSlotLoop(query));
  const engine = timed(() => computeSlots(query), { warmup: 20, runs: 100, maxMs: 10_000 });
  const plainLoop = timed(() => plainSlotLoop(query), { warmup: 2, runs: 15, maxMs: 20_000 });
  return {
    engine,
    plainLoop,
    ratio: engine.median / plainLoop.median,
    slots: slots.length,
    freePairs: slots.reduce((sum, slot) => sum + slot.freeResourceIds.length, 0),
    sameAnswer,
  };
};
