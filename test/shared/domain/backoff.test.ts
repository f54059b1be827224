import { describe, expect, it } from 'vitest';
import { backoffMs, jitteredBackoffMs } from '#domain/backoff.ts';

describe('backoff', () => {
  it.each([
    [0, { baseMs: 50, capMs: 2000 }, 50],
    [1, { baseMs: 50, capMs: 2000 }, 100],
    [5, { baseMs: 50, capMs: 2000 }, 1600],
    [6, { baseMs: 50, capMs: 2000 }, 2000],
    [30, { baseMs: 50, capMs: 2000 }, 2000],
    [3, { baseMs: 100 }, 800],
    [-1, { baseMs: 5, capMs: 80 }, 5],
  ])('waits before attempt %i with %o: %i ms', (attempt, policy, expected) => {
    expect(backoffMs(attempt, policy)).toBe(expected);
  });

  it.each([
    [0, 0],
    [0.5, 20],
    [0.999, 39],
  ])('with jitter, a random %d below the wait gives %i ms', (random, expected) => {
    expect(jitteredBackoffMs(3, { baseMs: 5, capMs: 80 }, () => random)).toBe(expected);
  });

  it('never jitters beyond the cap', () => {
    expect(jitteredBackoffMs(20, { baseMs: 5, capMs: 80 }, () => 0.999)).toBe(79);
  });
});
