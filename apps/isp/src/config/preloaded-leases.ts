import type { AddressPlan, LeaseLog } from '@lab/address-plan';
import { ConfigError } from '@lab/http-kit';

/**
 * A lease the ISP knew before it started: the Docker world's routers hold their addresses all day,
 * and its carrier-grade NAT gives each phone a fixed block of source ports (deterministic NAT,
 * RFC 7422), so the whole lease log is known when the world is generated. `ports` is that block.
 */
export interface PreloadedLease {
  ispId: string;
  /** The plan's (simulated) address. */
  publicAddress: string;
  subscriber: string;
  ports?: [number, number];
}

const MAX_PORTS = 65_535;

/** ISP_LEASES: a JSON array of PreloadedLease, checked once at boot. */
export function preloadedLeasesFromEnv(
  plan: AddressPlan,
  env: NodeJS.ProcessEnv = process.env,
): PreloadedLease[] {
  const text = env.ISP_LEASES?.trim();
  if (!text) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError(
      'ISP_LEASES',
      'is not JSON: give an array of { ispId, publicAddress, subscriber, ports? }',
    );
  }
  if (!Array.isArray(value)) throw new ConfigError('ISP_LEASES', 'must be a JSON array');
  let ports = 0;
  return value.map((entry: Partial<PreloadedLease>, i) => {
    const where = `entry ${i + 1}`;
    if (!plan.isps.some((isp) => isp.id === entry?.ispId))
      throw new ConfigError('ISP_LEASES', `${where}: "${String(entry?.ispId)}" is not an ISP of the plan`);
    const located = typeof entry.publicAddress === 'string' ? plan.locate(entry.publicAddress) : undefined;
    if (located?.isp.id !== entry.ispId)
      throw new ConfigError(
        'ISP_LEASES',
        `${where}: ${String(entry.publicAddress)} is not an address of ${entry.ispId}`,
      );
    if (typeof entry.subscriber !== 'string' || !entry.subscriber.trim() || entry.subscriber.length > 200)
      throw new ConfigError('ISP_LEASES', `${where}: subscriber must be a name of 1–200 characters`);
    if (entry.ports !== undefined) {
      const [from, to] = (Array.isArray(entry.ports) ? entry.ports : []) as unknown[];
      if (
        typeof from !== 'number' ||
        typeof to !== 'number' ||
        !Number.isInteger(from) ||
        !Number.isInteger(to) ||
        from < 1 ||
        to > 65535 ||
        from > to
      )
        throw new ConfigError('ISP_LEASES', `${where}: ports must be [first, last], 1–65535`);
      ports += to - from + 1;
      if (ports > MAX_PORTS) throw new ConfigError('ISP_LEASES', `more than ${MAX_PORTS} ports in all`);
    }
    return entry as PreloadedLease;
  });
}

/** Opens the preloaded leases, from a day before `now`, still held: one record per port of a block. */
export function openPreloadedLeases(leases: LeaseLog, preloaded: PreloadedLease[], now = Date.now()): number {
  const start = new Date(now - 24 * 3600_000).toISOString();
  let opened = 0;
  for (const { ispId, publicAddress, subscriber, ports } of preloaded) {
    if (!ports) {
      leases.open({ ispId, publicAddress, subscriber, start });
      opened++;
      continue;
    }
    for (let port = ports[0]; port <= ports[1]; port++, opened++)
      leases.open({ ispId, publicAddress, port, subscriber, start });
  }
  return opened;
}
