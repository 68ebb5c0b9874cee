import { readFileSync } from 'node:fs';
import { Cidr, cidrContains, intToIpv4 } from '@lab/sandbox';

/** One route of the host's main table, as /proc/net/route lists it. */
export interface HostRoute {
  iface: string;
  destination: Cidr;
  gateway?: string;
}

/** /proc/net/route holds addresses as little-endian hex. */
const fromHex = (hex: string) => {
  const n = parseInt(hex, 16);
  return intToIpv4(
    (((n & 255) << 24) | (((n >>> 8) & 255) << 16) | (((n >>> 16) & 255) << 8) | (n >>> 24)) >>> 0,
  );
};
const bitsOf = (mask: string) =>
  [...fromHex(mask).split('.')].reduce((bits, o) => bits + Number(o).toString(2).split('1').length - 1, 0);

export function parseProcNetRoute(text: string): HostRoute[] {
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 8)
    .map(([iface, destination, gateway, , , , , mask]) => {
      const bits = bitsOf(mask);
      const base = fromHex(destination);
      const via = fromHex(gateway);
      return {
        iface,
        destination: { text: `${base}/${bits}`, base: parseCidrBase(base), bits },
        gateway: via === '0.0.0.0' ? undefined : via,
      };
    });
}

const parseCidrBase = (address: string) =>
  address.split('.').reduce((n, o) => ((n << 8) | Number(o)) >>> 0, 0);

export function readHostRoutes(path = '/proc/net/route'): HostRoute[] {
  return parseProcNetRoute(readFileSync(path, 'utf8'));
}

/** Docker's own bridges: a clash with one of them Docker reports itself, and the world's own are there once it is up. */
const isDockerBridge = (iface: string) => iface === 'docker0' || iface.startsWith('br-');

const overlaps = (a: Cidr, b: Cidr) =>
  cidrContains(a, intToIpv4(b.base)) || cidrContains(b, intToIpv4(a.base));

/**
 * Which of the world's subnets would collide with the host's own networks: one that overlaps a
 * network the host is on or routes to (other than by its default route), or one that holds the
 * host's default gateway. Docker would create such a network without complaint and capture the
 * host's traffic (on a host whose LAN is 192.0.2.0/24, its bridge would take the gateway 192.0.2.1).
 */
export function hostCollisions(subnets: { name: string; subnet: Cidr }[], routes: HostRoute[]): string[] {
  const problems: string[] = [];
  for (const { name, subnet } of subnets) {
    for (const route of routes) {
      if (isDockerBridge(route.iface)) continue;
      if (route.destination.bits === 0) {
        if (route.gateway && cidrContains(subnet, route.gateway))
          problems.push(
            `${name} (${subnet.text}) holds the host's default gateway ${route.gateway} (via ${route.iface})`,
          );
      } else if (overlaps(subnet, route.destination)) {
        problems.push(
          `${name} (${subnet.text}) overlaps the host's network ${route.destination.text} on ${route.iface}`,
        );
      }
    }
  }
  return problems;
}
