import { Cidr, anyCidrContains, normaliseAddress, parseCidr } from './ipv4';

/**
 * Which addresses belong to the lab. The directory records and discloses only these; anything
 * else (a participant's real address, a stray client) becomes OUTSIDE_LAB, so the lab can never
 * turn into a real resolver even if someone exposes it.
 *
 * Public side, embedded mode: each simulated ISP network is mirrored onto a loopback block that
 * keeps the documentation range's last octets (198.51.100.23 ↔ 127.51.100.23), and every
 * simulated client binds its sockets to its own address there. 127.0.0.1 itself is not a lab
 * address: it is the participant's own machine.
 *
 * Public side, Docker mode: the documentation ranges themselves (RFC 5737), as the lab's Docker
 * networks use them, and the alternate the plan gives TEST-NET-1 for hosts whose LAN it is. The shared CGNAT space (RFC 6598) is only ever a LAN address here: real
 * carrier-grade NAT and VPN overlays use it, so it is never taken for a lab subscriber's public address.
 *
 * LAN side: what clients report about their own network cards — the private ranges (RFC 1918)
 * and, for phones behind carrier-grade NAT, the shared address space.
 */
export const LAB_LOOPBACK_BLOCKS: readonly Cidr[] = [
  '127.0.2.0/24', // mirrors TEST-NET-1 192.0.2.0/24
  '127.51.100.0/24', // mirrors TEST-NET-2 198.51.100.0/24
  '127.0.113.0/24', // mirrors TEST-NET-3 203.0.113.0/24
  '127.19.0.0/16', // mirrors the large-population range 198.19.0.0/16
].map(parseCidr);

export const LAB_NETWORK_BLOCKS: readonly Cidr[] = [
  '192.0.2.0/24',
  '198.51.100.0/24',
  '203.0.113.0/24',
  // The Docker world's alternate for TEST-NET-1 where that is the host's own LAN (the plan's
  // dockerAlternates): part of the benchmarking range of RFC 2544, no real network either.
  '198.18.2.0/24',
  // Large populations (bench/tracking-study: 10,000 users) need more addresses than the three
  // documentation /24s: the upper half of the benchmarking range (RFC 2544), clear of the Docker
  // alternate above. Mirrored on loopback like the others (plan/large-population.yaml).
  '198.19.0.0/16',
].map(parseCidr);

export const LAB_LAN_BLOCKS: readonly Cidr[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10', // a phone behind carrier-grade NAT reports an address from the shared space
].map(parseCidr);

/** Stored and shown in place of any address the lab does not own. */
export const OUTSIDE_LAB = 'outside-lab';

const LAB_PUBLIC_BLOCKS: readonly Cidr[] = [...LAB_LOOPBACK_BLOCKS, ...LAB_NETWORK_BLOCKS];

export function isLabPublicAddress(address: string): boolean {
  return anyCidrContains(LAB_PUBLIC_BLOCKS, address);
}

export function isLabLanAddress(address: string): boolean {
  return anyCidrContains(LAB_LAN_BLOCKS, address);
}

/** The public address as the lab may record it: the address itself, or OUTSIDE_LAB. */
export function labPublicAddressOrPlaceholder(raw: string | undefined | null): string {
  const address = normaliseAddress(raw);
  return address && isLabPublicAddress(address) ? address : OUTSIDE_LAB;
}

/** A reported LAN address as the lab may record it. */
export function labLanAddressOrPlaceholder(raw: string): string {
  const address = normaliseAddress(raw);
  return address && isLabLanAddress(address) ? address : OUTSIDE_LAB;
}
