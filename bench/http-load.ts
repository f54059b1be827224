import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { summarize } from './stats.ts';

/** What one load run measured, whichever tool drove it. */
export interface LoadFigures {
  label: string;
  durationSeconds: number;
  /** Requests sent, including any still unanswered when the run stopped. */
  sent: number;
  /** Requests answered with an HTTP status. */
  requests: number;
  /** Completed requests per second over the run. */
  rps: number;
  p50: number;
  p99: number;
  /** HTTP status → count. */
  statuses: Record<string, number>;
  non2xx: number;
  /** Connection errors and timeouts (no HTTP answer). */
  errors: number;
}

export interface AutocannonRun {
  label: string;
  url: string;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

/** Every load goes to the loopback interface only. */
export const assertLoopback = (url: string): void => {
  const { hostname } = new URL(url);
  if (hostname !== '127.0.0.1') throw new Error(`benchmark load must target 127.0.0.1, not ${hostname}`);
};

/**
 * A timed autocannon run. The connections live in one worker thread so the load
 * generator does not share the event loop of the server it measures.
 */
export const runAutocannon = async (run: AutocannonRun): Promise<LoadFigures> => {
  assertLoopback(run.url);
  const result = await autocannon({
    url: run.url,
    title: run.label,
    connections: run.connections,
    duration: run.durationSeconds,
    timeout: 10,
    workers: 1,
    ...(run.headers ? { headers: run.headers } : {}),
  });
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) statuses[status] = count;
  const answered = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return {
    label: run.label,
    durationSeconds: result.duration,
    sent: result.requests.sent ?? answered,
    requests: answered,
    rps: answered / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
};

export interface RequestTask {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface TaskOutcome {
  status: number;
  ms: number;
  body: string;
}

/**
 * A bounded list of requests sent by `concurrency` clients, each taking the next
 * task as soon as its previous answer arrived. Every task is sent at most once;
 * after `maxSeconds` no new task is started (outcomes of those are undefined). The
 * clients live in a thread of their own, so that the load generator does not share
 * the event loop of the server it measures.
 */
export const runRequestLoad = async (
  label: string,
  tasks: readonly RequestTask[],
  concurrency: number,
  maxSeconds: number,
  /** Run after each answer before that client sends again, outside the measured time (e.g. let background work finish). */
  afterEach?: () => Promise<void>,
): Promise<{ figures: LoadFigures; outcomes: Array<TaskOutcome | undefined> }> => {
  for (const task of tasks) assertLoopback(task.url);
  const report = await new Promise<{ outcomes: Array<TaskOutcome | null>; errors: number; seconds: number }>((resolve, reject) => {
    const thread = new Worker(new URL('./request-load-thread.mjs', import.meta.url), {
      workerData: { tasks, concurrency, maxSeconds, pauseAfterEach: afterEach !== undefined },
    });
    thread.once('error', reject);
    thread.on('message', (message: { type: 'answered'; client: number } | { type: 'done'; outcomes: Array<TaskOutcome | null>; errors: number; seconds: number }) => {
      if (message.type === 'answered') {
        void afterEach!().then(() => thread.postMessage({ type: 'continue', client: message.client }), reject);
        return;
      }
      resolve(message);
      void thread.terminate();
    });
  });
  const outcomes = report.outcomes.map((outcome) => outcome ?? undefined);
  const { errors, seconds } = report;
  const done = outcomes.filter((outcome): outcome is TaskOutcome => outcome !== undefined);
  const statuses: Record<string, number> = {};
  for (const outcome of done) if (outcome.status > 0) statuses[String(outcome.status)] = (statuses[String(outcome.status)] ?? 0) + 1;
  const latency = summarize(done.map((outcome) => outcome.ms));
  const answered = done.filter((outcome) => outcome.status > 0).length;
  return {
    figures: {
      label,
      durationSeconds: seconds,
      sent: done.length,
      requests: answered,
      rps: answered / seconds,
      p50: latency.median,
      p99: latency.p99,
      statuses,
      non2xx: done.filter((outcome) => outcome.status > 0 && (outcome.status < 200 || outcome.status > 299)).length,
      errors,
    },
    outcomes,
  };
};
