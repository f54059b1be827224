import { describe, expect, it } from 'vitest';
import { computeSlots } from '#domain/slot-engine.ts';
import { plainSlotLoop } from '../../bench/plain-slot-loop.ts';
import { referenceWorkload } from '../../bench/reference-workload.ts';
import { makeGroupScenario } from '../support/availability-fixtures.ts';

// The bench times the slot engine against this loop, so the loop must give the engine's answer.
describe('the plain slot loop of the bench', () => {
  it('offers what the slot engine offers on the reference workload', () => {
    const { query } = referenceWorkload();
    const slots = plainSlotLoop(query);
    expect(slots.length).toBeGreaterThan(500);
    expect(slots).toEqual(computeSlots(query));
  });

  it.each([
    [1, 60],
    [2, 30],
  ])('offers what the slot engine offers with overrides, daily maximums and several zones (seed %i, every %i minutes)', (seed, intervalMinutes) => {
    const { query } = makeGroupScenario({ seed, intervalMinutes, resources: 20, meetings: 800 });
    expect(plainSlotLoop(query)).toEqual(computeSlots(query));
  });
});
