import { expect, it } from 'vitest';
// A fixture of the closing-line reporter's test (not part of the suite): its skip and todo are there for the reporter to count as skipped.

it('passes', () => expect(1).toBe(1));
it('passes too', () => expect(2).toBe(2));
it.skip('is skipped on purpose', () => expect(1).toBe(2));
it.todo('is still to write');
