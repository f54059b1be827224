import { afterAll, expect, it } from 'vitest';

afterAll(() => {
  throw new Error('the teardown fails');
});

it('passes before the teardown fails', () => expect(true).toBe(true));
