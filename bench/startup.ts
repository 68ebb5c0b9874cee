/**
 * Start-up: from `npm start` (the build included, as a participant runs it) to the lab printing
 * that every part is ready, in the three states a participant meets: a fresh clone (no dist/), one
 * source file edited since the last start, nothing changed. Then the same without npm and the build
 * (`node dist/apps/lab/src/main.js`), and the lab's own measure (`ready in N ms`, from its first line
 * of code). Every port is 0 (free ports), the data in a fresh temporary directory, so it runs beside
 * another lab.
 *
 *   npm run bench:startup [-- --runs 3 --docker-runs 2 --out file.json]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DockerStartupResults, dockerWorldStartup } from './support/docker-world-startup';
import { Spread, formatSpread, progress, spread } from './support/stats';

export interface StartupResults {
  runs: number;
  /** Seconds from spawning `npm start` to "lastseen-lab is running", nothing changed since the last build. */
  npmStart?: Spread;
  /** The same after one source file was touched since the last build: that file is compiled again. */
  npmStartRebuilt?: Spread;
  /**
   * The same as after a fresh clone and `npm ci`: no dist/ (so no compile cache either) and no
   * remembered native-module check. Everything is compiled and the console bundled.
   */
  npmStartFresh?: Spread;
  /** Seconds from spawning node on the built lab to the same line. */
  nodeStart: Spread;
  /** The lab's own figure, seconds. */
  labReady: Spread;
  /** The Docker world, where a Docker engine answers (bench/support/docker-world-startup.ts). */
  docker?: DockerStartupResults;
}

/** The built lab beside this file (dist/ or a test's build), and the project `npm start` runs in. */
const LAB_MAIN = join(__dirname, '..', 'apps', 'lab', 'src', 'main.js');
const ROOT = join(__dirname, '..', '..');
/** What a fresh clone has not: the build (with its compile cache), the remembered native check. */
const DIST = join(ROOT, 'dist');
const NATIVE_CHECK = join(ROOT, 'node_modules', '.cache', 'lastseen-lab', 'native-check');
/** The source the "one file changed" case touches: any file is compiled on its own. */
const EDITED_SOURCE = join(ROOT, 'apps', 'lab', 'src', 'world', 'start-lab.ts');
const READY = /lastseen-lab is running \(ready in (\d+) ms/;

function startOnce(command: string, args: string[]): Promise<{ seconds: number; labMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lastseen-startup-'));
  const ports = [
    'LAB_PORT',
    'LAB_VULNERABLE_PORT',
    'LAB_FIXED_PORT',
    'LAB_ISP_PORT',
    'LAB_RELAY_PORT',
    'LAB_ISP_FIXED_PORT',
  ];
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...Object.fromEntries(ports.map((p) => [p, '0'])), LAB_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: npm's children stop with it
  });
  let output = '';
  return new Promise<{ seconds: number; labMs: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lab was not ready in 120 s:\n${output}`)), 120_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = READY.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve({ seconds: (performance.now() - started) / 1000, labMs: Number(ready[1]) });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) =>
      reject(new Error(`the lab exited with ${code} before it was ready:\n${output}`)),
    );
  }).finally(async () => {
    child.removeAllListeners('exit');
    const exited = new Promise((r) => child.once('exit', r));
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
}

/** Waits for the background build of the packages' bundle that a fresh start set off. */
async function vendorBundleMade(): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (!existsSync(join(DIST, '.vendor', 'manifest.json')) || existsSync(join(DIST, '.vendor.lock'))) {
    if (Date.now() > deadline) throw new Error('the npm packages were not bundled in 3 minutes');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** `withNpm: false` leaves out `npm start` (it rebuilds dist/ in the project: not from a test's build). */
export async function startup(runs: number, withNpm = true, dockerRuns = 0): Promise<StartupResults> {
  const npm: number[] = [];
  const rebuilt: number[] = [];
  const fresh: number[] = [];
  const node: number[] = [];
  const lab: number[] = [];
  const npmCli = process.env.npm_execpath;
  const npmStart = () =>
    npmCli
      ? startOnce(process.execPath, [npmCli, 'start', '--silent'])
      : startOnce('npm', ['start', '--silent']);
  for (let run = 0; run < runs; run++) {
    if (withNpm) {
      // This script's own modules are loaded by now: deleting dist/ under it is safe, and the start
      // builds it again, this file included.
      progress(`run ${run + 1}/${runs}: npm start in a fresh clone (no dist/)`);
      rmSync(DIST, { recursive: true, force: true });
      rmSync(NATIVE_CHECK, { force: true });
      fresh.push((await npmStart()).seconds);
      // That start bundles the npm packages in the background for the next one: as a participant's
      // next start would, the next case finds the bundle made.
      await vendorBundleMade();
      progress(`run ${run + 1}/${runs}: npm start after one source file changed`);
      const now = new Date();
      utimesSync(EDITED_SOURCE, now, now);
      rebuilt.push((await npmStart()).seconds);
      progress(`run ${run + 1}/${runs}: npm start, nothing changed`);
      npm.push((await npmStart()).seconds);
    }
    progress(`run ${run + 1}/${runs}: node dist/apps/lab/src/main.js`);
    const built = await startOnce(process.execPath, [LAB_MAIN]);
    node.push(built.seconds);
    lab.push(built.labMs / 1000);
  }
  const docker = dockerRuns > 0 ? await dockerWorldStartup(dockerRuns) : undefined;
  progress('');
  return {
    runs,
    docker,
    npmStart: npm.length ? spread(npm) : undefined,
    npmStartRebuilt: rebuilt.length ? spread(rebuilt) : undefined,
    npmStartFresh: fresh.length ? spread(fresh) : undefined,
    nodeStart: spread(node),
    labReady: spread(lab),
  };
}

export function startupTable(r: StartupResults): string[] {
  return [
    '| from | to every part ready, s |',
    '| --- | ---: |',
    `| \`npm start\`, nothing changed since the last build (check, nothing to build, start) | ${formatSpread(r.npmStart, 2)} |`,
    `| \`npm start\` after one source file changed (check, that file compiled, start) | ${formatSpread(r.npmStartRebuilt, 2)} |`,
    `| \`npm start\` in a fresh clone, no \`dist/\` (check, everything compiled and the console bundled, start; the npm packages are bundled in the background after it) | ${formatSpread(r.npmStartFresh, 2)} |`,
    `| \`node dist/apps/lab/src/main.js\` (already built) | ${formatSpread(r.nodeStart, 2)} |`,
    `| the lab's own count, from its first line of code | ${formatSpread(r.labReady, 2)} |`,
    ...dockerRow(r.docker),
  ];
}

function dockerRow(docker: DockerStartupResults | undefined): string[] {
  if (!docker) return [];
  if (docker.skipped !== undefined)
    return [
      `| the Docker world: \`compose up -d\` to every device settled | not measured: ${docker.skipped} |`,
    ];
  return [
    `| the Docker world (${docker.devices} devices, ${docker.runs} runs): \`compose up -d\` to every device of both ` +
      `directories reported and settled, the image built first from this tree in ${docker.imageBuildSeconds.toFixed(0)} s ` +
      `| ${formatSpread(docker.seconds, 1)} |`,
  ];
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      'no-npm': { type: 'boolean', default: false },
      // The Docker world's start-up where Docker answers; 0 leaves it out.
      'docker-runs': { type: 'string', default: '0' },
      out: { type: 'string' },
    },
  });
  startup(Number(values.runs), !values['no-npm'], Number(values['docker-runs']))
    .then((results) => {
      console.log(`start-up, median of ${results.runs} runs (min–max), node ${process.version}`);
      for (const line of startupTable(results)) console.log(line);
      if (values.out) writeFileSync(values.out, JSON.stringify(results, null, 2));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
