import { isIPv4 } from 'node:net';

/** Small IPv4 helpers: enough to tell lab addresses from everything else, no dependency. */

export interface Cidr {
  readonly text: string;
  readonly base: number;
  readonly bits: number;
}

export function ipv4ToInt(address: string): number {
  const parts = address.split('.');
  return ((+parts[0] << 24) | (+parts[1] << 16) | (+parts[2] << 8) | +parts[3]) >>> 0;
}

export function intToIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function parseCidr(text: string): Cidr {
  const [address, bitsText, ...rest] = text.split('/');
  // Digits only: Number('') is 0, so "198.51.100.0/" would otherwise be the whole internet.
  const bits = rest.length === 0 && /^\d+$/.test(bitsText ?? '') ? Number(bitsText) : NaN;
  if (!isIPv4(address) || !Number.isInteger(bits) || bits > 32) {
    throw new Error(`"${text}" is not an IPv4 CIDR block such as 198.51.100.0/24`);
  }
  return { text, base: (ipv4ToInt(address) & maskOf(bits)) >>> 0, bits };
}

const maskOf = (bits: number) => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);

const containsInt = (cidr: Cidr, value: number) => (value & maskOf(cidr.bits)) >>> 0 === cidr.base;

export function cidrContains(cidr: Cidr, address: string): boolean {
  return isIPv4(address) && containsInt(cidr, ipv4ToInt(address));
}

/**
 * Whether any of the blocks holds the address. The address is checked and parsed once, not once
 * per block: the directory asks this of every request's peer (its log line) and every connection.
 */
export function anyCidrContains(blocks: readonly Cidr[], address: string): boolean {
  if (!isIPv4(address)) return false;
  const value = ipv4ToInt(address);
  return blocks.some((block) => containsInt(block, value));
}

/**
 * Node reports IPv4 peers of a dual-stack socket as `::ffff:a.b.c.d`; the lab speaks plain IPv4.
 * Returns undefined for anything that is not an address.
 */
export function normaliseAddress(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  const address = raw.startsWith('::ffff:') ? raw.slice(7) : raw;
  return isIPv4(address) || address.includes(':') ? address : undefined;
}

export function isLoopback(address: string): boolean {
  return address === '::1' || cidrContains(LOOPBACK, address);
}

const LOOPBACK = parseCidr('127.0.0.0/8');
