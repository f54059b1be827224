// The load generator's thread: sends the tasks it is given with `concurrency` clients,
// each taking the next task once its previous answer has arrived, and reports every
// outcome. Plain JavaScript, so the thread needs no TypeScript loader. It uses
// node:http with one kept-alive connection per client rather than fetch: fetch's
// streams cost the shared cores more than a request does, and the load generator
// should take as little as it can from the server it measures.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

try {
  // Named for per-thread CPU figures (Linux only).
  writeFileSync('/proc/thread-self/comm', 'load');
} catch {
  // Not Linux.
}

const { tasks, concurrency, maxSeconds, pauseAfterEach } = workerData;
const outcomes = new Array(tasks.length).fill(null);
const resumes = new Map();
parentPort.on('message', (message) => {
  if (message.type === 'continue') resumes.get(message.client)?.();
});

const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const TIMEOUT_MS = 30_000;

/** Each task's request options, worked out before the clock starts: nothing is parsed while measuring. */
const prepared = tasks.map((task) => {
  const url = new URL(task.url);
  const body = task.body !== undefined ? Buffer.from(task.body) : undefined;
  return {
    body,
    options: {
      hostname: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      method: task.method,
      agent,
      headers: { ...task.headers, ...(body ? { 'content-length': body.length } : {}) },
      timeout: TIMEOUT_MS,
    },
  };
});

/** One request; resolves with its status and body, rejects on a network error or timeout. */
const send = ({ options, body }) =>
  new Promise((resolve, reject) => {
    const request = http.request(options, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end(body);
  });

let next = 0;
let errors = 0;
const started = performance.now();
const deadline = started + maxSeconds * 1000;
const client = async (id) => {
  for (let index = next++; index < tasks.length && performance.now() < deadline; index = next++) {
    const sent = performance.now();
    try {
      const { status, body } = await send(prepared[index]);
      outcomes[index] = { status, ms: performance.now() - sent, body };
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
agent.destroy();
parentPort.postMessage({ type: 'done', outcomes, errors, seconds: (performance.now() - started) / 1000 });
