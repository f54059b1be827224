import { computeSlots } from '#domain/slot-engine.ts';
import type { GroupScenario } from '../test/support/availability-fixtures.ts';
import { summarize, type Summary } from './stats.ts';

export interface SlotEngineFigures {
  runs: number;
  latency: Summary;
  slots: number;
  /** (slot, free EPA) pairs: the work behind the slots. */
  freePairs: number;
  busyIntervals: number;
}

/** `computeSlots` on the scenario in this process: a warm-up, then timed runs. */
export const benchSlotEngine = (scenario: GroupScenario, options: { warmup: number; runs: number; maxSeconds: number }): SlotEngineFigures => {
  const { query } = scenario;
  for (let run = 0; run < options.warmup; run += 1) computeSlots(query);
  const samples: number[] = [];
  let slots = computeSlots(query);
  const deadline = performance.now() + options.maxSeconds * 1000;
  for (let run = 0; run < options.runs && performance.now() < deadline; run += 1) {
    const started = performance.now();
    slots = computeSlots(query);
    samples.push(performance.now() - started);
  }
  return {
    runs: samples.length,
    latency: summarize(samples),
    slots: slots.length,
    freePairs: slots.reduce((sum, slot) => sum + slot.freeResourceIds.length, 0),
    busyIntervals: scenario.resources.reduce((sum, resource) => sum + resource.busy.length, 0),
  };
};
