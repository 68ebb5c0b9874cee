import { ConfigError } from '@lab/http-kit';
import { LeaseLog, loadPlan } from '@lab/address-plan';
import { openPreloadedLeases, preloadedLeasesFromEnv } from './preloaded-leases';

const plan = loadPlan();
const env = (value: unknown) => ({ ISP_LEASES: JSON.stringify(value) });

describe('ISP_LEASES: the lease log a Docker world knows in advance', () => {
  it('opens an all-day lease per router and one record per port of a phone’s block', () => {
    const leases = new LeaseLog();
    const opened = openPreloadedLeases(
      leases,
      preloadedLeasesFromEnv(
        plan,
        env([
          { ispId: 'northwind', publicAddress: '198.51.100.70', subscriber: 'Carol (household)' },
          {
            ispId: 'skymobile',
            publicAddress: '192.0.2.5',
            subscriber: 'Alice (mobile)',
            ports: [20000, 20003],
          },
          {
            ispId: 'skymobile',
            publicAddress: '192.0.2.5',
            subscriber: 'Bob (mobile)',
            ports: [20004, 20007],
          },
        ]),
      ),
    );
    expect(opened).toBe(9);
    const now = new Date().toISOString();
    expect(leases.find('northwind', '198.51.100.70', now).map((l) => l.subscriber)).toEqual([
      'Carol (household)',
    ]);
    // Without the port, the carrier's address is every phone's; with it, one phone's.
    expect(new Set(leases.find('skymobile', '192.0.2.5', now).map((l) => l.subscriber)).size).toBe(2);
    expect(leases.find('skymobile', '192.0.2.5', now, 20005).map((l) => l.subscriber)).toEqual([
      'Bob (mobile)',
    ]);
    expect(leases.find('skymobile', '192.0.2.5', now, 20008)).toEqual([]);
  });

  it('is empty when unset', () => {
    expect(preloadedLeasesFromEnv(plan, {})).toEqual([]);
  });

  it.each([
    ['not JSON', '{', /is not JSON/],
    ['not an array', '{}', /must be a JSON array/],
    [
      'an unknown ISP',
      JSON.stringify([{ ispId: 'acme', publicAddress: '192.0.2.5', subscriber: 'x' }]),
      /acme/,
    ],
    [
      'an address of another ISP',
      JSON.stringify([{ ispId: 'northwind', publicAddress: '192.0.2.5', subscriber: 'x' }]),
      /not an address of northwind/,
    ],
    [
      'ports the wrong way round',
      JSON.stringify([{ ispId: 'skymobile', publicAddress: '192.0.2.5', subscriber: 'x', ports: [9, 1] }]),
      /ports must be/,
    ],
  ])('refuses %s, naming ISP_LEASES', (_, text, message) => {
    const attempt = () => preloadedLeasesFromEnv(plan, { ISP_LEASES: text });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });
});
