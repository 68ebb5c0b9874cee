import { isIPv4, isIPv6 } from 'node:net';
import type { AddressPlan, Isp, Prefix } from '@lab/address-plan';
import { ErrorCode } from '@lab/protocol';
import { isLoopback, normaliseAddress } from '@lab/sandbox';
import { IspError } from './isp-error';

/** A lab address resolved to its owner: always in simulated form (198.51.100.10, not 127.51.100.10). */
export interface LocatedAddress {
  address: string;
  isp: Isp;
  prefix: Prefix;
}

/** An IPv4 address as typed, or a 400 that says what one looks like. */
export function parseAddress(raw: string): string {
  const address = normaliseAddress(raw.trim());
  if (!address || (!isIPv4(address) && !isIPv6(address))) {
    throw new IspError(400, ErrorCode.ValidationFailed, [
      `"${raw.slice(0, 60)}" is not an IP address.`,
      'Write an IPv4 address in dotted form, such as 198.51.100.10.',
    ]);
  }
  return address;
}

/**
 * Finds which ISP and prefix of the plan hold an address. Embedded mode shows addresses in
 * their loopback mirror (127.51.100.10 is 198.51.100.10 on the wire); both forms are accepted.
 * Anything else is outside the lab: this registry must never describe a real network.
 */
export function locateLabAddress(plan: AddressPlan, raw: string): LocatedAddress {
  const given = parseAddress(raw);
  const address = (isIPv4(given) && plan.toSimulated(given)) || given;
  const found = isIPv4(address) ? plan.locate(address) : undefined;
  if (found) return { address, ...found };
  const example = [...plan.networks.values()][0]?.publicAddress ?? '198.51.100.10';
  const why = isLoopback(address)
    ? `${address} is a loopback address outside the lab's mirrors (such as 127.51.100.x): it is this machine, not a lab subscriber.`
    : `${address} is not in the lab's address plan: this registry knows only the lab's simulated ISPs.`;
  throw new IspError(404, ErrorCode.AddressOutsideLab, [
    why,
    `Look up an address a directory leaked, such as ${example} (or its loopback mirror ${plan.toLoopback(example) ?? example}).`,
  ]);
}

/**
 * An ISP of the plan by id, and an address that must be one of its own: what the lease log and the
 * support desk are asked about. Each refusal names the right place to ask.
 */
export function locateInIsp(plan: AddressPlan, ispId: string, raw: string, route: string): LocatedAddress {
  const isp = plan.isps.find((i) => i.id === ispId);
  if (!isp) {
    throw new IspError(404, ErrorCode.IspNotFound, [
      `No ISP "${ispId.slice(0, 40)}" in the lab; the ISPs are ${plan.isps.map((i) => i.id).join(', ')}.`,
      'GET /ip/<address> names the ISP of an address.',
    ]);
  }
  const located = locateLabAddress(plan, raw);
  if (located.isp.id !== isp.id) {
    throw new IspError(404, ErrorCode.AddressNotInIsp, [
      `${located.address} is not an address of ${isp.name}: it belongs to ${located.isp.name}.`,
      `Ask that ISP instead: ${route.replace('{ispId}', located.isp.id)}.`,
    ]);
  }
  return located;
}
