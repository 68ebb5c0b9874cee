import { execFile } from 'node:child_process';
import { checkTargetHost } from '@lab/sandbox';

export interface LoadOptions {
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
}

/** What one autocannon run measured. Latencies in milliseconds. */
export interface LoadResult {
  url: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/**
 * Runs autocannon in its own process against `url`: the load generator must never share an event
 * loop with the server, or it becomes the bottleneck it is supposed to measure. The sandbox guard
 * checks the target first, as in every other client of the lab.
 */
export async function autocannon(url: string, options: LoadOptions): Promise<LoadResult> {
  checkTargetHost(new URL(url));
  const args = [
    require.resolve('autocannon/autocannon.js'),
    '--json',
    '--connections',
    String(options.connections),
    '--duration',
    String(options.seconds),
    ...Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['--headers', `${name}=${value}`]),
    url,
  ];
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, out, err) =>
      error ? reject(new Error(`autocannon failed: ${err || error.message}`)) : resolve(out),
    ),
  );
  const r = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
    timeouts: number;
    statusCodeStats?: Record<string, { count: number }>;
    duration: number;
  };
  return {
    url,
    requestsPerSecond: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(r.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]),
    ),
  };
}
