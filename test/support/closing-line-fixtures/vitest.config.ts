import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The closing-line reporter's own test runs vitest on these fixtures in a child process.
// Their names end in .fixture.ts, so the project's suite never picks them up.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: [process.env.FIXTURES ?? '*.fixture.ts'],
    reporters: [fileURLToPath(new URL('../closing-line-reporter.ts', import.meta.url))],
    // One file at a time in one fork: the fixtures are tiny, and the machine is shared.
    fileParallelism: false,
  },
});
