import { GenericContainerBuilder } from 'testcontainers';
import { loadPlan } from '@lab/address-plan';
import { layOut } from '@lab/docker-world';
import { ROOT, addressOn, compose, docker, hostProblems, logsOf, runService, waitFor } from './docker-world';

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

  it('L1 under carrier-grade NAT: two phones share one public address; only the port tells them apart', async () => {
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
