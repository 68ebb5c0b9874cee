import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadPlan } from '@lab/address-plan';
import { layOut, renderCompose } from '@lab/docker-world';

/** One address plan, two worlds: the committed Compose file is what the plan generates. No Docker needed. */
describe('docker/compose.yaml and the address plan', () => {
  const committed = readFileSync(join(__dirname, '../../docker/compose.yaml'), 'utf8');
  const plan = loadPlan();

  it('is exactly what `npm run docker:compose` generates from the plan', () => {
    expect(committed).toBe(renderCompose(plan));
  });

  it('puts each router on its ISP network at the plan public address, and each device at its plan LAN address', () => {
    const file = parse(committed) as {
      services: Record<string, { networks: Record<string, { ipv4_address: string }> }>;
    };
    const alice = file.services['router-alice-home'].networks;
    expect(alice['isp-northwind-1'].ipv4_address).toBe('198.51.100.10');
    expect(alice['lan-alice-home'].ipv4_address).toBe('192.168.77.254');
    expect(file.services['alice-home'].networks['lan-alice-home'].ipv4_address).toBe('192.168.77.20');
    // TEST-NET-1 can be the host's own LAN: the mobile carrier sits on the plan's Docker alternate.
    expect(file.services['router-skymobile'].networks['isp-skymobile'].ipv4_address).toBe('198.18.2.5');
  });

  it('has a device for every network of every persona, and no subscriber on a gateway', () => {
    const { devices, routers, ispNetworks } = layOut(plan);
    const expected = plan.personas.flatMap((p) =>
      Object.keys(p.networks).map((slot) => `${p.username}-${slot}`),
    );
    expect(devices.map((d) => d.service).sort()).toEqual(expected.sort());
    const gateways = ispNetworks.map((n) => n.subnet.text.replace(/\.\d+\/\d+$/, ''));
    for (const router of routers) expect(router.publicAddress.endsWith('.1')).toBe(false);
    expect(gateways.length).toBeGreaterThan(0);
  });

  it('publishes ports on 127.0.0.1 only; routers keep NET_ADMIN, every other capability serves lab-route-via’s drop', () => {
    const file = parse(committed) as {
      services: Record<
        string,
        { ports?: string[]; cap_drop?: string[]; cap_add?: string[]; entrypoint?: string[] }
      >;
    };
    const ports = Object.values(file.services).flatMap((s) => s.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:/);
    for (const [name, service] of Object.entries(file.services)) {
      expect(service.cap_drop).toEqual(['ALL']);
      if (name.startsWith('router-')) expect(service.cap_add).toEqual(['NET_ADMIN']);
      else if (service.cap_add) expect(service.entrypoint).toContain('lab-route-via');
      // Every container that runs a part of the lab drops Docker's default route first.
      if (!name.startsWith('router-')) expect(service.entrypoint).toContain('lab-route-via');
    }
  });

  it('gives each phone behind the carrier-grade NAT its own port block, and the ISP the same blocks in its lease log', () => {
    const file = parse(committed) as {
      services: Record<string, { command?: string[]; environment?: Record<string, string> }>;
    };
    const { devices } = layOut(plan);
    const phones = devices.filter((d) => d.network.kind === 'mobile');
    expect(phones.length).toBeGreaterThan(1);
    const blocks = phones.map((p) => `${p.lanAddress}=${p.ports![0]}-${p.ports![1]}`);
    expect(file.services['router-skymobile'].command!.slice(3)).toEqual(blocks);
    const leases = JSON.parse(file.services.isp.environment!.ISP_LEASES) as {
      publicAddress: string;
      subscriber: string;
      ports?: [number, number];
    }[];
    for (const phone of phones) {
      expect(leases).toContainEqual(
        expect.objectContaining({ publicAddress: '192.0.2.5', ports: phone.ports }),
      );
    }
    // The blocks do not overlap: one port names one phone.
    const sorted = phones.map((p) => p.ports!).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i][0]).toBeGreaterThan(sorted[i - 1][1]);
  });

  it('seals every network: none masquerades onto the host uplink, and no LAN has a host address', () => {
    const file = parse(committed) as { networks: Record<string, { driver_opts: Record<string, string> }> };
    for (const [name, network] of Object.entries(file.networks)) {
      expect(network.driver_opts['com.docker.network.bridge.enable_ip_masquerade']).toBe('false');
      if (name.startsWith('lan-'))
        expect(network.driver_opts['com.docker.network.bridge.inhibit_ipv4']).toBe('true');
    }
  });
});
