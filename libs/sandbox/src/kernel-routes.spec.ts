import { parseCidr } from './ipv4';
import { describeRoute, lookupRoute, networkOf, parseProcRoutes, readRoutingFacts } from './kernel-routes';

// /proc/net/route as a host on 192.0.2.2/24 with its default route via 192.0.2.1 writes it, plus a
// Docker bridge, an unreachable route and a route that is down.
const PROC_NET_ROUTE = [
  'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
  'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0',
  'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
  'br-1a2b\t006433C6\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
  'lo\t007100CB\t00000000\t0201\t0\t0\t0\t80FFFFFF\t0\t0\t0',
  'eth0\t0000000A\t00000000\t0000\t0\t0\t0\t000000FF\t0\t0\t0',
  '',
].join('\n');

describe('kernel routes', () => {
  const routes = parseProcRoutes(PROC_NET_ROUTE);

  it('reads /proc/net/route: destination, prefix, gateway, reject flag; routes that are down are left out', () => {
    expect(routes.map(describeRoute)).toEqual([
      'default via 192.0.2.1 dev eth0',
      '192.0.2.0/24 dev eth0',
      '198.51.100.0/24 dev br-1a2b',
      '203.0.113.0/25 dev lo',
    ]);
    expect(routes.map((r) => r.reject)).toEqual([false, false, false, true]);
  });

  it('picks the longest matching prefix, as the kernel does', () => {
    expect(describeRoute(lookupRoute(routes, '198.51.100.20')!)).toBe('198.51.100.0/24 dev br-1a2b');
    expect(describeRoute(lookupRoute(routes, '192.0.2.50')!)).toBe('192.0.2.0/24 dev eth0');
    expect(describeRoute(lookupRoute(routes, '203.0.113.1')!)).toBe('203.0.113.0/25 dev lo');
    expect(describeRoute(lookupRoute(routes, '203.0.113.200')!)).toBe('default via 192.0.2.1 dev eth0');
    expect(lookupRoute(routes.slice(1), '8.8.8.8')).toBeUndefined();
  });

  it('breaks a tie of prefixes by the lower metric', () => {
    const twice = [
      { iface: 'a', destination: parseCidr('198.51.100.0/24'), metric: 100, reject: false },
      { iface: 'b', destination: parseCidr('198.51.100.0/24'), metric: 10, reject: false },
    ];
    expect(lookupRoute(twice, '198.51.100.9')?.iface).toBe('b');
  });

  it('turns an interface address into its network', () => {
    expect(networkOf('198.51.100.30/24').text).toBe('198.51.100.0/24');
    expect(networkOf('10.20.3.4/16').text).toBe('10.20.0.0/16');
  });

  it('reads this machine: the routes of /proc/net/route, and loopback as a virtual interface with its IPv4 network only', () => {
    const facts = readRoutingFacts();
    expect(facts.routes.length).toBeGreaterThan(0);
    expect(facts.routes.every((route) => route.destination.text.includes('/'))).toBe(true);
    const lo = facts.interfaces.find((i) => i.name === 'lo');
    expect(lo).toEqual({
      name: 'lo',
      addresses: [{ address: '127.0.0.1', subnet: parseCidr('127.0.0.0/8') }],
      virtual: true,
    });
  });
});
