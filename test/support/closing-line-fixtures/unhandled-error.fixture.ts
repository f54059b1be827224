import { expect, it } from 'vitest';

it('passes, but leaves an error behind that no test catches', async () => {
  setTimeout(() => {
    throw new Error('thrown outside any test');
  }, 0);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(true).toBe(true);
});
