/* eslint-disable @typescript-eslint/no-explicit-any -- the cases edit the parsed YAML tree in place */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { DEFAULT_PLAN_PATH, PlanError, loadPlan, parsePlan } from './load-plan';

const original = () => parse(readFileSync(DEFAULT_PLAN_PATH, 'utf8'));

/** Loads the lab's plan with one change applied; returns the problems it was rejected with. */
function problemsAfter(change: (plan: ReturnType<typeof original>) => void): string[] {
  const plan = original();
  change(plan);
  try {
    parsePlan(stringify(plan), 'test-plan');
  } catch (error) {
    if (error instanceof PlanError) return error.problems;
    throw error;
  }
  return [];
}

describe('the address plan', () => {
  const plan = loadPlan();

  it('loads the lab plan with its five named personas', () => {
    expect(plan.personas.map((p) => p.username)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
    expect(plan.isps.every((isp) => isp.asn >= 64496 && isp.asn <= 64511)).toBe(true);
  });

  it('knows the household on file behind each home line, in any address form, and nobody behind others', () => {
    const plan = loadPlan();
    const line = plan.householdAt('127.51.100.10');
    expect(line?.household).toEqual({
      subscriber: 'Alice Ahlberg',
      street: '12 Lamplighter Lane',
      town: 'Lakeside',
    });
    expect(line?.members.map((p) => p.username)).toEqual(['alice']);
    expect(plan.householdAt('198.51.100.70')?.household.street).toBe('3 Mill Road');
    expect(plan.householdAt('203.0.113.20')).toBeUndefined(); // an office
    expect(plan.householdAt('192.0.2.5')).toBeUndefined(); // the CGNAT
    expect(plan.persona('carol')).toMatchObject({ email: 'carol@mail.example', discoverableByEmail: true });
    expect(plan.persona('alice')).toMatchObject({ email: 'alice@mail.example', discoverableByEmail: false });
  });

  it('translates both ways between simulated and loopback addresses', () => {
    expect(plan.toLoopback('198.51.100.10')).toBe('127.51.100.10');
    expect(plan.toSimulated('127.51.100.10')).toBe('198.51.100.10');
    expect(plan.toLoopback('192.0.2.5')).toBe('127.0.2.5');
    expect(plan.toSimulated('127.0.113.20')).toBe('203.0.113.20');
    expect(plan.toSimulated('127.0.0.1')).toBeUndefined();
    expect(plan.display('::ffff:127.51.100.10')).toBe('198.51.100.10');
  });

  it('moves TEST-NET-1 to its Docker alternate and back, and leaves the other ranges where they are', () => {
    expect(plan.toDocker('192.0.2.5')).toBe('198.18.2.5');
    expect(plan.toDocker('198.51.100.10')).toBe('198.51.100.10');
    expect(plan.dockerSubnet(plan.isps.find((i) => i.id === 'skymobile')!.prefixes[0].cidr).text).toBe(
      '198.18.2.0/28',
    );
    expect(plan.display('198.18.2.5')).toBe('192.0.2.5');
    expect(plan.locate('198.18.2.5')?.isp.id).toBe('skymobile');
  });

  it('finds the ISP and city of an address, and falls back to the default location', () => {
    expect(plan.locate('198.51.100.10')).toMatchObject({
      isp: { name: 'Northwind Broadband', asn: 64496 },
      prefix: { location: { city: 'Lakeside' } },
    });
    expect(plan.locate('127.51.100.10')?.isp.id).toBe('northwind');
    expect(plan.locate('198.51.100.200')?.prefix.location).toMatchObject({
      fallback: true,
      latitude: 38,
      longitude: -97,
    });
    expect(plan.locate('8.8.8.8')).toBeUndefined();
  });

  it('puts each persona where its routine says, at every time of day', () => {
    const alice = plan.persona('alice')!;
    expect(plan.slotAt(alice, 3 * 60)).toBe('home');
    expect(plan.slotAt(alice, 8 * 60)).toBe('mobile');
    expect(plan.slotAt(alice, 12 * 60)).toBe('work');
    expect(plan.slotAt(alice, 23 * 60 + 45)).toBe('offline');
    expect(alice.networks.work?.publicAddress).toBe('203.0.113.20');
  });

  it.each([
    [
      'an ASN outside the documentation range',
      (p: any) => (p.isps[0].asn = 3320),
      /isps\.0\.asn: AS3320 is not a documentation AS number/,
    ],
    [
      'a prefix outside the documentation ranges',
      (p: any) => (p.isps[0].prefixes[0].cidr = '81.2.69.0/24'),
      /isps\.0\.prefixes\.0: 81\.2\.69\.0\/24 is outside every loopbackMirrors range/,
    ],
    [
      'overlapping prefixes',
      (p: any) => (p.isps[1].prefixes[0].cidr = '198.51.100.0/27'),
      /overlaps 198\.51\.100\.0\/26/,
    ],
    [
      'a network outside its ISP',
      (p: any) => (p.networks[0].public = '203.0.113.5'),
      /networks\.0\.public: 203\.0\.113\.5 is not in any prefix of northwind/,
    ],
    [
      'a public LAN range',
      (p: any) => (p.networks[0].lan = '198.51.100.0/24'),
      /networks\.0\.lan: .* is not a private range/,
    ],
    [
      'a missing network',
      (p: any) => (p.personas[0].networks.home = 'nowhere'),
      /personas\.0\.networks\.home: no network "nowhere"/,
    ],
    [
      'a LAN address outside the network',
      (p: any) => (p.personas[0].lan.home = '10.9.9.9'),
      /personas\.0\.lan\.home: 10\.9\.9\.9 is not inside alice-home/,
    ],
    [
      'an unknown contact',
      (p: any) => p.personas[0].contacts.push('zed'),
      /personas\.0\.contacts: no persona "zed"/,
    ],
    [
      'a routine out of order',
      (p: any) => p.personas[0].routine.push({ at: '01:00', on: 'home' }),
      /personas\.0\.routine: times must increase/,
    ],
    [
      'a routine on a network the persona lacks',
      (p: any) => (p.personas[2].routine[1].on = 'work'),
      /personas\.2\.routine\.1\.on: carol has no work network/,
    ],
    [
      'a malformed time',
      (p: any) => (p.personas[0].routine[1].at = '7:40'),
      /personas\.0\.routine\.1\.at: must be a time of day/,
    ],
    ['an unknown field', (p: any) => (p.isps[0].colour = 'blue'), /isps\.0: Unrecognized key/],
    [
      'a household on an office line',
      (p: any) => (p.networks[5].household = { subscriber: 'X', street: 'Y', town: 'Z' }),
      /networks\.5\.household: only a home line/,
    ],
    [
      'an e-mail address outside .example',
      (p: any) => (p.personas[0].email = 'alice@gmail.com'),
      /personas\.0\.email: must be an address at a \.example domain/,
    ],
    [
      'a Docker alternate outside the lab ranges (a real network)',
      (p: any) => (p.dockerAlternates[0].docker = '10.192.2.0/24'),
      /dockerAlternates\.0: 192\.0\.2\.0\/24 and 10\.192\.2\.0\/24 must both be lab networks/,
    ],
    [
      'a loopback mirror the sandbox does not own',
      (p: any) => (p.loopbackMirrors[0].loopback = '127.200.2.0/24'),
      /loopbackMirrors\.0\.loopback: 127\.200\.2\.0\/24 is outside the loopback blocks/,
    ],
    [
      'two networks with one id',
      (p: any) => (p.networks[1].id = p.networks[0].id),
      /networks: two networks share an id/,
    ],
    [
      'a loopback mirror over 127.0.0.1',
      (p: any) => (p.loopbackMirrors[0].loopback = '127.0.0.0/24'),
      /must not contain 127\.0\.0\.1/,
    ],
  ])('rejects %s with a message naming the place', (_name, change, message) => {
    expect(problemsAfter(change).join('\n')).toMatch(message);
  });

  it('names the file and every problem at once', () => {
    expect(() => parsePlan('isps: 3', 'broken.yaml')).toThrow(
      /the address plan broken\.yaml is not valid:\n {2}- /,
    );
    expect(() => parsePlan('a: [', 'broken.yaml')).toThrow(/is not valid YAML/);
    expect(() => loadPlan('/nonexistent/plan.yaml')).toThrow(/cannot be read/);
  });

  it('accepts the plan as shipped (the cases above fail only because of their change)', () => {
    expect(problemsAfter(() => undefined)).toEqual([]);
  });
});
