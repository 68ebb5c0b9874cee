/**
 * `npm run bench`: every benchmark, each in its own process, then docs/performance.md, its chart
 * (docs/performance/*.svg) and the raw figures (docs/performance/results.json).
 *
 *   npm run bench                  the sizes of the issue (10,000 users, 14 lab days; long)
 *   npm run bench -- --quick       reduced sizes (the report says which)
 *   npm run bench -- --tiny --dir <dir>   a smoke run in seconds, written to <dir> (npm test)
 *   npm run bench -- --only throughput,startup   (the others' figures of the last run are kept)
 *   npm run bench -- --render-only                 the report again from the last figures
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ThroughputResults } from './directory-throughput';
import type { PresenceResults } from './presence-scale';
import type { StartupResults } from './startup';
import type { StudyResults } from './tracking-study';
import { renderReport } from './support/report';
import { barChart } from './support/svg-chart';
import { progress } from './support/stats';

type Size = 'full' | 'quick' | 'tiny';

export interface AllResults {
  date: string;
  /** The size of the last run; `sizes` has each benchmark's own (runs with --only can mix them). */
  size: Size;
  sizes?: Partial<Record<Bench, Size>>;
  /** When each benchmark's figures were measured: the start of the run that measured them (UTC). */
  dates?: Partial<Record<Bench, string>>;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    os: string;
    node: string;
    loadBefore: number[];
    loadAfter: number[];
    freeMemoryGiBBefore: number;
  };
  throughput?: ThroughputResults;
  tracking?: StudyResults;
  presence?: PresenceResults;
  startup?: StartupResults;
  /** The throughput run taken before the fixes of docs/performance.md, committed beside it. */
  beforeFixes?: ThroughputResults;
}

const SIZES = {
  full: {
    throughput: ['--runs', '5', '--seconds', '8', '--connections', '50', '--profile'],
    tracking: ['--users', '10000', '--days', '14', '--fixed-hours', '24'],
    presence: ['--clients', '10000', '--per-process', '5000', '--rounds', '5'],
    startup: ['--runs', '3', '--docker-runs', '3'],
  },
  quick: {
    throughput: ['--runs', '5', '--seconds', '5', '--connections', '50', '--profile'],
    tracking: ['--users', '1000', '--days', '14', '--fixed-hours', '4'],
    presence: ['--clients', '4000', '--per-process', '2000', '--rounds', '5'],
    startup: ['--runs', '3', '--docker-runs', '2'],
  },
  tiny: {
    throughput: [
      '--runs',
      '1',
      '--seconds',
      '1',
      '--connections',
      '4',
      '--targets',
      'vulnerable,fixed,nest-fastify',
    ],
    tracking: ['--users', '12', '--days', '1', '--fixed-hours', '1'],
    presence: ['--clients', '6', '--per-process', '3', '--rounds', '1'],
    startup: ['--runs', '1', '--no-npm'],
  },
} as const;

const SCRIPTS = {
  throughput: 'directory-throughput.js',
  tracking: 'tracking-study.js',
  presence: 'presence-scale.js',
  startup: 'startup.js',
} as const;
type Bench = keyof typeof SCRIPTS;

function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      tiny: { type: 'boolean', default: false },
      only: { type: 'string' },
      dir: { type: 'string' },
      'render-only': { type: 'boolean', default: false },
    },
  });
  const size: Size = values.tiny ? 'tiny' : values.quick ? 'quick' : 'full';
  const docs = values.dir ?? join(__dirname, '..', '..', 'docs');
  const figures = join(docs, 'performance');
  mkdirSync(figures, { recursive: true });
  // --render-only: the report and chart again from the last results.json, nothing measured.
  const only = (values['render-only'] ? [] : (values.only?.split(',') ?? Object.keys(SCRIPTS))) as Bench[];

  const resultsFile = join(figures, 'results.json');
  // With --only, the other benchmarks' figures of the last run are kept.
  const previous: Partial<AllResults> =
    (values.only || values['render-only']) && existsSync(resultsFile)
      ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as AllResults)
      : {};
  const results: AllResults = values['render-only']
    ? (previous as AllResults)
    : {
        throughput: previous.throughput,
        tracking: previous.tracking,
        presence: previous.presence,
        startup: previous.startup,
        date: new Date().toISOString(),
        size,
        // The figures kept from the last run keep the size they were measured at.
        sizes: Object.fromEntries(
          (Object.keys(SCRIPTS) as Bench[])
            .filter((bench) => previous[bench])
            .map((bench) => [bench, previous.sizes?.[bench] ?? previous.size]),
        ),
        dates: Object.fromEntries(
          (Object.keys(SCRIPTS) as Bench[])
            .filter((bench) => previous[bench] && previous.dates?.[bench])
            .map((bench) => [bench, previous.dates![bench]]),
        ),
        machine: {
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model ?? 'unknown',
          memoryGiB: Math.round(totalmem() / 2 ** 30),
          os: `${process.platform} ${release()}`,
          node: process.version,
          loadBefore: loadavg(),
          loadAfter: [],
          freeMemoryGiBBefore: Math.round((freemem() / 2 ** 30) * 10) / 10,
        },
      };
  if (!results.date) throw new Error(`--render-only needs ${resultsFile} from an earlier run`);
  for (const bench of only) {
    const out = join(figures, `.${bench}.json`);
    progress(`— ${bench} (${size}) —`);
    try {
      execFileSync(process.execPath, [join(__dirname, SCRIPTS[bench]), ...SIZES[size][bench], '--out', out], {
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      (results as unknown as Record<string, unknown>)[bench] = JSON.parse(readFileSync(out, 'utf8'));
      results.sizes = { ...results.sizes, [bench]: size };
      results.dates = { ...results.dates, [bench]: results.date };
      rmSync(out, { force: true });
    } catch (error) {
      // One failed benchmark must not cost the others' figures: report it, carry on, exit 1 at the end.
      console.error(`${bench} failed: ${(error as Error).message.split('\n')[0]}`);
      process.exitCode = 1;
    }
  }
  if (!values['render-only']) results.machine.loadAfter = loadavg();
  const before = join(figures, 'before-fixes.json');
  if (existsSync(before)) results.beforeFixes = JSON.parse(readFileSync(before, 'utf8')) as ThroughputResults;

  if (results.throughput) {
    writeFileSync(
      join(figures, 'throughput.svg'),
      barChart(
        `Requests per second as a share of a bare Node server, same run (${results.throughput.options.connections} connections)`,
        results.throughput.targets.map((t) => ({ label: t.label, ...t.ratioToBare })),
        { target: 0.7 },
      ),
    );
  }
  writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(docs, 'performance.md'), renderReport(results));
  console.log(`wrote ${join(docs, 'performance.md')} and ${figures}/`);
}

if (require.main === module) main();
