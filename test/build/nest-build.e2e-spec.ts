import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, nestBuild } from '../support/nest-build';

// What a maintainer runs: `nest build <project>` (nest-cli.json), then the project's built entry
// file with node. Each app must start from its build output alone and answer the lab's banner.
const run = promisify(execFile);
const BANNER = '/.well-known/lastseen-lab';

const children: ChildProcess[] = [];
let work: string;
let out: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lastseen-build-'));
});

afterEach(async () => {
  await Promise.all(children.splice(0).map(stop));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

async function build(project: string) {
  out = await nestBuild(project, work);
}

/** Starts `node <build output>/<entry>.js` and resolves with every loopback URL it announced once `ready` matches. */
function start(entry: string, env: Record<string, string>, ready: RegExp): Promise<string[]> {
  const child = spawn(process.execPath, [join(out, `${entry}.js`)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve([...new Set(output.match(/http:\/\/127\.0\.0\.1:\d+/g) ?? [])]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function banner(url: string) {
  const response = await fetch(url + BANNER);
  expect(response.status).toBe(200);
  return (await response.json()) as { lab: string; service: string };
}

describe('nest build <project>, then the built entry file', () => {
  jest.setTimeout(90_000);

  it('directory: answers its banner as the vulnerable directory', async () => {
    await build('directory');
    const [url] = await start(
      'apps/directory/src/main',
      { DIRECTORY_PORT: '0', DIRECTORY_DATABASE: join(work, 'directory.sqlite') },
      /directory listening/,
    );
    expect(await banner(url)).toMatchObject({
      lab: 'lastseen-lab',
      service: 'directory',
      variant: 'vulnerable',
    });
  });

  it('isp: answers its banner and RDAP', async () => {
    await build('isp');
    const [url] = await start('apps/isp/src/main', { ISP_PORT: '0' }, /ISP registry listening/);
    expect(await banner(url)).toMatchObject({ lab: 'lastseen-lab', service: 'isp' });
    // The address plan (YAML) must be in dist/ beside the code that loads it.
    expect((await fetch(`${url}/ip/198.51.100.10`)).status).toBe(200);
  });

  it('relay: answers its banner', async () => {
    await build('relay');
    const [url] = await start(
      'apps/relay/src/main',
      { RELAY_PORT: '0', RELAY_MEDIA_PORT: '0', RELAY_SECRET: 'build-test-secret-0123456789abcdef' },
      /relay listening/i,
    );
    expect(await banner(url)).toMatchObject({ lab: 'lastseen-lab', service: 'relay' });
  });

  it('lab: every part it starts answers its banner; the population and the resolver run too', async () => {
    await build('lab');
    const urls = await start(
      'apps/lab/src/main',
      {
        LAB_PORT: '0',
        LAB_VULNERABLE_PORT: '0',
        LAB_FIXED_PORT: '0',
        LAB_ISP_PORT: '0',
        LAB_RELAY_PORT: '0',
        LAB_ISP_FIXED_PORT: '0',
        LAB_DATA_DIR: join(work, 'data'),
        LAB_EXTRA_PERSONAS: '0',
      },
      /lastseen-lab is running/,
    );
    const services = await Promise.all(urls.map(async (url) => (await banner(url)).service));
    expect(new Set(services)).toEqual(new Set(['lab', 'directory', 'isp', 'relay']));

    const vulnerable = urls[services.indexOf('directory')];
    // The standalone population and the resolver are entry files of their own projects.
    await build('peers');
    await start(
      'apps/peers/src/main',
      { PEERS_DIRECTORY_PORT: new URL(vulnerable).port, LAB_CLOCK_START: '06:00' },
      /population online: [1-9]/,
    );
    await build('resolver');
    // The resolver's commands run through nest-commander on Nest 12: carol is at home at 06:00.
    const { stdout } = await run(
      process.execPath,
      [join(out, 'apps/resolver/src/main.js'), 'resolve', 'carol', '--target', vulnerable, '--json'],
      { cwd: ROOT },
    );
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({
      username: 'carol',
      leaked: true,
      publicAddress: '198.51.100.70',
    });
  });
});
