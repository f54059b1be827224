import { it } from 'vitest';

// Thrown while the file is imported, before vitest collects any test.
throw new Error('this file fails to load');

it('is never collected', () => {});
