import type { SerializedError } from 'vitest';
import type { Reporter, TestCase, TestModule, TestRunEndReason } from 'vitest/node';

export interface ClosingCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Skipped on purpose: `skip`, `todo`, or another test's `only`. Anything else that did not pass was kept from running. */
const skippedOnPurpose = (test: TestCase): boolean => test.options.mode === 'skip' || test.options.mode === 'todo';

/**
 * What one file adds to the closing line. Vitest reports the tests of a file whose
 * setup failed (a `beforeAll` that threw) as skipped, and a file that failed to load
 * has no tests at all: counted as vitest counts them, such a file showed `0 failed`.
 * So in a failed file, every test that did not pass and was not skipped on purpose is
 * failed, and the file counts at least one failure (an `afterAll` can fail it after
 * every test passed).
 */
export const countsOf = (module: TestModule): ClosingCounts => {
  const counts: ClosingCounts = { passed: 0, failed: 0, skipped: 0 };
  const fileFailed = module.state() === 'failed';
  for (const test of module.children.allTests()) {
    const state = test.result().state;
    if (state === 'passed') counts.passed += 1;
    else if (state === 'failed' || (fileFailed && !skippedOnPurpose(test))) counts.failed += 1;
    else counts.skipped += 1;
  }
  if (fileFailed && counts.failed === 0) counts.failed = 1;
  return counts;
};

export const closingLine = (counts: ClosingCounts, unhandledErrors: number, reason: TestRunEndReason): string =>
  [
    `${counts.passed} passed, ${counts.failed} failed`,
    ...(counts.skipped > 0 ? [`, ${counts.skipped} skipped`] : []),
    ...(unhandledErrors > 0 ? [`, ${unhandledErrors} unhandled ${unhandledErrors === 1 ? 'error' : 'errors'}`] : []),
    ...(reason === 'interrupted' ? [' (interrupted)'] : []),
    // Vitest can fail a run for what is neither a test nor an error (a threshold, say): the line still says so.
    ...(reason === 'failed' && counts.failed === 0 && unhandledErrors === 0 ? [' (the run failed)'] : []),
  ].join('');

/**
 * Ends every run with a plain `N passed, N failed` line (plus skipped, errors outside
 * any test, and whether the run was interrupted), so that a CI log shows at a glance
 * that tests ran, how many, and whether anything failed. A run vitest ends as failed
 * never closes on `0 failed` with nothing else said.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    const total: ClosingCounts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      const counts = countsOf(module);
      total.passed += counts.passed;
      total.failed += counts.failed;
      total.skipped += counts.skipped;
    }
    process.stdout.write(`\n${closingLine(total, unhandledErrors.length, reason)}\n`);
  }
}
