import { describe, expect, it } from 'vitest';
import { RecentReads } from '#store/recent-reads.ts';

/** A table of versions that counts what was read, and can hold a read open. */
const fakeTable = () => {
  const values = new Map<string, number>();
  const reads: string[][] = [];
  let gate: Promise<void> | undefined;
  let openGate: () => void = () => undefined;
  return {
    values,
    reads,
    /** Reads wait until `release()`. */
    hold: () => {
      gate = new Promise((resolve) => (openGate = resolve));
    },
    release: () => {
      openGate();
      gate = undefined;
    },
    load: async (keys: readonly string[]): Promise<Map<string, number>> => {
      reads.push([...keys]);
      // What the table held when the read reached it, answered when the gate opens.
      const seen = new Map(keys.flatMap((key) => (values.has(key) ? [[key, values.get(key)!] as const] : [])));
      if (gate) await gate;
      return seen;
    },
  };
};

const clock = () => {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('RecentReads', () => {
  it('reads only what it does not hold, and answers missing items as undefined', async () => {
    const table = fakeTable();
    table.values.set('a', 1);
    const time = clock();
    const recent = new RecentReads<number>({ refreshAfterMs: 100, maxAgeMs: 1000, monotonicNow: time.now });

    expect(await recent.get(['a', 'b'], table.load)).toEqual(new Map([['a', 1], ['b', undefined]]));
    table.values.set('a', 2);
    table.values.set('c', 3);
    expect(await recent.get(['a', 'b', 'c'], table.load)).toEqual(new Map([['a', 1], ['b', undefined], ['c', 3]]));
    expect(table.reads).toEqual([['a', 'b'], ['c']]);
  });

  it('serves an ageing entry at once and refreshes it in the background; reads an old one before answering', async () => {
    const table = fakeTable();
    table.values.set('a', 1);
    const time = clock();
    const recent = new RecentReads<number>({ refreshAfterMs: 100, maxAgeMs: 1000, monotonicNow: time.now });
    await recent.get(['a'], table.load);

    table.values.set('a', 2);
    time.advance(150);
    expect((await recent.get(['a'], table.load)).get('a')).toBe(1);
    await settle();
    expect(table.reads).toHaveLength(2);
    expect((await recent.get(['a'], table.load)).get('a')).toBe(2);

    table.values.set('a', 3);
    time.advance(1000);
    expect((await recent.get(['a'], table.load)).get('a')).toBe(3);
  });

  it('lets concurrent readers of a key share one read', async () => {
    const table = fakeTable();
    table.values.set('a', 1);
    const recent = new RecentReads<number>({ refreshAfterMs: 100, maxAgeMs: 1000, monotonicNow: clock().now });
    table.hold();
    const first = recent.get(['a'], table.load);
    const second = recent.get(['a', 'b'], table.load);
    table.release();
    expect((await first).get('a')).toBe(1);
    expect(await second).toEqual(new Map([['a', 1], ['b', undefined]]));
    expect(table.reads).toEqual([['a'], ['b']]);
  });

  it('forgets a key at once; a read it overtook neither keeps nor answers the old value', async () => {
    const table = fakeTable();
    table.values.set('a', 1);
    const recent = new RecentReads<number>({ refreshAfterMs: 100, maxAgeMs: 1000, monotonicNow: clock().now });
    await recent.get(['a'], table.load);
    expect((await recent.get(['a'], table.load)).get('a')).toBe(1);

    recent.forget(['a']);
    table.hold();
    const reader = recent.get(['a'], table.load);
    const joiner = recent.get(['a'], table.load);
    // A write lands and is forgotten while the read is still out.
    table.values.set('a', 2);
    recent.forget(['a']);
    table.release();
    expect((await reader).get('a')).toBe(2);
    expect((await joiner).get('a')).toBe(2);
    expect((await recent.get(['a'], table.load)).get('a')).toBe(2);
    expect(table.reads.map((read) => read.join())).toEqual(['a', 'a', 'a']);
  });

  it('reads again a copy it took at once if a write dropped it while the rest was being read', async () => {
    const table = fakeTable();
    table.values.set('a', 1);
    table.values.set('b', 1);
    const recent = new RecentReads<number>({ refreshAfterMs: 100, maxAgeMs: 1000, monotonicNow: clock().now });
    await recent.get(['a'], table.load);
    table.hold();
    const both = recent.get(['a', 'b'], table.load);
    table.values.set('a', 2);
    recent.forget(['a']);
    table.release();
    expect(await both).toEqual(new Map([['a', 2], ['b', 1]]));
    expect(table.reads.map((read) => read.join())).toEqual(['a', 'b', 'a']);
  });

  it('remembers what this process wrote as a fresh copy; a read out before the write neither answers nor keeps the older value', async () => {
    const table = fakeTable();
    table.values.set('a', 1);
    table.values.set('b', 1);
    const time = clock();
    const recent = new RecentReads<number>({ refreshAfterMs: 100, maxAgeMs: 1000, monotonicNow: time.now });
    await recent.get(['a'], table.load);
    time.advance(1500);
    table.hold();
    const reader = recent.get(['a', 'b'], table.load);
    // The write lands while the read is out, and this process knows what it wrote.
    table.values.set('a', 2);
    recent.remember(new Map([['a', 2]]));
    table.release();
    expect(await reader).toEqual(new Map([['a', 2], ['b', 1]]));
    expect((await recent.get(['a'], table.load)).get('a')).toBe(2);
    // The remembered copy was answered without another read of 'a'.
    expect(table.reads.map((read) => read.join())).toEqual(['a', 'a,b']);
  });

  it('passes a failed read to every reader waiting for it and keeps nothing', async () => {
    const recent = new RecentReads<number>({ refreshAfterMs: 100, maxAgeMs: 1000, monotonicNow: clock().now });
    let calls = 0;
    const failing = async (): Promise<Map<string, number>> => {
      calls += 1;
      await settle();
      throw new Error('store down');
    };
    const results = await Promise.allSettled([recent.get(['a'], failing), recent.get(['a'], failing)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    expect((await recent.get(['a'], async () => new Map([['a', 7]]))).get('a')).toBe(7);
  });

  it('reports a failed background refresh and keeps serving the entry until it is too old', async () => {
    const time = clock();
    const errors: unknown[] = [];
    const recent = new RecentReads<number>({ refreshAfterMs: 100, maxAgeMs: 1000, monotonicNow: time.now, onRefreshError: (error) => errors.push(error) });
    await recent.get(['a'], async () => new Map([['a', 1]]));
    time.advance(200);
    const failing = async (): Promise<Map<string, number>> => {
      throw new Error('store down');
    };
    expect((await recent.get(['a'], failing)).get('a')).toBe(1);
    await settle();
    expect(errors).toHaveLength(1);
    time.advance(900);
    await expect(recent.get(['a'], failing)).rejects.toThrow('store down');
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const table = fakeTable();
    for (const key of ['a', 'b', 'c']) table.values.set(key, 1);
    const recent = new RecentReads<number>({ refreshAfterMs: 100, maxAgeMs: 1000, maxEntries: 2, monotonicNow: clock().now });
    await recent.get(['a'], table.load);
    await recent.get(['b'], table.load);
    await recent.get(['c'], table.load);
    await recent.get(['b', 'c'], table.load);
    await recent.get(['a'], table.load);
    expect(table.reads).toEqual([['a'], ['b'], ['c'], ['a']]);
  });

  it('does not answer a value its own read took if a write forgets it while a shared read is still out', async () => {
    const reads = new RecentReads<number>({ refreshAfterMs: 1000, maxAgeMs: 2000, monotonicNow: clock().now });
    const table = new Map([['w1', 1], ['w2', 1]]);
    let releaseSlow: (values: Map<string, number>) => void = () => undefined;
    const slow = new Promise<Map<string, number>>((resolve) => (releaseSlow = resolve));
    const other = reads.get(['w2'], () => slow);
    const reader = reads.get(['w1', 'w2'], async (keys) => new Map(keys.map((key) => [key, table.get(key)!])));
    await settle();
    // The reader's own read of w1 is done; this process's write on w1 lands and forgets it.
    table.set('w1', 2);
    reads.forget(['w1']);
    releaseSlow(new Map([['w2', 1]]));
    expect((await reader).get('w1')).toBe(2);
    await other;
  });

  it('lets a reader that joined a failing read fail with it, without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const reads = new RecentReads<number>({ refreshAfterMs: 1000, maxAgeMs: 2000, monotonicNow: clock().now });
      let failFirst: (error: Error) => void = () => undefined;
      let answerSecond: (values: Map<string, number>) => void = () => undefined;
      const first = reads.get(['k1'], () => new Promise((_, reject) => (failFirst = reject)));
      const second = reads.get(['k1', 'k2'], () => new Promise((resolve) => (answerSecond = resolve)));
      const outcomes = Promise.allSettled([first, second]);
      failFirst(new Error('throttled'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      answerSecond(new Map([['k2', 2]]));
      const [a, b] = await outcomes;
      expect(a.status).toBe('rejected');
      expect(b.status).toBe('rejected');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('does not read again what the size bound pushed out while it read', async () => {
    const reads = new RecentReads<number>({ refreshAfterMs: 1000, maxAgeMs: 2000, maxEntries: 3, monotonicNow: clock().now });
    const table = fakeTable();
    for (const key of ['a', 'b', 'c', 'd']) table.values.set(key, 1);
    await reads.get(['a', 'b', 'c'], table.load);
    table.reads.length = 0;
    expect([...(await reads.get(['a', 'b', 'c', 'd'], table.load)).values()]).toEqual([1, 1, 1, 1]);
    expect(table.reads).toEqual([['d']]);
  });

  it('checks again a key answered in an earlier round when a later round reads others', async () => {
    const reads = new RecentReads<string>({ refreshAfterMs: 1000, maxAgeMs: 2000, monotonicNow: clock().now });
    const table = new Map([['A', 'A1'], ['B', 'B1']]);
    await reads.get(['A'], async (keys) => new Map(keys.map((key) => [key, table.get(key)!])));
    const gates: Array<() => void> = [];
    const gatedLoad = (keys: readonly string[]) =>
      new Promise<Map<string, string>>((resolve) => gates.push(() => resolve(new Map(keys.map((key) => [key, table.get(key)!])))));
    // A is held; B is read (round 1).
    const answer = reads.get(['A', 'B'], gatedLoad);
    await settle();
    table.set('B', 'B2');
    reads.forget(['B']);
    gates.shift()!();
    await settle();
    // Round 2 reads B again; meanwhile a write drops A.
    table.set('A', 'A2');
    reads.forget(['A']);
    gates.shift()!();
    await settle();
    while (gates.length > 0) {
      gates.shift()!();
      await settle();
    }
    expect(Object.fromEntries(await answer)).toEqual({ A: 'A2', B: 'B2' });
  });

  it('lets neither an older read in flight undo a forget nor overwrite a newer read of the same key', async () => {
    const time = clock();
    const reads = new RecentReads<string>({ refreshAfterMs: 1000, maxAgeMs: 2000, monotonicNow: time.now });
    const held = <T,>() => {
      let resolve: (value: T) => void = () => undefined;
      const promise = new Promise<T>((done) => (resolve = done));
      return { promise, resolve };
    };
    await reads.get(['W'], async () => new Map([['W', 'v1']]));
    time.advance(1500);
    // Served as held, and refreshed in the background: that read is still out.
    const refresh = held<Map<string, string>>();
    expect((await reads.get(['W'], () => refresh.promise)).get('W')).toBe('v1');
    // A consistent read of the same key, then this process writes W and forgets it.
    expect((await reads.readAgain(['W'], async () => new Map([['W', 'v1']]))).get('W')).toBe('v1');
    reads.forget(['W']);
    refresh.resolve(new Map([['W', 'v1']]));
    await settle();
    expect((await reads.get(['W'], async () => new Map([['W', 'v2']]))).get('W')).toBe('v2');

    // And an older refresh landing after a newer consistent read does not put its older value back.
    time.advance(1500);
    const late = held<Map<string, string>>();
    await reads.get(['W'], () => late.promise);
    await reads.readAgain(['W'], async () => new Map([['W', 'v3']]));
    late.resolve(new Map([['W', 'v2']]));
    await settle();
    expect((await reads.get(['W'], async () => new Map([['W', 'unexpected read']]))).get('W')).toBe('v3');
  });
});

