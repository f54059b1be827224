import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const config = fileURLToPath(new URL('./closing-line-fixtures/vitest.config.ts', import.meta.url));

/**
 * Vitest run in a child process on the fixture files (closing-line-fixtures/*.fixture.ts),
 * with only the closing-line reporter: what a CI log would end with.
 */
const runFixtures = (files: string): Promise<{ code: number; closingLine: string; output: string }> =>
  new Promise((resolve, reject) => {
    // The child is a run of its own, not a worker of this one.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
    execFile(
      process.execPath,
      [fileURLToPath(new URL('node_modules/vitest/vitest.mjs', `file://${root}`)), 'run', '--config', config],
      { cwd: root, env: { ...env, FIXTURES: files }, timeout: 90_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        const lines = stdout.split('\n').filter((line) => line.trim() !== '');
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, closingLine: lines.at(-1) ?? '', output: `${stdout}\n${stderr}` });
      },
    );
  });

describe('the closing line', () => {
  it('counts every test a failed file kept from running as failed, and a file that failed without a failed test as one', async () => {
    // passes: 2 passed, 2 skipped on purpose (skip, todo)
    // fails-to-load: throws while imported, no test collected: 1 failed
    // setup-fails: beforeAll throws: its 3 tests failed, the one skipped on purpose skipped
    // group-setup-fails: 1 passed outside the group, the group's 2 failed
    // teardown-fails: 1 passed, then afterAll throws: 1 failed
    // one-test-fails: 1 passed, 1 failed
    // unhandled-error: 1 passed, and an error outside any test
    const run = await runFixtures('*.fixture.ts');
    expect(run.closingLine, run.output).toBe('6 passed, 8 failed, 3 skipped, 1 unhandled error');
    expect(run.code, run.output).not.toBe(0);
  });

  it('says 0 failed only when vitest finds nothing failed', async () => {
    const run = await runFixtures('passes.fixture.ts');
    expect(run.closingLine, run.output).toBe('2 passed, 0 failed, 2 skipped');
    expect(run.code, run.output).toBe(0);
  });
});
