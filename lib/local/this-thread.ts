import { readlinkSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * What a local thread tells the operating system about itself. Linux only; elsewhere
 * both are no-ops, since neither changes what the thread does.
 */

/** Shows the thread as `name` in `top -H`, `ps -L` and per-thread CPU figures (at most 15 characters kept). */
export const nameThisThread = (name: string): void => {
  try {
    writeFileSync('/proc/thread-self/comm', name.slice(0, 15));
  } catch {
    // Not Linux: threads keep the process's name.
  }
};

/**
 * Asks the scheduler for the lowest priority for this thread alone, so that its
 * work takes only the CPU the others leave.
 */
export const lowerThisThreadsPriority = (): void => {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId)) setPriority(threadId, 19);
  } catch {
    // Not Linux: no per-thread priority to set.
  }
};
