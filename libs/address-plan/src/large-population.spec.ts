import { cidrContains, isLabPublicAddress, parseCidr } from '@lab/sandbox';
import { LARGE_POPULATION_PLAN_PATH, loadPlan } from './load-plan';
import { generatePersonas } from './population';

describe('the large-population plan (bench/tracking-study)', () => {
  const plan = loadPlan(LARGE_POPULATION_PLAN_PATH);
  const users = generatePersonas(plan, 10_000, 2011);
  const range = parseCidr('198.19.0.0/16');
  const dockerAlternate = parseCidr('198.18.2.0/24');

  it('gives 10,000 users a home address of their own, inside 198.19.0.0/16', () => {
    const homes = users.map((u) => u.networks.home?.publicAddress);
    expect(homes.every((a) => a !== undefined && cidrContains(range, a))).toBe(true);
    expect(new Set(homes).size).toBe(10_000);
  });

  it('stays clear of the Docker alternate of TEST-NET-1 and of each network gateway (.0.1)', () => {
    const all = users.flatMap((u) => Object.values(u.networks).map((n) => n!.publicAddress));
    expect(all.some((a) => cidrContains(dockerAlternate, a))).toBe(false);
    expect(all).not.toContain('198.19.0.1');
    // Positive control: the check above does see addresses of the range.
    expect(all.some((a) => cidrContains(range, a))).toBe(true);
  });

  it('mirrors every address on 127.19.0.0/16, keeping the last two octets, and both are lab addresses', () => {
    expect(plan.toLoopback('198.19.7.42')).toBe('127.19.7.42');
    expect(plan.toSimulated('127.19.7.42')).toBe('198.19.7.42');
    const home = users[9_999].networks.home!;
    expect(isLabPublicAddress(home.publicAddress) && isLabPublicAddress(home.loopbackAddress)).toBe(true);
  });

  it('locates each kind of network at its ISP and city', () => {
    expect(plan.locate('198.19.0.10')?.isp.id).toBe('riverside-cable');
    expect(plan.locate('198.19.208.10')?.prefix.location.city).toBe('Old Mill');
    expect(plan.locate('198.19.240.5')?.prefix.kind).toBe('cgnat');
  });
});
