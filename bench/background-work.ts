import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Marks work the local host does after a change, outside the request that made it:
 * the outbox publisher and the notifiers it feeds. In AWS that work runs in other
 * functions (stream → publisher → EventBridge → notifiers); locally it shares the
 * server's process and DynamoDB client, so its calls are counted apart.
 */
export const backgroundWork = new AsyncLocalStorage<true>();

export const isBackgroundWork = (): boolean => backgroundWork.getStore() === true;

/**
 * Runs the repository's after-commit hook (the local host's outbox drain) in the
 * background context, so everything it starts is counted as background work. The
 * hook is an implementation detail of local mode, read at run time; answers false
 * when there is none to wrap (then nothing is separated).
 */
export const markAfterCommitAsBackground = (meetings: object): boolean => {
  const holder = meetings as { afterCommit?: unknown };
  const original = holder.afterCommit;
  if (typeof original !== 'function') return false;
  holder.afterCommit = (...args: unknown[]) => backgroundWork.run(true, () => (original as (...a: unknown[]) => unknown).apply(meetings, args));
  return true;
};
