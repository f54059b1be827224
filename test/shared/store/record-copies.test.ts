import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordRepository } from '#store/record-repository.ts';
import { TimedCopies } from '#store/timed-copies.ts';
import type { TableClient } from '#store/table-client.ts';
import { EmbeddedOrganisation } from '../../support/embedded-organisation.ts';

const NOW = Date.parse('2027-01-06T10:00:00Z');

const clock = () => {
  let now = 0;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
};

describe('TimedCopies', () => {
  it('holds a copy for its time only', () => {
    const time = clock();
    const copies = new TimedCopies<string>(5_000, time.now);
    copies.keep(copies.startRead(), [['a', 'first']]);
    time.advance(4_999);
    expect(copies.held(['a', 'b'])).toEqual(new Map([['a', 'first']]));
    time.advance(1);
    expect(copies.held(['a'])).toEqual(new Map());
  });

  it('keeps nothing from a read that a write overtook, and drops what it held on a write', () => {
    const copies = new TimedCopies<string>(5_000, clock().now);
    const overtaken = copies.startRead();
    copies.drop('a');
    copies.keep(overtaken, [['a', 'read before the write']]);
    expect(copies.held(['a'])).toEqual(new Map());
    copies.keep(copies.startRead(), [['a', 'after']]);
    copies.drop('a');
    expect(copies.held(['a'])).toEqual(new Map());
  });
});

let organisation: EmbeddedOrganisation;
beforeAll(async () => {
  organisation = await EmbeddedOrganisation.start(1);
});
afterAll(() => organisation.close());

const counted = (table: TableClient) => {
  const calls: string[] = [];
  table.documents.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'countRecordCalls' },
  );
  return calls;
};

describe('RecordRepository.getAllowingCopy: a five-second copy of the configuration only', () => {
  it('answers configuration, standards and groups from its copy, people always from the table, and sees its own writes at once', async () => {
    const table = organisation.newTableClient();
    const time = clock();
    const records = new RecordRepository(table, { monotonicNow: time.now });
    const calls = counted(table);
    const by = { by: 'test', now: NOW };
    await records.put('configuration', 'permissions', { roles: { owner: ['ConfigureSystem'] } }, by);

    const wanted = [
      { kind: 'configuration' as const, id: 'permissions' },
      { kind: 'standard' as const, id: 'ST0001' },
      { kind: 'configuration' as const, id: 'notifications' },
    ];
    await records.getAllowingCopy(wanted);
    calls.length = 0;
    const again = await records.getAllowingCopy(wanted);
    expect(calls).toEqual([]);
    expect(again.get('standard:ST0001')?.data).toMatchObject({ meetingDurationMinutes: 60 });
    // Not configured is held too: no read for it either.
    expect(again.has('configuration:notifications')).toBe(false);

    await records.getAllowingCopy([{ kind: 'user', id: 'epa-1' }]);
    await records.getAllowingCopy([{ kind: 'user', id: 'epa-1' }]);
    expect(calls).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);

    await records.put('configuration', 'permissions', { roles: { owner: ['ConfigureSystem', 'ManageDirectory'] } }, by);
    expect((await records.getOneAllowingCopy('configuration', 'permissions'))?.data).toEqual({ roles: { owner: ['ConfigureSystem', 'ManageDirectory'] } });

    // Another process's write is seen once the copy is five seconds old.
    const elsewhere = new RecordRepository(organisation.newTableClient());
    await elsewhere.put('configuration', 'permissions', { roles: { owner: ['ConfigureSystem'] } }, by);
    time.advance(4_999);
    expect((await records.getOneAllowingCopy('configuration', 'permissions'))?.data).toEqual({ roles: { owner: ['ConfigureSystem', 'ManageDirectory'] } });
    time.advance(1);
    expect((await records.getOneAllowingCopy('configuration', 'permissions'))?.data).toEqual({ roles: { owner: ['ConfigureSystem'] } });
  });
});

describe('RecordRepository.heldCopies: what this process holds, without reading', () => {
  it('answers the copies held (null for a record known not to exist), nothing it does not hold, and sends no call', async () => {
    const table = organisation.newTableClient();
    const time = clock();
    const records = new RecordRepository(table, { monotonicNow: time.now });
    const calls = counted(table);
    const standard = { kind: 'standard' as const, id: 'ST0001' };
    const missing = { kind: 'group' as const, id: 'no-such-group' };
    const person = { kind: 'user' as const, id: 'epa-1' };

    expect(records.heldCopies([standard, missing, person])).toEqual(new Map());
    await records.getAllowingCopy([standard, missing, person]);
    calls.length = 0;

    const held = records.heldCopies([standard, missing, person]);
    expect(held.get('standard:ST0001')?.data).toMatchObject({ meetingDurationMinutes: 60 });
    expect(held.get('group:no-such-group')).toBeNull();
    // People's records are never copied.
    expect(held.has('user:epa-1')).toBe(false);
    expect(calls).toEqual([]);

    time.advance(5_000);
    expect(records.heldCopies([standard, missing])).toEqual(new Map());
    expect(calls).toEqual([]);
  });
});
