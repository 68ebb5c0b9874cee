import { readFileSync, realpathSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { Cidr, cidrContains, intToIpv4, parseCidr } from './ipv4';

/**
 * What the kernel would do with a packet: its IPv4 routes (the main table, as /proc/net/route
 * lists it) and the interfaces with their addresses. Read synchronously, without a helper binary
 * (slim container images have no `ip`), and without sending anything.
 */
export interface KernelRoute {
  iface: string;
  destination: Cidr;
  /** The next hop; undefined for a directly connected network. */
  gateway?: string;
  metric: number;
  /** An unreachable/prohibit/blackhole route: nothing would be sent. */
  reject: boolean;
}

export interface InterfaceAddress {
  address: string;
  /** The network the address is on, e.g. 198.51.100.0/24. */
  subnet: Cidr;
}

export interface NetworkInterface {
  name: string;
  addresses: InterfaceAddress[];
  /**
   * A software interface (bridge, veth, …): Docker's bridges and a container's interfaces are;
   * a machine's own network card is not.
   */
  virtual: boolean;
}

export interface RoutingFacts {
  routes: KernelRoute[];
  interfaces: NetworkInterface[];
}

const RTF_UP = 0x0001;
const RTF_GATEWAY = 0x0002;
const RTF_REJECT = 0x0200;

/** /proc/net/route writes addresses as the hex of their bytes in host (little-endian) order. */
function procAddress(hex: string): string {
  const value = Number.parseInt(hex, 16);
  return [value & 255, (value >>> 8) & 255, (value >>> 16) & 255, value >>> 24].join('.');
}

/** The prefix length of a netmask (the count of its one bits; byte order does not matter). */
function maskBits(maskHex: string): number {
  let value = Number.parseInt(maskHex, 16) >>> 0;
  let bits = 0;
  for (; value; value >>>= 1) bits += value & 1;
  return bits;
}

/** Parses the text of /proc/net/route; routes that are not up are left out. */
export function parseProcRoutes(text: string): KernelRoute[] {
  const routes: KernelRoute[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const [iface, destinationHex, gatewayHex, flagsHex, , , metricText, maskHex] = fields;
    const flags = Number.parseInt(flagsHex, 16);
    if (!(flags & RTF_UP)) continue;
    const destination = procAddress(destinationHex);
    routes.push({
      iface,
      destination: parseCidr(`${destination}/${maskBits(maskHex)}`),
      gateway: flags & RTF_GATEWAY ? procAddress(gatewayHex) : undefined,
      metric: Number(metricText),
      reject: Boolean(flags & RTF_REJECT),
    });
  }
  return routes;
}

/** The route the kernel picks from the main table: longest prefix first, then lowest metric. */
export function lookupRoute(routes: readonly KernelRoute[], address: string): KernelRoute | undefined {
  let best: KernelRoute | undefined;
  for (const route of routes) {
    if (!cidrContains(route.destination, address)) continue;
    if (
      !best ||
      route.destination.bits > best.destination.bits ||
      (route.destination.bits === best.destination.bits && route.metric < best.metric)
    ) {
      best = route;
    }
  }
  return best;
}

export function describeRoute(route: KernelRoute): string {
  const destination = route.destination.bits === 0 ? 'default' : route.destination.text;
  return `${destination}${route.gateway ? ` via ${route.gateway}` : ''} dev ${route.iface}`;
}

function isVirtual(name: string): boolean {
  try {
    return realpathSync(`/sys/class/net/${name}`).includes('/devices/virtual/');
  } catch {
    return false; // unknown: treated as a real card, which is never a lab network
  }
}

/** This machine's routing, as the kernel sees it now. Throws where there is no /proc/net/route. */
export function readRoutingFacts(): RoutingFacts {
  const routes = parseProcRoutes(readFileSync('/proc/net/route', 'utf8'));
  const interfaces = Object.entries(networkInterfaces()).map(([name, entries]) => ({
    name,
    addresses: (entries ?? [])
      .filter((entry) => entry.family === 'IPv4' && entry.cidr)
      .map((entry) => ({ address: entry.address, subnet: networkOf(entry.cidr!) })),
    virtual: isVirtual(name),
  }));
  return { routes, interfaces };
}

/** 198.51.100.7/24 → 198.51.100.0/24. */
export function networkOf(addressWithPrefix: string): Cidr {
  const cidr = parseCidr(addressWithPrefix);
  return parseCidr(`${intToIpv4(cidr.base)}/${cidr.bits}`);
}
