import { parseCidr } from '@lab/sandbox';
import { hostCollisions, parseProcNetRoute } from './host-networks';

// /proc/net/route of a host like this project's CI: eth0 is 192.0.2.2/24, default via 192.0.2.1.
const CI_HOST = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
`;

describe('host networks', () => {
  const routes = parseProcNetRoute(CI_HOST);

  it('reads the kernel route table', () => {
    expect(routes.map((r) => [r.iface, r.destination.text, r.gateway])).toEqual([
      ['eth0', '0.0.0.0/0', '192.0.2.1'],
      ['docker0', '172.17.0.0/16', undefined],
      ['eth0', '192.0.2.0/24', undefined],
    ]);
  });

  it('refuses a world network on the host LAN, naming the range and the host network', () => {
    expect(hostCollisions([{ name: 'isp-skymobile', subnet: parseCidr('192.0.2.0/28') }], routes)).toEqual([
      "isp-skymobile (192.0.2.0/28) holds the host's default gateway 192.0.2.1 (via eth0)",
      "isp-skymobile (192.0.2.0/28) overlaps the host's network 192.0.2.0/24 on eth0",
    ]);
  });

  it('lets the alternate and the other documentation ranges through, and leaves Docker its own bridges', () => {
    const subnets = ['198.18.2.0/28', '198.51.100.0/26', '203.0.113.128/25', '172.17.5.0/24'].map((s) => ({
      name: s,
      subnet: parseCidr(s),
    }));
    expect(hostCollisions(subnets, routes)).toEqual([]);
  });
});
