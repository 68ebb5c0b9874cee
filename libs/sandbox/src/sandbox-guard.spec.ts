import { createServer } from 'node:net';
import { parseCidr } from './ipv4';
import { RoutingFacts } from './kernel-routes';
import { SandboxRefusal, checkBanner, checkTargetHost } from './sandbox-guard';

/** A container of the Docker world on the ISP network 198.51.100.0/24 (Docker's gateway: .1). */
const CONTAINER: RoutingFacts = {
  routes: [
    { iface: 'eth0', destination: parseCidr('0.0.0.0/0'), gateway: '198.51.100.1', metric: 0, reject: false },
    { iface: 'eth0', destination: parseCidr('198.51.100.0/24'), metric: 0, reject: false },
  ],
  interfaces: [
    {
      name: 'eth0',
      addresses: [{ address: '198.51.100.30', subnet: parseCidr('198.51.100.0/24') }],
      virtual: true,
    },
  ],
};

describe('sandbox guard', () => {
  const never = () => {
    throw new Error('embedded mode must not need the routing table');
  };

  it.each(['http://127.0.0.1:7001', 'http://localhost:7001', 'http://[::1]:7001', 'ws://127.51.100.9:1'])(
    'lets %s through the host check in either mode',
    (url) => {
      expect(() => checkTargetHost(new URL(url), { mode: 'embedded', routing: never })).not.toThrow();
      expect(() => checkTargetHost(new URL(url), { mode: 'docker', routing: () => CONTAINER })).not.toThrow();
    },
  );

  it.each([
    'http://93.184.216.34',
    'http://example.com',
    'https://127.0.0.1',
    'http://10.0.0.1',
    'http://192.168.1.1',
    'http://[2001:db8::1]',
  ])('refuses %s in either mode', (url) => {
    expect(() => checkTargetHost(new URL(url), { mode: 'embedded' })).toThrow(SandboxRefusal);
    expect(() => checkTargetHost(new URL(url), { mode: 'docker', routing: () => CONTAINER })).toThrow(
      SandboxRefusal,
    );
  });

  it('refuses a lab network address in embedded mode, without reading a route: there only loopback is the lab', () => {
    expect(() =>
      checkTargetHost(new URL('http://198.51.100.20:7001'), { mode: 'embedded', routing: never }),
    ).toThrow('refusing http://198.51.100.20:7001/: 198.51.100.20 is not loopback');
  });

  it('lets a lab address through in Docker mode when its route stays on the lab network, and not its gateway', () => {
    const docker = { mode: 'docker' as const, routing: () => CONTAINER };
    expect(() => checkTargetHost(new URL('http://198.51.100.20:7001'), docker)).not.toThrow();
    expect(() => checkTargetHost(new URL('http://198.51.100.1:7001'), docker)).toThrow(
      /gateway of 198\.51\.100\.0\/24/,
    );
    expect(() => checkTargetHost(new URL('http://203.0.113.20:7001'), docker)).toThrow(
      /203\.0\.113\.20 would go by the default route \(default via 198\.51\.100\.1 dev eth0\)/,
    );
  });

  it('refuses in Docker mode when the routes cannot be read', () => {
    const unreadable = () => {
      throw new Error("ENOENT: no such file or directory, open '/proc/net/route'");
    };
    expect(() =>
      checkTargetHost(new URL('http://198.51.100.20'), { mode: 'docker', routing: unreadable }),
    ).toThrow(/cannot read the kernel's routes \(ENOENT/);
  });

  it('takes the mode from LAB_MODE, and refuses everything under a value it does not know', () => {
    const saved = process.env.LAB_MODE;
    try {
      process.env.LAB_MODE = 'dcoker';
      expect(() => checkTargetHost(new URL('http://127.0.0.1:7001'))).toThrow(
        /LAB_MODE="dcoker" is not a lab mode/,
      );
      process.env.LAB_MODE = 'embedded';
      expect(() => checkTargetHost(new URL('http://127.0.0.1:7001'))).not.toThrow();
      expect(() => checkTargetHost(new URL('http://198.51.100.20:7001'))).toThrow(/is not loopback/);
    } finally {
      if (saved === undefined) delete process.env.LAB_MODE;
      else process.env.LAB_MODE = saved;
    }
  });

  it('refuses a loopback service that does not answer the lab banner', async () => {
    const server = createServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await expect(checkBanner(new URL(`http://127.0.0.1:${port}`), 'directory')).rejects.toThrow(
      /lab banner|does not answer/,
    );
    server.close();
  });
});
