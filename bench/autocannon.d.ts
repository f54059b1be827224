/**
 * The part of autocannon 8 the benchmarks use. The package ships no type
 * declarations; this keeps `tsc --noEmit` strict without adding a dependency.
 */
declare module 'autocannon' {
  interface AutocannonOptions {
    url: string;
    title?: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    /** Seconds; ignored when `amount` is set. */
    duration?: number;
    /** Stop after this many requests. */
    amount?: number;
    /** Seconds before a request counts as a timeout. */
    timeout?: number;
    /** Worker threads running the connections (0 = this thread). */
    workers?: number;
  }

  interface AutocannonHistogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total?: number;
    sent?: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
  }

  interface AutocannonResult {
    title?: string;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    '1xx': number;
    '2xx': number;
    '3xx': number;
    '4xx': number;
    '5xx': number;
    statusCodeStats: Record<string, { count: number }>;
    /** Milliseconds. */
    latency: AutocannonHistogram;
    /** Requests per second, sampled each second. */
    requests: AutocannonHistogram;
  }

  interface AutocannonInstance extends PromiseLike<AutocannonResult> {
    stop(): void;
  }

  function autocannon(options: AutocannonOptions): AutocannonInstance;

  export type { AutocannonOptions, AutocannonResult, AutocannonHistogram, AutocannonInstance };
  export default autocannon;
}
