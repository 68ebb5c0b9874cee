import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AllResults } from '../../bench/run-all';
import { nestBuild } from '../support/nest-build';

// The benchmarks are scripts, not tests; this runs each at a tiny size from a fresh build, so they
// keep working: `bench/run-all.js --tiny` writes a report and the raw figures to a temporary dir.
const run = promisify(execFile);
let work: string;
let docs: string;
let results: Required<AllResults>;
let report: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'lastseen-bench-'));
  const out = await nestBuild('lab', work);
  docs = join(work, 'docs');
  await run(process.execPath, [join(out, 'bench', 'run-all.js'), '--tiny', '--dir', docs], {
    timeout: 240_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  results = JSON.parse(readFileSync(join(docs, 'performance', 'results.json'), 'utf8'));
  report = readFileSync(join(docs, 'performance.md'), 'utf8');
}, 400_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('measures the directories against the bare server in the same run, load from autocannon', () => {
  const byId = Object.fromEntries(results.throughput.targets.map((t) => [t.id, t]));
  expect(byId.bare.ratioToBare.median).toBe(1);
  expect(byId.vulnerable.requestsPerSecond.median).toBeGreaterThan(0);
  expect(byId.vulnerable.statusCodes).toEqual({ 200: expect.any(Number) });
  // The fixed directory answers the same attacker with 404 (M2), then 429 (M5), never 200.
  expect(Object.keys(byId.fixed.statusCodes).sort()).toEqual(expect.arrayContaining(['404']));
  expect(byId.fixed.statusCodes['200']).toBeUndefined();
  expect(byId['nest-fastify'].statusCodes['200']).toBeGreaterThan(0);
});

it('replays the tracking study: the vulnerable directory leaks every user, the fixed one nobody', () => {
  const [vulnerable, fixed] = results.tracking.runs;
  expect(vulnerable.findings?.usersTracked).toBe(12);
  expect(vulnerable.findings?.homeGuessedRight).toBe(12);
  expect(vulnerable.leakedAddresses).toBeGreaterThanOrEqual(24); // at least home and one more each
  // Users moved during the day and were resolved after their moves (the study checks every answer
  // against where the population was, and stops with an error on a mismatch).
  expect(vulnerable.moves).toBeGreaterThan(12);
  expect(vulnerable.resolutions).toBe(12 * 24);
  expect(fixed.variant).toBe('fixed');
  expect(fixed.resolutions).toBe(12);
  expect(fixed.leakedAddresses).toBe(0);
});

it('holds presence clients in separate processes and times the fan-out to each', () => {
  expect(results.presence.connected).toBe(6);
  expect(results.presence.fanOutMs.max.median).toBeGreaterThan(0);
});

it('starts the built lab and writes the report, its chart and the raw figures', () => {
  expect(results.startup.nodeStart.median).toBeGreaterThan(0);
  for (const heading of ['## The ceiling', '## The tracking study', '## Presence at scale', '## Start-up'])
    expect(report).toContain(heading);
  expect(readFileSync(join(docs, 'performance', 'throughput.svg'), 'utf8')).toMatch(/^<svg [^>]*>/);
});
