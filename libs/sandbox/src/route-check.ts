import { Cidr, cidrContains, intToIpv4 } from './ipv4';
import { InterfaceAddress, KernelRoute, RoutingFacts, describeRoute, lookupRoute } from './kernel-routes';
import { LAB_LAN_BLOCKS, LAB_NETWORK_BLOCKS } from './lab-addresses';

/**
 * Docker mode's question: would a packet to this address stay on the lab's own networks?
 *
 * An address range alone cannot tell: on some hosts the documentation ranges are the real LAN or
 * are routed off the machine. So the guard asks the kernel's routing table which route it would
 * take, and lets the target through only when that route is
 * - a route to (part of) a lab network — never the default route, never a wider one;
 * - out of a software interface (a Docker bridge on the host, a container's veth inside the
 *   world) — never a machine's own network card;
 * - either directly onto a lab network that interface has an address on, or via a lab router
 *   on such a network — never via a network's `.1`, which Docker gives the host (the host would
 *   forward the packet off the machine).
 * A network's `.1` is never a target either: in the Docker world it is the host, outside the lab.
 */
export type RouteVerdict = { allowed: true; route: string } | { allowed: false; reason: string };

const within = (inner: Cidr, outer: Cidr) =>
  inner.bits >= outer.bits && cidrContains(outer, intToIpv4(inner.base));

/** The address Docker keeps for a network's gateway: the first one. */
export const gatewayAddressOf = (network: Cidr) => intToIpv4(network.base + 1);

const isLabNetwork = (subnet: Cidr) => LAB_NETWORK_BLOCKS.some((block) => within(subnet, block));
const isLabOrLanNetwork = (subnet: Cidr) =>
  isLabNetwork(subnet) || LAB_LAN_BLOCKS.some((block) => within(subnet, block));

const refuse = (reason: string): RouteVerdict => ({ allowed: false, reason });
const allow = (route: string): RouteVerdict => ({ allowed: true, route });

export function checkLabRoute(address: string, facts: RoutingFacts): RouteVerdict {
  const block = LAB_NETWORK_BLOCKS.find((b) => cidrContains(b, address));
  if (!block) {
    return refuse(`${address} is not on a lab network (${LAB_NETWORK_BLOCKS.map((b) => b.text).join(', ')})`);
  }
  if (address === gatewayAddressOf(block)) {
    return refuse(`${address} is the gateway of ${block.text}, which in the Docker world is the host`);
  }
  const route = lookupRoute(facts.routes, address);
  if (!route) return refuse(`the kernel has no route to ${address}`);
  const shown = describeRoute(route);
  if (route.reject) return refuse(`the kernel's route to ${address} (${shown}) rejects it`);
  if (route.destination.bits === 0) {
    return refuse(`${address} would go by the default route (${shown}), off the lab's networks`);
  }
  if (!isLabNetwork(route.destination)) {
    return refuse(`the route to ${address} (${shown}) is not a route to a lab network`);
  }
  const iface = facts.interfaces.find((i) => i.name === route.iface);
  if (!iface?.virtual) {
    return refuse(
      `the route to ${address} (${shown}) leaves through ${route.iface}, a network card of this machine ` +
        "(the lab's networks are Docker bridges and container interfaces)",
    );
  }
  return route.gateway
    ? viaRouter(address, route, iface.addresses, shown)
    : onLink(address, iface.addresses, shown);
}

/** A directly connected route: the target must be on a lab network this interface is on. */
function onLink(address: string, addresses: readonly InterfaceAddress[], shown: string): RouteVerdict {
  const on = addresses.find((a) => cidrContains(a.subnet, address) && isLabNetwork(a.subnet));
  if (!on)
    return refuse(`the route to ${address} (${shown}) is on no lab network this machine has an address on`);
  if (address === gatewayAddressOf(on.subnet)) {
    return refuse(`${address} is the gateway of ${on.subnet.text}, which in the Docker world is the host`);
  }
  return allow(shown);
}

/** A route via a next hop: it must be a lab router on a lab (or home) network of this interface. */
function viaRouter(
  address: string,
  route: KernelRoute,
  addresses: readonly InterfaceAddress[],
  shown: string,
): RouteVerdict {
  const gateway = route.gateway!;
  const on = addresses.find((a) => cidrContains(a.subnet, gateway) && isLabOrLanNetwork(a.subnet));
  if (!on) {
    return refuse(
      `the route to ${address} (${shown}) goes through ${gateway}, which is on no lab network of ${route.iface}`,
    );
  }
  const dockerGateways = [gatewayAddressOf(on.subnet), ...LAB_NETWORK_BLOCKS.map(gatewayAddressOf)];
  if (dockerGateways.includes(gateway)) {
    return refuse(
      `the route to ${address} (${shown}) goes through ${gateway}, a network's gateway (the host), not a lab router`,
    );
  }
  return allow(shown);
}
