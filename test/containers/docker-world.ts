import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { hostCollisions, readHostRoutes } from '@lab/docker-world';
import { parseCidr } from '@lab/sandbox';

const run = promisify(execFile);

export const ROOT = join(__dirname, '../..');
export const COMPOSE_FILE = join(ROOT, 'docker/compose.yaml');
/** Its own Compose project, so a world a workshop leader has up is left alone. */
export const PROJECT = 'lastseen-lab-test';

export interface ComposeFile {
  services: Record<
    string,
    {
      image: string;
      user?: string;
      entrypoint?: string[];
      environment?: Record<string, string>;
      cap_add?: string[];
      cap_drop?: string[];
      security_opt?: string[];
      networks: Record<string, { ipv4_address?: string }> | string[];
    }
  >;
  networks: Record<string, { ipam: { config: { subnet: string }[] } }>;
}

export const composeFile = () => parse(readFileSync(COMPOSE_FILE, 'utf8')) as ComposeFile;

/** The check docker:check runs: no network of the world may collide with the host's own. */
export function hostProblems(): string[] {
  const subnets = Object.entries(composeFile().networks).flatMap(([name, n]) =>
    n.ipam.config.map((c) => ({ name, subnet: parseCidr(c.subnet) })),
  );
  return hostCollisions(subnets, readHostRoutes());
}

/** docker compose (v2) or docker-compose (v1) on the world, with Docker choosing the host ports. */
export async function compose(...args: string[]): Promise<string> {
  const env = {
    ...process.env,
    COMPOSE_PROJECT_NAME: PROJECT,
    LAB_VULNERABLE_PORT: '',
    LAB_FIXED_PORT: '',
    LAB_ISP_PORT: '',
    LAB_RELAY_PORT: '',
    LAB_PORT: '',
    // Real time from 08:10: alice and bob are on their phones, carol, dave and erin at home.
    LAB_CLOCK_START: '08:10',
    LAB_CLOCK_SPEED: '1',
  };
  const { stdout } = await run(join(ROOT, 'docker/compose.sh'), args, {
    cwd: ROOT,
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

export const containerName = (service: string) => `${PROJECT}_${service}_1`;

/** A container's real address on one of the world's networks, as Docker assigned it. */
export async function addressOn(service: string, network: string): Promise<string> {
  const ids = (await compose('ps', '-q', service)).trim().split('\n').filter(Boolean);
  if (ids.length !== 1) throw new Error(`expected one ${service} container, found ${ids.length}`);
  const networks = JSON.parse(
    await docker('inspect', '-f', '{{json .NetworkSettings.Networks}}', ids[0]),
  ) as Record<string, { IPAddress: string }>;
  const address = networks[`${PROJECT}_${network}`]?.IPAddress;
  if (!address)
    throw new Error(`${service} has no address on ${network}: ${Object.keys(networks).join(', ')}`);
  return address;
}

export async function logsOf(service: string): Promise<string> {
  return compose('logs', '--no-color', service);
}

/** The one container of a service. */
export async function containerOf(service: string): Promise<string> {
  const ids = (await compose('ps', '-q', service)).trim().split('\n').filter(Boolean);
  if (ids.length !== 1) throw new Error(`expected one ${service} container, found ${ids.length}`);
  return ids[0];
}

/** Runs a command inside a running container of the world: its exit code and output. */
export async function execIn(
  service: string,
  command: string[],
  user = 'node',
): Promise<{ code: number; output: string }> {
  const id = await containerOf(service);
  try {
    const { stdout, stderr } = await run('docker', ['exec', '--user', user, id, ...command]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`,
    };
  }
}

/** Where Docker published a service's port on the host: http://127.0.0.1:<port>. */
export async function publishedUrl(service: string, port: number): Promise<string> {
  const mapping = (await compose('port', service, String(port))).trim();
  const match = /^127\.0\.0\.1:(\d+)$/.exec(mapping);
  if (!match) throw new Error(`${service}:${port} is not published on 127.0.0.1 (got "${mapping}")`);
  return `http://127.0.0.1:${match[1]}`;
}

/** Polls until `check` holds, or fails with what was last seen. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs: number,
  everyMs = 2000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await probe();
      if (check(last)) return last;
    } catch (error) {
      last = (error as Error).message as T;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last: ${String(last).slice(-2000)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Runs a one-shot service of the world (the resolver) with `docker run`, exactly as Compose defines it. */
export async function runService(service: string, command: string[]): Promise<string> {
  const definition = composeFile().services[service];
  const networks = Array.isArray(definition.networks)
    ? definition.networks
    : Object.keys(definition.networks);
  const args = ['run', '--rm', '--network', `${PROJECT}_${networks[0]}`];
  if (definition.user) args.push('--user', definition.user);
  for (const cap of definition.cap_drop ?? []) args.push('--cap-drop', cap);
  for (const cap of definition.cap_add ?? []) args.push('--cap-add', cap);
  for (const option of definition.security_opt ?? []) args.push('--security-opt', option);
  for (const [name, value] of Object.entries(definition.environment ?? {}))
    args.push('--env', `${name}=${value}`);
  const [entrypoint, ...entrypointArgs] = definition.entrypoint ?? [];
  if (entrypoint) args.push('--entrypoint', entrypoint);
  args.push(definition.image, ...entrypointArgs, ...command);
  return docker(...args);
}
