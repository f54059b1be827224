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

export interface FetchTask {
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
 * A bounded list of requests sent by `concurrency` workers, each taking the next
 * task as soon as its previous answer arrived. Every task is sent at most once;
 * after `maxSeconds` no new task is started (outcomes of those are undefined).
 */
export const runFetchWorkers = async (
  label: string,
  tasks: readonly FetchTask[],
  concurrency: number,
  maxSeconds: number,
  /** Run by a worker after each answer, outside the measured time (e.g. let background work finish). */
  afterEach?: () => Promise<void>,
): Promise<{ figures: LoadFigures; outcomes: Array<TaskOutcome | undefined> }> => {
  for (const task of tasks) assertLoopback(task.url);
  const outcomes = new Array<TaskOutcome | undefined>(tasks.length).fill(undefined);
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < tasks.length && performance.now() < deadline; index = next++) {
      const task = tasks[index]!;
      const sent = performance.now();
      try {
        const response = await fetch(task.url, {
          method: task.method,
          headers: task.headers,
          ...(task.body !== undefined ? { body: task.body } : {}),
          signal: AbortSignal.timeout(30_000),
        });
        const body = await response.text();
        outcomes[index] = { status: response.status, ms: performance.now() - sent, body };
      } catch (error) {
        errors += 1;
        outcomes[index] = { status: 0, ms: performance.now() - sent, body: error instanceof Error ? error.message : String(error) };
      }
      if (afterEach) await afterEach();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  const seconds = (performance.now() - started) / 1000;
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
