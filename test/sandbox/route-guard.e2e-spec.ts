import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nestBuild } from '../support/nest-build';
import { BANNER_PATH, LAB_NAME } from '@lab/protocol';

// On the lab's CI machines the interface is 192.0.2.2/24 with the default route via 192.0.2.1:
// the documentation ranges are a real network there. This test rebuilds that situation in a
// private network namespace (a veth whose peer leads nowhere, so no packet can leave the machine),
// runs the real resolver CLI under strace, and reads every connect() it made.

const TOOLS: Record<string, string> = {
  unshare: 'util-linux',
  mount: 'util-linux',
  strace: 'strace',
  ip: 'iproute2',
};
const INSTALL = 'apt-get install -y strace util-linux iproute2';

/** Off-machine targets on such a host: the two routed ranges and the LAN's own gateway. */
const OFF_MACHINE = ['198.51.100.1', '203.0.113.1', '192.0.2.1'];

function missingTools(): string[] {
  return Object.keys(TOOLS).filter(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0,
  );
}

/** The namespace script: the host's routing, a lab banner on loopback, then the attempts. */
const SCRIPT = String.raw`
set -u
out=$1; dist=$2; node=$3
# A container mounts sysfs for its own namespace; so does this one, so the guard sees these
# interfaces (without it every interface here would count as a real network card).
mount -t sysfs sysfs /sys
ip link set lo up
ip link add v0 type veth peer name v1
ip addr add 192.0.2.2/24 dev v0
ip link set v0 up
ip link set v1 up
ip route add default via 192.0.2.1
ip -4 route > "$out/routes-host.txt"

"$node" "$out/banner.js" > "$out/banner.ready" &
server=$!
for _ in $(seq 100); do [ -s "$out/banner.ready" ] && break; sleep 0.1; done

attempt() { # name, LAB_MODE, target
  LAB_MODE=$2 strace -f -qq -e trace=connect -o "$out/$1.trace" \
    timeout 30 "$node" "$dist/apps/resolver/src/main.js" resolve alice --target "$3" \
    > "$out/$1.out" 2> "$out/$1.err"
  echo $? > "$out/$1.rc"
}
for target in ${OFF_MACHINE.join(' ')}; do
  attempt "embedded-$target" embedded "http://$target:7702"
  attempt "docker-$target" docker "http://$target:7702"
done
attempt docker-198.51.100.20 docker http://198.51.100.20:7702
attempt embedded-127.0.0.1 embedded http://127.0.0.1:7702
# Every other way a lab program opens a socket, through the same library code.
for mode in embedded docker; do
  LAB_MODE=$mode strace -f -qq -e trace=connect -o "$out/clients-$mode.trace" \
    timeout 30 "$node" "$out/clients.js" "$dist" > "$out/clients-$mode.json" 2> "$out/clients-$mode.err"
done

# A world's bridge appears (the host side of a Docker network: the bridge holds .1), with a
# container's veth on it holding 198.51.100.20: now the route to it stays on the lab's network.
ip link add br-lab type bridge
ip addr add 198.51.100.1/24 dev br-lab
ip link set br-lab up
ip link add w0 type veth peer name w1
ip link set w0 master br-lab
ip addr add 198.51.100.20/24 dev w1
ip link set w0 up
ip link set w1 up
ip -4 route > "$out/routes-world.txt"
attempt world-docker-198.51.100.20 docker http://198.51.100.20:7702
attempt world-embedded-198.51.100.20 embedded http://198.51.100.20:7702
kill $server
`;

/** A stand-in directory that answers the lab banner (and 404 to everything else). */
const BANNER_SERVER = `
require('node:http')
  .createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === ${JSON.stringify(BANNER_PATH)}) {
      return res.end(JSON.stringify({ lab: ${JSON.stringify(LAB_NAME)}, service: 'directory', variant: 'vulnerable', mitigations: [], version: 'test' }));
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ statusCode: 404, code: 'not_found', message: 'a banner stand-in' }));
  })
  .listen(7702, '0.0.0.0', () => console.log('ready'));
`;

/**
 * The client library's entry points and the resolver's registry lookup, each aimed at every
 * off-machine target, then a banner check on loopback (the positive control). Prints, per call,
 * the error's name and message.
 */
const CLIENTS = `
const dist = process.argv[2];
const { DirectoryClient, PresenceSocket, dialMedia } = require(dist + '/libs/directory-client/src');
const { checkBanner } = require(dist + '/libs/sandbox/src');
const { enrich } = require(dist + '/apps/resolver/src');
const outcome = async (call) => {
  try {
    await call();
    return 'no error';
  } catch (error) {
    return error.name + ': ' + error.message;
  }
};
(async () => {
  const results = {};
  for (const target of ${JSON.stringify(OFF_MACHINE)}) {
    results[target] = {
      directoryClient: await outcome(() => new DirectoryClient({ baseUrl: 'http://' + target + ':7702' }).register('a', 'b')),
      presenceSocket: await outcome(() => new PresenceSocket({ url: 'ws://' + target + ':7702/ws', token: 't' }).opened),
      dialMediaDirect: await outcome(() => dialMedia([{ type: 'srflx', address: target, port: 7702 }])),
      dialMediaRelay: await outcome(() => dialMedia([{ type: 'relay', address: target, port: 7702, token: 'x'.repeat(32) }])),
      checkBanner: await outcome(() => checkBanner(new URL('http://' + target + ':7702'), 'directory')),
      enrich: await outcome(() => enrich('http://' + target + ':7702', '198.51.100.10')),
    };
  }
  results.control = await outcome(() => checkBanner(new URL('http://127.0.0.1:7702'), 'directory'));
  console.log(JSON.stringify(results));
})();
`;

interface Attempt {
  connects: string[];
  stderr: string;
  exitCode: number;
}

describe('the sandbox guard, in a network namespace that reproduces a host on 192.0.2.2/24', () => {
  let work: string;
  /** Every IPv4 or IPv6 address the process (and its threads) called connect() on. */
  const connectsIn = (file: string) =>
    [
      ...readFileSync(join(work, file), 'utf8').matchAll(
        /connect\(.*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")/g,
      ),
    ].map((m) => m[1] ?? m[2]);
  const attempt = (name: string): Attempt => ({
    connects: connectsIn(`${name}.trace`),
    stderr: readFileSync(join(work, `${name}.err`), 'utf8'),
    exitCode: Number(readFileSync(join(work, `${name}.rc`), 'utf8')),
  });

  beforeAll(async () => {
    const missing = missingTools();
    if (missing.length) {
      throw new Error(
        `this test needs ${missing.join(', ')} (packages ${[...new Set(missing.map((t) => TOOLS[t]))].join(', ')}): ` +
          `run "${INSTALL}" (as .ci/run does); it never skips`,
      );
    }
    work = mkdtempSync(join(tmpdir(), 'route-guard-'));
    // The real resolver, built as `npm run build` does, into a directory of its own.
    const dist = await nestBuild('resolver', work);
    writeFileSync(join(work, 'banner.js'), BANNER_SERVER);
    writeFileSync(join(work, 'clients.js'), CLIENTS);
    writeFileSync(join(work, 'namespace.sh'), SCRIPT);
    const run = spawnSync(
      'unshare',
      ['--net', '--mount', 'sh', join(work, 'namespace.sh'), work, dist, process.execPath],
      { encoding: 'utf8', timeout: 240_000 },
    );
    if (run.status !== 0 || !existsSync(join(work, 'world-embedded-198.51.100.20.rc'))) {
      throw new Error(
        `the namespace could not be set up (unshare needs root or CAP_SYS_ADMIN): exit ${run.status}\n${run.stderr}`,
      );
    }
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('reproduces the host: default route via 192.0.2.1 on a 192.0.2.2/24 interface', () => {
    const routes = readFileSync(join(work, 'routes-host.txt'), 'utf8');
    expect(routes).toMatch(/^default via 192\.0\.2\.1 dev v0/m);
    expect(routes).toMatch(/^192\.0\.2\.0\/24 dev v0 .*src 192\.0\.2\.2/m);
  });

  it('sees the connect() of a resolve on loopback, which passes the guard (the positive control)', () => {
    const control = attempt('embedded-127.0.0.1');
    expect(control.connects).toContain('127.0.0.1');
    // It got past the guard and the banner: what stops it is the stand-in's 404, not a refusal.
    expect(control.stderr).not.toMatch(/refused/);
    expect(control.stderr).toMatch(/lastseen-resolver: error: /);
  });

  it.each(OFF_MACHINE)('embedded mode: refuses %s before any connect(), with a clear message', (target) => {
    const { connects, stderr, exitCode } = attempt(`embedded-${target}`);
    expect(connects).not.toContain(target);
    expect(connects).toEqual([]);
    expect(exitCode).toBe(1);
    expect(stderr).toContain(
      `lastseen-resolver: refused: refusing http://${target}:7702/: ${target} is not loopback`,
    );
  });

  it.each(OFF_MACHINE)(
    "Docker mode: refuses %s (a network's gateway, outside the lab) before any connect()",
    (target) => {
      const { connects, stderr, exitCode } = attempt(`docker-${target}`);
      expect(connects).toEqual([]);
      expect(exitCode).toBe(1);
      expect(stderr).toMatch(
        new RegExp(`refused: refusing http://${target.replace(/\./g, '\\.')}:7702/: .*gateway`),
      );
    },
  );

  it.each(['embedded', 'docker'])(
    '%s mode: the client library and the registry lookup refuse every off-machine target before any connect()',
    (mode) => {
      const results = JSON.parse(readFileSync(join(work, `clients-${mode}.json`), 'utf8')) as Record<
        string,
        Record<string, string> | string
      >;
      for (const target of OFF_MACHINE) {
        const calls = results[target] as Record<string, string>;
        expect(Object.keys(calls)).toHaveLength(6);
        for (const [call, outcome] of Object.entries(calls)) {
          expect(`${call}: ${outcome}`).toMatch(
            new RegExp(`^${call}: SandboxRefusal: refusing [a-z]+://${target}:7702`),
          );
        }
      }
      // The banner check on loopback did connect, and strace recorded it: the trace is not blind.
      expect(results.control).toBe('no error');
      const connects = connectsIn(`clients-${mode}.trace`);
      expect(connects).toContain('127.0.0.1');
      for (const target of OFF_MACHINE) expect(connects).not.toContain(target);
    },
  );

  it('Docker mode: refuses a lab address the kernel would send by the default route', () => {
    const { connects, stderr } = attempt('docker-198.51.100.20');
    expect(connects).toEqual([]);
    expect(stderr).toContain('would go by the default route (default via 192.0.2.1 dev v0)');
  });

  it("Docker mode: lets the same address through once its route is a world's bridge, and strace sees it", () => {
    expect(readFileSync(join(work, 'routes-world.txt'), 'utf8')).toMatch(/^198\.51\.100\.0\/24 dev br-lab/m);
    const world = attempt('world-docker-198.51.100.20');
    expect(world.connects).toContain('198.51.100.20');
    expect(world.stderr).not.toMatch(/refused/);
    // …while embedded mode still refuses it: there, only loopback is the lab.
    const embedded = attempt('world-embedded-198.51.100.20');
    expect(embedded.connects).toEqual([]);
    expect(embedded.stderr).toContain('198.51.100.20 is not loopback');
  });
});
