import { parseCidr } from './ipv4';
import { KernelRoute, NetworkInterface, RoutingFacts, networkOf } from './kernel-routes';
import { checkLabRoute } from './route-check';

const route = (iface: string, destination: string, gateway?: string, reject = false): KernelRoute => ({
  iface,
  destination: parseCidr(destination),
  gateway,
  metric: 0,
  reject,
});
const iface = (name: string, addressWithPrefix: string, virtual = true): NetworkInterface => ({
  name,
  addresses: [{ address: addressWithPrefix.split('/')[0], subnet: networkOf(addressWithPrefix) }],
  virtual,
});

/** The CI machine: a network card on 192.0.2.2/24, the default route via 192.0.2.1. */
const HOST: RoutingFacts = {
  routes: [route('eth0', '0.0.0.0/0', '192.0.2.1'), route('eth0', '192.0.2.0/24')],
  interfaces: [iface('eth0', '192.0.2.2/24', false)],
};
/** The same host once the Docker world runs: a bridge per ISP network, holding its gateway .1. */
const HOST_WITH_WORLD: RoutingFacts = {
  routes: [...HOST.routes, route('br-isp', '198.51.100.0/24'), route('br-home', '192.168.77.0/24')],
  interfaces: [...HOST.interfaces, iface('br-isp', '198.51.100.1/24'), iface('br-home', '192.168.77.1/24')],
};
/** A container on the ISP network (Docker gives it a default route via the host, .1). */
const CONTAINER: RoutingFacts = {
  routes: [route('eth0', '0.0.0.0/0', '198.51.100.1'), route('eth0', '198.51.100.0/24')],
  interfaces: [iface('eth0', '198.51.100.30/24')],
};
/** A home client: its LAN, routes to the ISP networks via the NAT router (.2), Docker's default left. */
const HOME_CLIENT: RoutingFacts = {
  routes: [
    route('eth0', '0.0.0.0/0', '192.168.77.1'),
    route('eth0', '192.168.77.0/24'),
    route('eth0', '198.51.100.0/24', '192.168.77.2'),
    route('eth0', '203.0.113.0/24', '192.168.77.2'),
  ],
  interfaces: [iface('eth0', '192.168.77.20/24')],
};

const verdict = (address: string, facts: RoutingFacts) => {
  const result = checkLabRoute(address, facts);
  return result.allowed ? `allowed: ${result.route}` : `refused: ${result.reason}`;
};

describe('the route check (Docker mode)', () => {
  it.each([
    ['198.51.100.20', /would go by the default route \(default via 192\.0\.2\.1 dev eth0\)/],
    ['203.0.113.20', /would go by the default route/],
    ['192.0.2.50', /leaves through eth0, a network card of this machine/],
    ['192.0.2.1', /192\.0\.2\.1 is the gateway of 192\.0\.2\.0\/24/],
    ['198.51.100.1', /is the gateway of 198\.51\.100\.0\/24/],
    ['203.0.113.1', /is the gateway of 203\.0\.113\.0\/24/],
    ['8.8.8.8', /8\.8\.8\.8 is not on a lab network/],
  ])('on a host whose own network is 192.0.2.0/24, refuses %s', (address, reason) => {
    expect(verdict(address, HOST)).toMatch(reason);
  });

  it("on that host, lets through an address on one of the world's bridges, and only there", () => {
    expect(verdict('198.51.100.20', HOST_WITH_WORLD)).toBe('allowed: 198.51.100.0/24 dev br-isp');
    expect(verdict('203.0.113.20', HOST_WITH_WORLD)).toMatch(/default route/);
    expect(verdict('192.0.2.50', HOST_WITH_WORLD)).toMatch(/network card/);
  });

  it('inside a container of the world, lets through its own network and refuses what goes by the host', () => {
    expect(verdict('198.51.100.20', CONTAINER)).toBe('allowed: 198.51.100.0/24 dev eth0');
    expect(verdict('198.51.100.254', CONTAINER)).toBe('allowed: 198.51.100.0/24 dev eth0');
    expect(verdict('203.0.113.20', CONTAINER)).toMatch(
      /default route \(default via 198\.51\.100\.1 dev eth0\)/,
    );
    expect(verdict('198.51.100.1', CONTAINER)).toMatch(/gateway/);
  });

  it('from a home network, lets through the ISP networks via the lab router, never via Docker’s gateway', () => {
    expect(verdict('198.51.100.20', HOME_CLIENT)).toBe('allowed: 198.51.100.0/24 via 192.168.77.2 dev eth0');
    expect(verdict('203.0.113.20', HOME_CLIENT)).toBe('allowed: 203.0.113.0/24 via 192.168.77.2 dev eth0');
    expect(verdict('192.0.2.5', HOME_CLIENT)).toMatch(
      /default route \(default via 192\.168\.77\.1 dev eth0\)/,
    );
    const viaHost = {
      ...HOME_CLIENT,
      routes: [route('eth0', '198.51.100.0/24', '192.168.77.1'), ...HOME_CLIENT.routes],
    };
    expect(verdict('198.51.100.20', viaHost)).toMatch(
      /goes through 192\.168\.77\.1, a network's gateway \(the host\)/,
    );
    const viaIspGateway = {
      ...CONTAINER,
      routes: [route('eth0', '203.0.113.0/24', '198.51.100.1'), ...CONTAINER.routes],
    };
    expect(verdict('203.0.113.20', viaIspGateway)).toMatch(
      /goes through 198\.51\.100\.1, a network's gateway/,
    );
  });

  it('refuses a route via a router on no network of the interface', () => {
    const stray = {
      ...HOME_CLIENT,
      routes: [route('eth0', '198.51.100.0/24', '172.31.0.9'), ...HOME_CLIENT.routes],
    };
    expect(verdict('198.51.100.20', stray)).toMatch(
      /goes through 172\.31\.0\.9, which is on no lab network of eth0/,
    );
  });

  it('refuses a route wider than a lab network, even on a software interface', () => {
    const wide: RoutingFacts = {
      routes: [route('tun0', '192.0.0.0/8')],
      interfaces: [iface('tun0', '192.0.2.9/24')],
    };
    expect(verdict('192.0.2.20', wide)).toMatch(
      /\(192\.0\.0\.0\/8 dev tun0\) is not a route to a lab network/,
    );
  });

  it('refuses a lab route on an interface with no address on that network (a tunnel that carries it)', () => {
    const tunnel: RoutingFacts = {
      routes: [route('tun0', '198.51.100.0/24')],
      interfaces: [iface('tun0', '10.8.0.2/24')],
    };
    expect(verdict('198.51.100.20', tunnel)).toMatch(/is on no lab network this machine has an address on/);
  });

  it('refuses when there is no route, a reject route, or an interface it cannot see', () => {
    expect(verdict('198.51.100.20', { routes: [], interfaces: [] })).toMatch(/no route to 198\.51\.100\.20/);
    const unreachable = {
      ...CONTAINER,
      routes: [route('lo', '198.51.100.0/25', undefined, true), ...CONTAINER.routes],
    };
    expect(verdict('198.51.100.20', unreachable)).toMatch(/rejects it/);
    expect(verdict('198.51.100.20', { ...CONTAINER, interfaces: [] })).toMatch(/network card/);
  });

  it('refuses the gateway of a smaller Docker network inside a lab range', () => {
    const small: RoutingFacts = {
      routes: [route('eth0', '198.51.100.64/26')],
      interfaces: [iface('eth0', '198.51.100.70/26')],
    };
    expect(verdict('198.51.100.80', small)).toBe('allowed: 198.51.100.64/26 dev eth0');
    expect(verdict('198.51.100.65', small)).toMatch(
      /198\.51\.100\.65 is the gateway of 198\.51\.100\.64\/26/,
    );
  });
});
