import { beforeAll, expect, it } from 'vitest';
// A fixture of the closing-line reporter's test (not part of the suite): its skip and todo are there for the reporter to count as skipped.

beforeAll(() => {
  throw new Error('the setup fails');
});

it('one', () => expect(1).toBe(1));
it('two', () => expect(2).toBe(2));
it('three', () => expect(3).toBe(3));
it.skip('is skipped on purpose, and stays skipped', () => expect(4).toBe(4));
