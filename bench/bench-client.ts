import type { LocalHost } from '#local/local-host.ts';

export interface Answer<T = any> {
  status: number;
  body: T;
  /** From sending the request to the end of the answer's body. */
  ms: number;
}

export interface Request {
  as: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** How long to wait for the answer; 30 s unless said. */
  timeoutMs?: number;
}

/** The API of a local host over HTTP on the loopback address, as a named user. */
export class BenchClient {
  private readonly baseUrl: string;
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(private readonly host: LocalHost) {
    // Requests go to the loopback address, never to a name that could resolve elsewhere.
    this.baseUrl = `http://127.0.0.1:${new URL(host.url).port}`;
  }

  /** A user's token, signed once (it reads the user's record: ask before measuring). */
  token(userId: string): Promise<string> {
    let token = this.tokens.get(userId);
    if (token === undefined) {
      token = this.host.tokenFor(userId);
      this.tokens.set(userId, token);
    }
    return token;
  }

  async send<T = any>(method: string, path: string, request: Request): Promise<Answer<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.token(request.as)}`, ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    return { status: response.status, body: (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T, ms };
  }

  /** Like `send`, but anything but `expected` is an error that says what the API answered. */
  async expect<T = any>(expected: number, method: string, path: string, request: Request): Promise<Answer<T>> {
    const answer = await this.send<T>(method, path, request);
    if (answer.status !== expected) {
      throw new Error(`${method} ${path} answered ${answer.status}, not ${expected}: ${JSON.stringify(answer.body).slice(0, 400)}`);
    }
    return answer;
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export const inBatches = async <T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) await work(items[index]!, index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
};
