/**
 * The ceiling: how close the directory's profile lookup comes to a bare Node HTTP server answering
 * the same JSON from memory. autocannon generates the load from its own process; every server runs
 * in its own process too. Each run measures every target once, in turn, so the ratios compare
 * figures taken under the same machine load.
 *
 *   npm run bench:throughput [-- --runs 3 --seconds 6 --connections 50 --profile dir --out file.json]
 *
 * Targets: the bare server; the vulnerable directory (request logs on: the directory's own default
 * level, `info`; `npm start` runs every part at `warn`); the vulnerable directory with request logs
 * off (the cost of logging); the fixed directory (all six mitigations: the attacker's lookups get
 * 404 and then 429); a minimal Nest app on Express and on Fastify answering the same body (the cost
 * of the HTTP adapter alone).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DirectoryClient, PresenceSocket } from '@lab/directory-client';
import { LoadResult, autocannon } from './support/autocannon';
import { HotFunction, hottestFunctions } from './support/cpu-profile';
import { BenchServer, ServerSpec, startServer } from './support/processes';
import { Spread, formatSpread, progress, spread } from './support/stats';

export interface ThroughputOptions {
  runs: number;
  seconds: number;
  connections: number;
  /** Ids of the targets to measure (default: all); the bare server is always measured. */
  targets?: string[];
  /** Where to keep a CPU profile of the vulnerable directory under load (skipped if unset). */
  profileDir?: string;
}

export interface TargetFigures {
  id: string;
  label: string;
  requestsPerSecond: Spread;
  /** Requests per second over the bare server's in the same run. */
  ratioToBare: Spread;
  p50: Spread;
  p99: Spread;
  /** The server's CPU time (user + system) per answered request, µs. */
  cpuPerRequestUs: Spread;
  statusCodes: Record<string, number>;
  raw: LoadResult[];
}

export interface ThroughputResults {
  options: ThroughputOptions;
  bodyBytes: number;
  targets: TargetFigures[];
  profile?: HotFunction[];
}

const TARGETS: { id: string; label: string; spec: Omit<ServerSpec, 'body'>; lookup: boolean }[] = [
  { id: 'bare', label: 'bare Node http server, same JSON', spec: { kind: 'bare' }, lookup: false },
  {
    id: 'vulnerable',
    label: 'vulnerable directory, GET /users/alice',
    spec: { kind: 'directory', mitigations: 'none' },
    lookup: true,
  },
  {
    id: 'vulnerable-quiet',
    label: 'vulnerable directory, request logs off',
    spec: { kind: 'directory', mitigations: 'none', logLevel: 'warn' },
    lookup: true,
  },
  {
    id: 'fixed',
    label: 'fixed directory (M1–M6), same request',
    spec: { kind: 'directory', mitigations: 'all' },
    lookup: true,
  },
  { id: 'nest-express', label: 'minimal Nest app, Express', spec: { kind: 'nest-express' }, lookup: false },
  { id: 'nest-fastify', label: 'minimal Nest app, Fastify', spec: { kind: 'nest-fastify' }, lookup: false },
];

/** Alice online from her home address, an attacker logged in: what every lookup run asks about. */
async function seed(url: string): Promise<{ token: string; socket: PresenceSocket; body: string }> {
  const alice = new DirectoryClient({ baseUrl: url, localAddress: '127.51.100.23' });
  await alice.register('alice', 'bench-password');
  await alice.login('alice', 'bench-password');
  const socket = await alice.openSocket({ localAddresses: ['192.168.1.23'] });
  const attacker = new DirectoryClient({ baseUrl: url, localAddress: '127.0.113.200' });
  await attacker.register('attacker', 'bench-password');
  const { token } = await attacker.login('attacker', 'bench-password');
  const response = await attacker.request('GET', '/users/alice');
  attacker.close();
  alice.close();
  return { token, socket, body: response.text };
}

export async function measureThroughput(options: ThroughputOptions): Promise<ThroughputResults> {
  const load = { connections: options.connections, seconds: options.seconds };
  // The bare server must answer what the directory answers: take the body from a real lookup.
  const probe = await startServer({ kind: 'directory', mitigations: 'none' });
  const { body } = await seed(probe.url).then(async (s) => (await s.socket.close(), s));
  await probe.stop();

  const targets = TARGETS.filter(
    (t) => t.id === 'bare' || !options.targets || options.targets.includes(t.id),
  );
  const raw = new Map<string, LoadResult[]>(targets.map((t) => [t.id, []]));
  const cpu = new Map<string, number[]>(targets.map((t) => [t.id, []]));
  for (let run = 0; run < options.runs; run++) {
    for (const target of targets) {
      progress(`run ${run + 1}/${options.runs}: ${target.label}`);
      const server = await startServer({ ...target.spec, body });
      let socket: PresenceSocket | undefined;
      try {
        const headers: Record<string, string> = {};
        if (target.lookup) {
          const seeded = await seed(server.url);
          socket = seeded.socket;
          headers.authorization = `Bearer ${seeded.token}`;
        }
        const cpuBefore = await server.cpuMicros();
        const result = await autocannon(`${server.url}/users/alice`, { ...load, headers });
        cpu.get(target.id)!.push(((await server.cpuMicros()) - cpuBefore) / result.total);
        raw.get(target.id)!.push(result);
      } finally {
        await socket?.close();
        await server.stop();
      }
    }
  }
  progress('');

  let profile: HotFunction[] | undefined;
  if (options.profileDir) profile = await profileLookups(options.profileDir, load);

  const bare = raw.get('bare')!;
  return {
    options,
    bodyBytes: Buffer.byteLength(body),
    profile,
    targets: targets.map(({ id, label }) => {
      const results = raw.get(id)!;
      const statusCodes: Record<string, number> = {};
      for (const r of results)
        for (const [code, n] of Object.entries(r.statusCodes))
          statusCodes[code] = (statusCodes[code] ?? 0) + n;
      return {
        id,
        label,
        requestsPerSecond: spread(results.map((r) => r.requestsPerSecond)),
        ratioToBare: spread(results.map((r, i) => r.requestsPerSecond / bare[i].requestsPerSecond)),
        p50: spread(results.map((r) => r.p50)),
        p99: spread(results.map((r) => r.p99)),
        cpuPerRequestUs: spread(cpu.get(id)!),
        statusCodes,
        raw: results,
      };
    }),
  };
}

/** A CPU profile of the vulnerable directory answering lookups under the same load. */
async function profileLookups(
  dir: string,
  load: { connections: number; seconds: number },
): Promise<HotFunction[]> {
  progress('profiling the vulnerable directory under load');
  const server: BenchServer = await startServer({
    kind: 'directory',
    mitigations: 'none',
    execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  const { token, socket } = await seed(server.url);
  try {
    await autocannon(`${server.url}/users/alice`, { ...load, headers: { authorization: `Bearer ${token}` } });
  } finally {
    await socket.close();
    await server.stop();
  }
  progress('');
  return hottestFunctions(dir);
}

export function throughputTable(results: ThroughputResults): string[] {
  const lines = [
    '| target | requests/s | ratio to bare | p50 ms | p99 ms | server CPU µs/request | answers |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const t of results.targets) {
    const answers = Object.entries(t.statusCodes)
      .map(([code, n]) => `${code}: ${n.toLocaleString('en-GB')}`)
      .join(', ');
    lines.push(
      `| ${t.label} | ${formatSpread(t.requestsPerSecond)} | ${formatSpread(t.ratioToBare, 2)} | ` +
        `${formatSpread(t.p50, 0)} | ${formatSpread(t.p99, 0)} | ${formatSpread(t.cpuPerRequestUs)} | ${answers} |`,
    );
  }
  return lines;
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '6' },
      connections: { type: 'string', default: '50' },
      profile: { type: 'boolean', default: false },
      targets: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const profileDir = values.profile ? mkdtempSync(join(tmpdir(), 'lastseen-cpu-prof-')) : undefined;
  measureThroughput({
    runs: Number(values.runs),
    seconds: Number(values.seconds),
    connections: Number(values.connections),
    targets: values.targets?.split(','),
    profileDir,
  })
    .then((results) => {
      console.log(
        `directory throughput: ${results.options.connections} connections, ${results.options.seconds} s a run, ` +
          `median of ${results.options.runs} runs (min–max), body ${results.bodyBytes} bytes, node ${process.version}`,
      );
      for (const line of throughputTable(results)) console.log(line);
      if (results.profile) {
        console.log('\nself time, vulnerable directory under load:');
        for (const f of results.profile)
          console.log(`  ${f.selfPercent.toFixed(1).padStart(5)} %  ${f.where}`);
      }
      if (values.out) writeFileSync(values.out, JSON.stringify(results, null, 2));
      if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
