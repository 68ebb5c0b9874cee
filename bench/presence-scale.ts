/**
 * Presence at scale: N WebSocket clients held open with heartbeats, the clients split over several
 * processes (each process may hold only so many open files), the directory in its own. Measures
 * the directory's memory per connection (after a full collection, before and after the clients
 * connect) and the presence fan-out: every client subscribes to one watched user (L2: anyone may),
 * the watched user reports a new LAN address, and each client's receipt time is taken.
 *
 *   npm run bench:presence [-- --clients 10000 --per-process 5000 --rounds 5 --out file.json]
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DirectoryClient } from '@lab/directory-client';
import { startServer, startWorker } from './support/processes';
import { Spread, formatSpread, progress, spread } from './support/stats';

export interface PresenceOptions {
  clients: number;
  perProcess: number;
  rounds: number;
  seed: number;
}

export interface PresenceResults {
  options: PresenceOptions;
  connected: number;
  connectSeconds: number;
  /** Directory memory (bytes) after a full collection: users signed up but offline, then all online. */
  memoryBefore: { rss: number; heapUsed: number };
  memoryAfter: { rss: number; heapUsed: number };
  rssPerConnectionBytes: number;
  heapPerConnectionBytes: number;
  /** Per round: ms from the watched user's report until the last (p100), median and 99th percentile client had it. */
  fanOutMs: { p50: Spread; p99: Spread; max: Spread };
  /** Directory CPU time (user + system) per frame delivered in a fan-out round, µs: steadier than latency on a busy machine. */
  fanOutCpuMicrosPerFrame?: Spread;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export async function presenceScale(options: PresenceOptions): Promise<PresenceResults> {
  const directory = await startServer({
    kind: 'directory',
    mitigations: 'none',
    logLevel: 'warn',
    execArgv: ['--expose-gc'],
  });
  const processes = Math.ceil(options.clients / options.perProcess);
  const workers = Array.from({ length: processes }, () => startWorker('presence-clients.js'));
  try {
    await Promise.all(workers.map((w) => w.ready));
    progress(`signing up ${options.clients} users in ${processes} processes`);
    await Promise.all(
      workers.map((w, i) =>
        w.send({
          init: {
            url: directory.url,
            from: i * options.perProcess,
            count: Math.min(options.perProcess, options.clients - i * options.perProcess),
            seed: options.seed,
          },
        }),
      ),
    );
    // The watched user: online from the named persona's home in the large-population plan.
    const watched = new DirectoryClient({ baseUrl: directory.url, localAddress: '127.19.0.10' });
    await watched.signUp('fatima', 'bench-password-2011');
    const watchedSocket = await watched.openSocket({ localAddresses: ['192.168.50.7'] });

    const memoryBefore = await directory.memory();
    progress(`connecting ${options.clients} WebSocket clients`);
    const connectStarted = Date.now();
    const opened = await Promise.all(workers.map((w) => w.send<{ open: number }>('connect')));
    const connectSeconds = (Date.now() - connectStarted) / 1000;
    const connected = opened.reduce((n, o) => n + o.open, 0);
    const memoryAfter = await directory.memory();

    progress('subscribing every client to one user');
    await Promise.all(workers.map((w) => w.send({ subscribe: 'fatima' })));
    const p50: number[] = [];
    const p99: number[] = [];
    const max: number[] = [];
    const cpuPerFrame: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      progress(`fan-out round ${round + 1}/${options.rounds}`);
      const marker = `192.168.50.${100 + round}`;
      await Promise.all(workers.map((w) => w.send({ expect: marker })));
      const cpuBefore = await directory.cpuMicros();
      const sentAt = performance.timeOrigin + performance.now();
      watchedSocket.send('presence.report', { localAddresses: [marker] });
      const received = (
        await Promise.all(workers.map((w) => w.send<{ receivedAt: (number | null)[] }>('collect')))
      ).flatMap((r) => r.receivedAt);
      // The clients' own work is in their processes: this is the directory's, up to the last delivery.
      cpuPerFrame.push(((await directory.cpuMicros()) - cpuBefore) / received.length);
      const missing = received.filter((t) => t === null).length;
      if (missing) throw new Error(`${missing} of ${received.length} clients never got the presence change`);
      const latencies = (received as number[]).map((t) => t - sentAt).sort((a, b) => a - b);
      p50.push(percentile(latencies, 50));
      p99.push(percentile(latencies, 99));
      max.push(latencies[latencies.length - 1]);
    }
    progress('');
    await watchedSocket.close();
    watched.close();
    return {
      options,
      connected,
      connectSeconds,
      memoryBefore: { rss: memoryBefore.rss, heapUsed: memoryBefore.heapUsed },
      memoryAfter: { rss: memoryAfter.rss, heapUsed: memoryAfter.heapUsed },
      rssPerConnectionBytes: (memoryAfter.rss - memoryBefore.rss) / connected,
      heapPerConnectionBytes: (memoryAfter.heapUsed - memoryBefore.heapUsed) / connected,
      fanOutMs: { p50: spread(p50), p99: spread(p99), max: spread(max) },
      fanOutCpuMicrosPerFrame: spread(cpuPerFrame),
    };
  } finally {
    progress('');
    await Promise.all(workers.map((w) => w.stop()));
    await directory.stop();
  }
}

export function presenceTable(r: PresenceResults): string[] {
  const kib = (b: number) => (b / 1024).toFixed(1);
  return [
    '| clients (processes) | connect time s | directory RSS MiB, before → after | KiB per connection: RSS / heap | fan-out to all, ms: p50 / p99 / last | directory CPU µs per frame fanned out |',
    '| ---: | ---: | --- | --- | --- | ---: |',
    `| ${r.connected.toLocaleString('en-GB')} (${Math.ceil(r.options.clients / r.options.perProcess)}) | ${r.connectSeconds.toFixed(1)} | ` +
      `${(r.memoryBefore.rss / 1048576).toFixed(0)} → ${(r.memoryAfter.rss / 1048576).toFixed(0)} | ` +
      `${kib(r.rssPerConnectionBytes)} / ${kib(r.heapPerConnectionBytes)} | ` +
      `${formatSpread(r.fanOutMs.p50, 1)} / ${formatSpread(r.fanOutMs.p99, 1)} / ${formatSpread(r.fanOutMs.max, 1)} | ` +
      `${formatSpread(r.fanOutCpuMicrosPerFrame, 1)} |`,
  ];
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '10000' },
      'per-process': { type: 'string', default: '5000' },
      rounds: { type: 'string', default: '5' },
      seed: { type: 'string', default: '2011' },
      out: { type: 'string' },
    },
  });
  presenceScale({
    clients: Number(values.clients),
    perProcess: Number(values['per-process']),
    rounds: Number(values.rounds),
    seed: Number(values.seed),
  })
    .then((results) => {
      console.log(`presence at scale, node ${process.version}`);
      for (const line of presenceTable(results)) console.log(line);
      if (values.out) writeFileSync(values.out, JSON.stringify(results, null, 2));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
