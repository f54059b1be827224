import { startLocalHost, type LocalHost, type LocalHostOptions } from '#local/local-host.ts';
import { assertAnswerFollowsContract, servedContract, type Contract } from './contract.ts';

export interface ApiAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  contentType: string;
}

export interface RequestOptions {
  as?: string;
  body?: unknown;
  /** Sent as it is, for malformed bodies. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/**
 * A local host in memory and a small client: every integration test goes through HTTP,
 * and every answer is checked against the OpenAPI document the host serves.
 */
export class TestApi {
  private constructor(
    readonly host: LocalHost,
    /** The document this host serves: every answer is checked against it. */
    readonly contract: Contract,
    private readonly tokens = new Map<string, string>(),
  ) {}

  static async start(options: LocalHostOptions = {}): Promise<TestApi> {
    const host = await startLocalHost({ port: 0, seedDemoData: true, sweepEveryMs: 0, ...options });
    return new TestApi(host, await servedContract(host.url));
  }

  /** The same host and tokens, its answers held to another document (a test of the check itself). */
  withContract(contract: Contract): TestApi {
    return new TestApi(this.host, contract, this.tokens);
  }

  async token(userId: string): Promise<string> {
    let token = this.tokens.get(userId);
    if (!token) {
      token = await this.host.tokenFor(userId);
      this.tokens.set(userId, token);
    }
    return token;
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${await this.token(options.as)}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.host.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    // Any test that calls the API checks the contract too: an answer the document does not describe fails the test here.
    assertAnswerFollowsContract(this.contract, { method, path }, { status: response.status, headers: response.headers, text });
    const contentType = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      contentType,
      body: (contentType.includes('json') && text ? JSON.parse(text) : text) as T,
    };
  }

  get = <T = any>(path: string, options?: RequestOptions) => this.request<T>('GET', path, options);
  put = <T = any>(path: string, options?: RequestOptions) => this.request<T>('PUT', path, options);
  post = <T = any>(path: string, options?: RequestOptions) => this.request<T>('POST', path, options);
  patch = <T = any>(path: string, options?: RequestOptions) => this.request<T>('PATCH', path, options);
  delete = <T = any>(path: string, options?: RequestOptions) => this.request<T>('DELETE', path, options);

  close(): Promise<void> {
    return this.host.close();
  }
}
