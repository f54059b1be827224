import { sweepProvisionalMeetings } from '#use-cases/sweep-provisional-meetings.ts';
import { dependencies } from '../dependencies.ts';

/** Invoked by EventBridge Scheduler every 15 minutes; a failure is retried by the scheduler. */
export const handler = async (): Promise<{ examined: number; expired: number }> => {
  const deps = dependencies();
  const report = await sweepProvisionalMeetings(deps, deps.clock());
  return { examined: report.examined, expired: report.expired.length };
};
