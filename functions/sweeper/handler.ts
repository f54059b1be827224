import { sweepProvisionalMeetings } from '#use-cases/sweep-provisional-meetings.ts';
import { dependencies } from '../publishing-dependencies.ts';

/**
 * Invoked asynchronously by EventBridge Scheduler every 15 minutes. A run that throws
 * is retried by Lambda (asynchronous invocation) and then recorded in the sweeper's
 * dead-letter queue, which raises an alarm; the scheduler itself retries only when it
 * cannot invoke the function. The next run picks up what a failed one left.
 */
export const handler = async (): Promise<{ examined: number; expired: number; resentSends: number; unsettledSends: number }> => {
  const deps = dependencies();
  const report = await sweepProvisionalMeetings(deps, deps.clock());
  return { examined: report.examined, expired: report.expired.length, resentSends: report.resentSends, unsettledSends: report.unsettledSends };
};
