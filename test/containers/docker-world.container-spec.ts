import { createServer } from 'node:net';
import { GenericContainerBuilder } from 'testcontainers';
import { loadPlan } from '@lab/address-plan';
import { layOut } from '@lab/docker-world';
import {
  PROJECT,
  ROOT,
  addressOn,
  compose,
  containerOf,
  docker,
  execIn,
  hostProblems,
  logsOf,
  publishedUrl,
  runService,
  waitFor,
} from './docker-world';

/**
 * The lab in Docker, for real: the image is built, the Compose world started on its Docker
 * networks, and the resolver's attacks run from a container on the café LAN against the
 * directories' containers. Addresses are compared with what Docker really assigned.
 *
 * The world's clock starts at 08:10 and runs in real time, so for the whole test alice and bob are
 * on their phones behind the carrier-grade NAT, while carol, dave and erin are at home.
 */
const IMAGE = 'lastseen-lab:latest';
const plan = loadPlan();
const world = layOut(plan);
const started = Date.now();

interface Resolution {
  username: string;
  leaked: boolean;
  publicAddress: string | null;
  observedAddress: string | null;
  port: number | null;
  localAddresses: string[] | null;
  answer: string;
}

/**
 * The resolver service of the world, with --json: `docker compose run --rm resolver …` as the
 * README has it, started with plain `docker run` from the same service definition (Compose v1
 * takes seconds longer per run on a busy machine).
 */
async function resolver(...args: string[]): Promise<{ stdout: string; results: Resolution[] }> {
  const stdout = await runService('resolver', [...args, '--json']);
  const results = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Resolution);
  return { stdout, results };
}

const fixedTarget = () => {
  const opennet = world.ispNetworks.find((n) => n.ispId === 'opennet')!;
  return `http://${opennet.servers['directory-fixed']}:7002`;
};

/** Every address of every subscriber of the world, as Docker really assigned them. */
async function everySubscriberAddress(): Promise<string[]> {
  const publics = await Promise.all(world.routers.map((r) => addressOn(r.service, r.isp.name)));
  const lans = world.devices.map((d) => d.lanAddress);
  return [...publics, ...publics.map((a) => plan.display(a)), ...lans];
}

const online = (service: string) => async () => logsOf(service);
/** A persona's own account, as the devices create it: a contact of the world, not a stranger. */
const asPersona = (username: string) => ['--user', username, '--password', `${username}-lab-password`];

/** A JSON answer, read loosely: the test asserts on the fields it needs. */
type Json = Record<string, unknown> & { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function getJson(url: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Json };
}
const deviceOnline = (logs: string) => /device: online at/.test(logs);

beforeAll(async () => {
  const problems = hostProblems();
  if (problems.length) throw new Error(`refusing to start the world:\n${problems.join('\n')}`);

  const buildStart = Date.now();
  await new GenericContainerBuilder(ROOT, 'docker/Dockerfile')
    .withCache(true)
    .build(IMAGE, { deleteOnExit: false });
  const size = Number(await docker('image', 'inspect', '-f', '{{.Size}}', IMAGE));
  console.log(
    `image ${IMAGE}: ${(size / 1e6).toFixed(0)} MB, built in ${((Date.now() - buildStart) / 1000).toFixed(0)} s`,
  );

  await compose('down', '-v', '--remove-orphans').catch(() => undefined);
  const upStart = Date.now();
  await compose('up', '-d');
  for (const device of ['carol-home', 'alice-mobile', 'bob-mobile'])
    await waitFor(`${device} online`, online(device), deviceOnline, 5 * 60_000);
  console.log(
    `world up (${world.routers.length} routers, ${world.devices.length} devices) in ${((Date.now() - upStart) / 1000).toFixed(0)} s`,
  );
});

afterAll(async () => {
  await compose('down', '-v', '--remove-orphans', '-t', '5').catch((error: Error) =>
    console.error(error.message),
  );
  console.log(`container suite: ${((Date.now() - started) / 1000).toFixed(0)} s`);
});

describe('the Docker world', () => {
  it('L1 through a home router: the public address is the router’s on its ISP network, the LAN address the device’s own', async () => {
    const routerAddress = await addressOn('router-carol-home', 'isp-northwind-2');
    const deviceAddress = await addressOn('carol-home', 'lan-carol-home');
    expect(routerAddress).toBe('198.51.100.70'); // the plan's public address for carol-home

    const { results } = await resolver('resolve', 'carol');
    expect(results).toHaveLength(1);
    const [carol] = results;
    expect(carol.leaked).toBe(true);
    expect(carol.observedAddress).toBe(routerAddress);
    expect(carol.publicAddress).toBe(routerAddress);
    expect(carol.localAddresses).toEqual([deviceAddress]);
    // The NAT pair, for real: what the directory saw is not what the client reported.
    expect(carol.observedAddress).not.toBe(deviceAddress);
  });

  it('L1 under carrier-grade NAT: two phones share one public address; only the port tells them apart, in the directory and in the carrier’s lease log', async () => {
    const carrierAddress = await addressOn('router-skymobile', 'isp-skymobile');
    const {
      results: [alice],
    } = await resolver('resolve', 'alice');
    const {
      results: [bob],
    } = await resolver('resolve', 'bob');
    expect(alice.observedAddress).toBe(carrierAddress);
    expect(bob.observedAddress).toBe(carrierAddress);
    // The plan's address for the carrier, shown where the Docker world had to move it.
    expect(alice.publicAddress).toBe(plan.display(carrierAddress));
    expect(alice.localAddresses).toEqual([await addressOn('alice-mobile', 'lan-skymobile')]);
    expect(bob.localAddresses).toEqual([await addressOn('bob-mobile', 'lan-skymobile')]);
    expect(alice.port).toEqual(expect.any(Number));
    expect(alice.port).not.toBe(bob.port);

    // The carrier's lease log, asked as a lawful request would ask it.
    const isp = await publishedUrl('isp', 7003);
    const token = 'Lawful-Request lr-docker-world-token';
    const at = new Date().toISOString();
    const ask = async (query: string) => {
      const response = await fetch(`${isp}/isps/skymobile/leases?${query}`, {
        headers: { authorization: token },
      });
      return { status: response.status, body: (await response.json()) as Json };
    };
    // Each phone has its own block of the carrier's ports (deterministic NAT): the port the
    // directory saw falls in the block of the phone that connected.
    const block = (username: string) => world.devices.find((d) => d.service === `${username}-mobile`)!.ports!;
    expect(alice.port).toBeGreaterThanOrEqual(block('alice')[0]);
    expect(alice.port).toBeLessThanOrEqual(block('alice')[1]);
    expect(bob.port).toBeGreaterThanOrEqual(block('bob')[0]);
    expect(bob.port).toBeLessThanOrEqual(block('bob')[1]);

    // Address and time alone: every phone of the carrier held that address then.
    const ambiguous = await ask(`address=${alice.publicAddress}&at=${at}`);
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.body.code).toBe('port_required');
    const phones = world.devices.filter((d) => d.ports).length;
    expect(phones).toBeGreaterThan(1);

    const named = await ask(`address=${alice.publicAddress}&at=${at}&port=${alice.port}`);
    expect(named.status).toBe(200);
    expect(named.body.subscribers.map((s: { subscriber: string }) => s.subscriber)).toEqual([
      'Alice Ahlberg (mobile subscriber alice)',
    ]);
    const other = await ask(`address=${alice.publicAddress}&at=${at}&port=${bob.port}`);
    expect(other.body.subscribers.map((s: { subscriber: string }) => s.subscriber)).toEqual([
      expect.stringContaining('(mobile subscriber bob)'),
    ]);
    // A home router's address needs no port: it names the household.
    const carol = await fetch(`${isp}/isps/northwind/leases?address=198.51.100.70&at=${at}`, {
      headers: { authorization: token },
    }).then((r) => r.json() as Promise<Json>);
    expect(carol.subscribers.map((s: { subscriber: string }) => s.subscriber)).toEqual([
      expect.stringContaining('(household, carol-home)'),
    ]);
  });

  it('the lab API fronts the containers: the shared clock, where each device is, the victims’ views', async () => {
    const lab = await publishedUrl('lab', 7000);
    const status = await getJson(`${lab}/status`);
    expect(status.status).toBe(200);
    expect(status.body.addressing).toBe('docker');
    expect(status.body.labTime).toMatch(/^day 1, 08:[1-5]\d$/);
    const fixed = status.body.directories.find((d: { id: string }) => d.id === 'fixed');
    expect(fixed.url).toMatch(/^http:\/\/203\.0\.113\.\d+:7002$/);
    const carolHome = fixed.population.find((p: { device: string }) => p.device === 'carol.home');
    expect(carolHome).toMatchObject({ username: 'carol', slot: 'home', online: true });

    expect((await getJson(`${lab}/clock`)).body.speed).toBe(1);
    const move = await fetch(`${lab}/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jumpTo: '12:00' }),
    });
    expect(move.status).toBe(409);
    expect((await getJson(`${lab}/directories/fixed/seen/carol`)).status).toBe(200);
    expect((await getJson(`${lab}/directories/fixed/seen/nobody`)).status).toBe(404);
    expect((await getJson(`${lab}/directories/elsewhere/seen/carol`)).status).toBe(404);
  });

  it('M2 and M3 for real: on the fixed directory carol’s contact sees her presence and rings her; the stranger gets nothing', async () => {
    const fixed = ['--target', fixedTarget()];
    // The devices make the plan's contacts mutual on their own, each asking the other.
    const contact = await waitFor(
      'alice and carol to be mutual contacts',
      () => resolver('resolve', 'carol', ...fixed, ...asPersona('alice')),
      ({ results }) => results[0]?.answer === 'found (online)',
      2 * 60_000,
      5000,
    );
    expect(contact.results[0].leaked).toBe(false); // M1: a contact sees presence, not an address
    const stranger = await resolver('resolve', 'carol', ...fixed);
    expect(stranger.results[0].leaked).toBe(false);
    expect(stranger.results[0].answer).not.toMatch(/^found/);
    // The same answer as for someone who does not exist (M2).
    expect((await resolver('resolve', 'no-such-user', ...fixed)).results[0].answer).toBe(
      stranger.results[0].answer,
    );

    const lab = await publishedUrl('lab', 7000);
    const seenBy = async () =>
      (await getJson(`${lab}/directories/fixed/seen/carol`)).body.seen as { from: string; kind: string }[];
    // A contact's call is answered (a device answers its contacts), so the probe's hang-up comes
    // after the answer and the resolver cannot confirm it: that error is the call going through.
    await resolver('probe-call', 'carol', ...fixed, '--wait', '4000', ...asPersona('alice')).catch(
      (error: Error) => {
        if (!/did not confirm the hang-up/.test(error.message)) throw error;
      },
    );
    await resolver('probe-call', 'carol', ...fixed, '--wait', '4000');
    // The contact's call reached carol's device (positive control); the stranger's never did.
    const seen = await waitFor(
      'carol to see alice’s call',
      seenBy,
      (events) => events.some((e) => e.from === 'alice'),
      30_000,
    );
    expect(seen.some((e) => e.from === 'alice' && e.kind === 'ring')).toBe(true);
    expect(seen.some((e) => e.from === 'alice' && e.kind === 'call-answered')).toBe(true);
    expect(seen.filter((e) => e.from === 'mallory')).toEqual([]);
  });

  it('the world is sealed: no route out of any container, and a device cannot reach the host; the lab parts answer', async () => {
    const directory = world.ispNetworks.find((n) => n.name === 'isp-northwind-2')!.servers[
      'directory-vulnerable'
    ];
    // `ip route get` asks the kernel's routing table and sends nothing: the host's own address on
    // its real LAN and an internet address have no route in any container.
    for (const service of ['carol-home', 'router-carol-home', 'directory-vulnerable', 'lab', 'isp']) {
      const { output } = await execIn(service, [
        'sh',
        '-c',
        'for a in 192.0.2.2 9.9.9.9; do ip route get $a >/dev/null 2>&1 && echo "$a routed" || echo "$a unreachable"; done',
      ]);
      expect({ service, output: output.trim() }).toEqual({
        service,
        output: '192.0.2.2 unreachable\n9.9.9.9 unreachable',
      });
    }
    // Positive control: the same question about a lab server is answered, via carol's router.
    const inside = await execIn('carol-home', ['ip', 'route', 'get', directory]);
    expect(inside.code).toBe(0);
    expect(inside.output).toContain(
      `via ${world.routers.find((r) => r.service === 'router-carol-home')!.lanAddress}`,
    );

    // A real connection: the host listens on its own address on carol's ISP network (Docker's
    // gateway, outside the lab); carol's device cannot reach it, but reaches the directory.
    const gateway = world.routers.find((r) => r.service === 'router-carol-home')!.outside;
    const accepted: string[] = [];
    const listener = createServer((socket) => {
      accepted.push(socket.remoteAddress ?? '?');
      socket.destroy();
    });
    await new Promise<void>((resolve, reject) => listener.once('error', reject).listen(0, gateway, resolve));
    const port = (listener.address() as { port: number }).port;
    const connect = (address: string, to: number) =>
      execIn('carol-home', ['timeout', '5', 'bash', '-c', `exec 3<>/dev/tcp/${address}/${to}`]);
    try {
      expect((await connect(directory, 7001)).code).toBe(0);
      expect((await connect(gateway, port)).code).not.toBe(0);
      expect(accepted).toEqual([]);
    } finally {
      listener.close();
    }
  });

  it('the parts run with no capability: the node process of a device and of a server has none, even in its bounding set', async () => {
    for (const service of ['carol-home', 'directory-fixed', 'lab']) {
      const { output } = await execIn(service, [
        'sh',
        '-c',
        'pid=$(cat /proc/1/task/1/children | cut -d" " -f1); cat /proc/$pid/cmdline | tr "\\0" " "; echo; grep -E "^(Uid|Cap(Inh|Prm|Eff|Bnd|Amb)):" /proc/$pid/status',
      ]);
      expect(output).toContain('node');
      for (const cap of ['CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb'])
        expect(output).toMatch(new RegExp(`${cap}:\\s+0000000000000000`));
      expect(output).toMatch(/Uid:\s+1000\s/);
    }
  });

  it('the vulnerable directory killed mid-session comes back from its volume, the population reconnects, the attack works again', async () => {
    const routerAddress = await addressOn('router-carol-home', 'isp-northwind-2');
    // The device prints one such line each time it comes online on a directory.
    const arrivals = (logs: string) => logs.split('"user":"carol","on":"home"').length - 1;
    const before = arrivals(await logsOf('carol-home'));
    await compose('kill', 'directory-vulnerable');
    await compose('start', 'directory-vulnerable');
    // carol's device logs in again with her password: her account came back from the volume.
    await waitFor(
      "carol's device back online",
      online('carol-home'),
      (logs) => arrivals(logs) > before,
      3 * 60_000,
    );
    const { results } = await resolver('resolve', 'carol');
    expect(results[0].leaked).toBe(true);
    expect(results[0].observedAddress).toBe(routerAddress);
  });

  it('a router cut off from its ISP network: its persona goes offline after the presence time-out, and comes back when reconnected', async () => {
    const router = world.routers.find((r) => r.service === 'router-carol-home')!;
    const network = `${PROJECT}_${router.isp.name}`;
    const state = async () => (await resolver('resolve', 'carol')).results[0];
    expect((await state()).answer).toBe('found (online)'); // positive control
    const cutAt = Date.now();
    await docker('network', 'disconnect', network, await containerOf(router.service));
    try {
      // The directory hears no heartbeat (every 10 s) for its presence time-out (30 s).
      await waitFor('carol offline', state, (r) => r.answer === 'found (offline)', 3 * 60_000, 5000);
      console.log(`carol offline ${((Date.now() - cutAt) / 1000).toFixed(0)} s after her router was cut off`);
    } finally {
      await docker(
        'network',
        'connect',
        '--ip',
        router.publicAddress,
        network,
        await containerOf(router.service),
      );
    }
    const back = await waitFor(
      'carol back online',
      state,
      (r) => r.answer === 'found (online)',
      3 * 60_000,
      5000,
    );
    // Nothing lost: the same account, from the same router address, and her contact still sees her.
    expect(back.observedAddress).toBe(router.publicAddress);
    // Her device reconnects to each directory on its own back-off, so the fixed one may hear her later.
    const contact = await waitFor(
      'carol back online for her contact on the fixed directory',
      async () =>
        (await resolver('resolve', 'carol', '--target', fixedTarget(), ...asPersona('alice'))).results[0],
      (r) => r.answer === 'found (online)',
      2 * 60_000,
      5000,
    );
    expect(contact.answer).toBe('found (online)');
  });

  it('the fixed directory leaks no address of anyone; the vulnerable one, asked the same, does', async () => {
    const addresses = await everySubscriberAddress();
    const vulnerable = await resolver('resolve', 'carol');
    expect(addresses.filter((a) => vulnerable.stdout.includes(a)).length).toBeGreaterThan(0); // positive control

    for (const username of ['carol', 'alice']) {
      const fixed = await resolver('resolve', username, '--target', fixedTarget());
      expect(fixed.results).toHaveLength(1);
      expect(fixed.results[0].leaked).toBe(false);
      expect(addresses.filter((a) => fixed.stdout.includes(a))).toEqual([]);
    }
  });
});
