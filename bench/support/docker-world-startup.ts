/**
 * The Docker world's start-up, where a Docker engine answers: the lab image built from this tree
 * (Docker's layer cache in use), then from `docker/compose.sh up -d` to the world settled, then
 * `down -v`. Settled: the lab API answers `/status`, every device of the world has reported its
 * state to it, and every device its routine puts on a network is online. The world runs under its
 * own project name with free host ports, so it does not touch a world or a lab someone else keeps up
 * (Docker refuses the second world's networks if one is up: the run then says so and is skipped).
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadPlan } from '@lab/address-plan';
import { layOut } from '@lab/docker-world';
import { Spread, progress, spread } from './stats';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');
const COMPOSE = join(ROOT, 'docker', 'compose.sh');
const IMAGE = 'lastseen-lab:latest';
const BASE_IMAGE = 'node:24-bookworm-slim';
const PROJECT = 'lastseen-lab-bench';
const HOST_PORTS = ['LAB_PORT', 'LAB_VULNERABLE_PORT', 'LAB_FIXED_PORT', 'LAB_ISP_PORT', 'LAB_RELAY_PORT'];
const SETTLE_TIMEOUT_MS = 5 * 60_000;

export type DockerStartupResults =
  | {
      runs: number;
      devices: number;
      /** `docker build` of the lab image from this tree, Docker's layer cache in use. */
      imageBuildSeconds: number;
      seconds: Spread;
      skipped?: undefined;
    }
  | { skipped: string };

/** A device as the lab API lists it under each directory (the device writes it to the lab). */
interface DeviceStatus {
  device: string;
  slot: string;
  online: boolean;
}

/** Why the Docker world cannot be measured here, or null when it can. */
async function unavailable(): Promise<string | null> {
  try {
    await run('docker', ['info'], { timeout: 15_000 });
  } catch {
    return 'no Docker engine answers here';
  }
  try {
    await run('docker', ['image', 'inspect', BASE_IMAGE], { timeout: 15_000 });
  } catch {
    return `its base image ${BASE_IMAGE} is not here (docker/base/build-stand-in.sh builds one without a registry)`;
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function compose(env: NodeJS.ProcessEnv, ...args: string[]) {
  await run(COMPOSE, args, { cwd: ROOT, env, timeout: SETTLE_TIMEOUT_MS, maxBuffer: 16 * 2 ** 20 });
}

/** Every directory's devices, as the lab API lists them: null until it answers. */
async function devices(labUrl: string): Promise<DeviceStatus[][] | null> {
  try {
    const response = await fetch(`${labUrl}/status`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return null;
    const status = (await response.json()) as { directories: { population: DeviceStatus[] }[] };
    return status.directories.map((d) => d.population);
  } catch {
    return null;
  }
}

/**
 * One start: seconds from `up -d` until, in every directory, each device of the world has
 * reported, and each one its routine puts on a network now is online.
 */
async function startOnce(world: string[]): Promise<number> {
  const ports = await Promise.all(HOST_PORTS.map(async (name) => [name, String(await freePort())]));
  const env = { ...process.env, ...Object.fromEntries(ports), COMPOSE_PROJECT_NAME: PROJECT };
  const labUrl = `http://127.0.0.1:${env.LAB_PORT}`;
  await compose(env, 'down', '-v', '--remove-orphans', '-t', '5').catch(() => undefined);
  const started = performance.now();
  try {
    await compose(env, 'up', '-d');
    for (;;) {
      const directories = await devices(labUrl);
      const settled = (population: DeviceStatus[]) => {
        const reported = new Set(population.map((d) => d.device));
        return (
          world.every((device) => reported.has(device)) &&
          population.every((d) => d.online || d.slot === 'offline')
        );
      };
      if (directories?.length && directories.every(settled)) return (performance.now() - started) / 1000;
      if (performance.now() - started > SETTLE_TIMEOUT_MS)
        throw new Error(`the Docker world did not settle in ${SETTLE_TIMEOUT_MS / 60_000} min`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await compose(env, 'down', '-v', '--remove-orphans', '-t', '5').catch((error: Error) =>
      progress(`docker world: down failed: ${error.message.split('\n')[0]}`),
    );
  }
}

export async function dockerWorldStartup(runs: number): Promise<DockerStartupResults> {
  const reason = await unavailable();
  if (reason) {
    progress(`docker world: not measured (${reason})`);
    return { skipped: reason };
  }
  // The world runs this tree's code: the image is built first (what changed since the last build).
  progress('docker world: building the lab image…');
  const buildStarted = performance.now();
  try {
    await run('docker', ['build', '-q', '-f', 'docker/Dockerfile', '-t', IMAGE, '.'], {
      cwd: ROOT,
      timeout: 15 * 60_000,
      maxBuffer: 16 * 2 ** 20,
    });
  } catch (error) {
    return { skipped: `the image did not build: ${(error as Error).message.split('\n')[0]}` };
  }
  const imageBuildSeconds = (performance.now() - buildStarted) / 1000;
  // As each device names itself to the lab: alice.home, alice.mobile…
  const world = layOut(loadPlan()).devices.map((d) => `${d.username}.${d.slot}`);
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    progress(`docker world: up ${i + 1}/${runs}…`);
    try {
      seconds.push(await startOnce(world));
      progress(`docker world: settled in ${seconds.at(-1)!.toFixed(1)} s (${world.length} devices)`);
    } catch (error) {
      const message = (error as Error).message.split('\n')[0];
      if (!seconds.length) return { skipped: `compose up failed: ${message}` };
      progress(`docker world: run ${i + 1} failed (${message}); keeping the ${seconds.length} before`);
      break;
    }
  }
  return { runs: seconds.length, devices: world.length, imageBuildSeconds, seconds: spread(seconds) };
}
