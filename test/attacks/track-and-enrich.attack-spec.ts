import { LeaseLog, loadPlan } from '@lab/address-plan';
import { LAB_VERSION } from '@lab/protocol';
import { RunningIsp, startIsp } from '@lab/isp';
import { LabClock, Population } from '@lab/peers';
import { Attacker, enrich, trackUser } from '@lab/resolver';
import { TestDirectory, startTestDirectory } from '../support/lab-harness';

// From an address to an ISP and a city, and from a day of sightings to a home and a workplace.

describe('tracking over a lab day', () => {
  const plan = loadPlan();
  let directory: TestDirectory;
  let isp: RunningIsp;
  let population: Population;
  let clock: LabClock;

  beforeAll(async () => {
    directory = await startTestDirectory([]);
    isp = await startIsp({
      host: '127.0.0.1',
      port: 0,
      plan,
      leases: new LeaseLog(),
      lawfulRequestToken: 'test-token-123',
      logLevel: 'warn',
      version: LAB_VERSION,
    });
    // Lab midnight, 6 lab hours per real second: a lab day in 4 real seconds.
    clock = new LabClock(0, 6 * 3600);
    population = await Population.start({ directoryUrl: directory.url, plan, clock, tickMs: 20 });
  });
  afterAll(async () => {
    await population.stop();
    await isp.close();
    await directory.close();
  });

  it("enrich: the registry names alice's home ISP, its AS number, city and abuse contact", async () => {
    expect(await enrich(isp.url, '198.51.100.10')).toMatchObject({
      found: true,
      isp: 'Northwind Broadband',
      asn: 64496,
      city: 'Lakeside',
      accuracyRadiusKm: 20,
      abuseEmail: 'abuse@northwind.example',
      fallback: false,
    });
    expect(await enrich(isp.url, '198.51.100.200')).toMatchObject({
      found: true,
      fallback: true,
      city: null,
    });
  });

  it("enrich: the ISP's id and the lease-log request for the address, the way the lease log takes them", async () => {
    const home = await enrich(isp.url, '198.51.100.10');
    expect(home).toMatchObject({
      ispId: 'northwind',
      leaseLog: '/isps/northwind/leases?address=198.51.100.10&at=…',
    });
    // The mobile network is behind carrier-grade NAT: its lease log needs the source port too.
    expect(await enrich(isp.url, '192.0.2.5')).toMatchObject({
      ispId: 'skymobile',
      leaseLog: '/isps/skymobile/leases?address=192.0.2.5&at=…&port=…',
    });
    // And that id is the one the lease log answers to (positive control: another id is refused).
    const at = new Date().toISOString();
    const asked = (ispId: string) =>
      fetch(`${isp.url}/isps/${ispId}/leases?address=198.51.100.10&at=${at}`, {
        headers: { authorization: 'Lawful-Request test-token-123' },
      });
    expect((await asked(home.ispId!)).status).not.toBe(404);
    expect((await asked('bluepeak')).status).toBeGreaterThanOrEqual(400);
    expect(await enrich(isp.url, '10.9.9.9')).toMatchObject({ found: false, ispId: null, leaseLog: null });
  });

  it("the timeline finds alice's home and work ISPs", async () => {
    const attacker = await Attacker.connect({ target: directory.url });
    const timeline = await trackUser(attacker, 'alice', {
      durationMs: clock.realMs(24 * 60),
      labMinutes: (realMs) => clock.minutes(realMs),
      enrich: (address) => enrich(isp.url, address),
    });
    await attacker.close();
    expect(timeline.channel).toBe('presence (L2)');
    expect(timeline.home).toEqual({
      publicAddress: '198.51.100.10',
      isp: 'Northwind Broadband',
      city: 'Lakeside',
    });
    expect(timeline.work).toEqual({
      publicAddress: '203.0.113.20',
      isp: 'Metro Business Networks',
      city: 'Harbour City',
    });
    expect(timeline.stays.map((s) => s.publicAddress)).toEqual(expect.arrayContaining(['192.0.2.5']));
  }, 20_000);
});
