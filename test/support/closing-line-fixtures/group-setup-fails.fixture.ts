import { beforeAll, describe, expect, it } from 'vitest';

it('runs outside the failing group', () => expect(true).toBe(true));

describe('a group whose setup fails', () => {
  beforeAll(() => {
    throw new Error('the group setup fails');
  });
  it('one', () => expect(1).toBe(1));
  it('two', () => expect(2).toBe(2));
});
