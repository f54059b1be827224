// The load generator's thread: sends the tasks it is given with `concurrency` clients,
// each taking the next task once its previous answer has arrived, and reports every
// outcome. Plain JavaScript, so the thread needs no TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';

const { tasks, concurrency, maxSeconds, pauseAfterEach } = workerData;
const outcomes = new Array(tasks.length).fill(null);
const resumes = new Map();
parentPort.on('message', (message) => {
  if (message.type === 'continue') resumes.get(message.client)?.();
});

let next = 0;
let errors = 0;
const started = performance.now();
const deadline = started + maxSeconds * 1000;
const client = async (id) => {
  for (let index = next++; index < tasks.length && performance.now() < deadline; index = next++) {
    const task = tasks[index];
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
    if (pauseAfterEach) {
      await new Promise((resume) => {
        resumes.set(id, resume);
        parentPort.postMessage({ type: 'answered', client: id });
      });
    }
  }
};
await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, (_, id) => client(id)));
parentPort.postMessage({ type: 'done', outcomes, errors, seconds: (performance.now() - started) / 1000 });
