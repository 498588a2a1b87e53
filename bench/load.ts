/**
 * Loads URLs with autocannon. Each measured run keeps every latency (autocannon reports p50, p90,
 * p97.5 and p99 but not p95), and runs of the same target can be merged into one set of figures.
 */
import autocannon from 'autocannon';
import { percentile } from './measure.js';

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface Target {
  url: string;
  headers?: Record<string, string>;
}

/** One measured run: its successful requests, its duration, the latency of each request (ms). */
export interface Run {
  requests: number;
  seconds: number;
  latencies: number[];
}

export interface LoadStats {
  requestsPerSecond: number;
  /** Milliseconds. */
  p50: number;
  p95: number;
  p99: number;
  requests: number;
}

export async function warmUp(target: Target, options: LoadOptions): Promise<void> {
  if (options.warmupSeconds <= 0) return;
  await autocannon({ url: target.url, headers: target.headers ?? {}, connections: options.connections, duration: options.warmupSeconds });
}

export async function measure(target: Target, connections: number, seconds: number): Promise<Run> {
  const latencies: number[] = [];
  const instance = autocannon({ url: target.url, headers: target.headers ?? {}, connections, duration: seconds });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await instance;
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(`${target.url} : ${result.errors} erreurs, ${result.timeouts} dépassements de délai, ${result.non2xx} réponses non 2xx.`);
  }
  return { requests: result['2xx'], seconds: result.duration, latencies };
}

export function summarise(runs: Run[]): LoadStats {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  return {
    requestsPerSecond: requests / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    requests,
  };
}
