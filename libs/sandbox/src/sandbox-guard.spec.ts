import { IncomingMessage, ServerResponse, createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { BANNER_PATH, Banner } from '@lab/protocol';
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

  it('refuses a host name before anything else, saying to use an address', () => {
    for (const mode of ['embedded', 'docker'] as const)
      expect(() =>
        checkTargetHost(new URL('http://lab.example:7001'), { mode, routing: () => CONTAINER }),
      ).toThrow(
        'refusing http://lab.example:7001/: "lab.example" is a host name; use a loopback or lab-network address (e.g. 127.0.0.1)',
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

describe('sandbox guard: the banner', () => {
  const directoryBanner: Banner = {
    lab: 'lastseen-lab',
    service: 'directory',
    variant: 'fixed',
    mitigations: ['M1', 'M2', 'M3', 'M4', 'M5', 'M6'],
    version: '0.1.0',
  };
  const servers: { close(): void }[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));

  /** A loopback HTTP service; `paths` records what it was asked for. */
  async function service(answer: (req: IncomingMessage, res: ServerResponse) => void) {
    const paths: string[] = [];
    const server = createHttpServer((req, res) => {
      paths.push(req.url ?? '');
      answer(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({
      close: () => {
        server.close();
        server.closeAllConnections();
      },
    });
    const { port } = server.address() as { port: number };
    return { port, paths };
  }
  const answering = (body: string) => (_req: IncomingMessage, res: ServerResponse) => res.end(body);

  it('accepts the expected lab service, asking for the banner path over http, for http and ws targets alike', async () => {
    const { port, paths } = await service(answering(JSON.stringify(directoryBanner)));
    expect(await checkBanner(new URL(`http://127.0.0.1:${port}/some/where`), 'directory')).toEqual(
      directoryBanner,
    );
    expect(await checkBanner(new URL(`ws://127.0.0.1:${port}`), 'directory')).toEqual(directoryBanner);
    expect(paths).toEqual([BANNER_PATH, BANNER_PATH]);
  });

  it('refuses the lab service of another kind, naming both', async () => {
    const { port } = await service(answering(JSON.stringify({ ...directoryBanner, service: 'relay' })));
    await expect(checkBanner(new URL(`http://127.0.0.1:${port}`), 'directory')).rejects.toThrow(
      new SandboxRefusal(`refusing http://127.0.0.1:${port}: it is the lab's relay, not its directory`),
    );
  });

  it.each([
    ['an answer that is not JSON', 'hello'],
    ['JSON of another lab', JSON.stringify({ ...directoryBanner, lab: 'another-lab' })],
    ['JSON without a lab', JSON.stringify({ service: 'directory' })],
    ['JSON null', 'null'],
  ])('refuses %s', async (_what, body) => {
    const { port } = await service(answering(body));
    await expect(checkBanner(new URL(`http://127.0.0.1:${port}`), 'directory')).rejects.toThrow(
      new SandboxRefusal(
        `refusing http://127.0.0.1:${port}: it does not answer ${BANNER_PATH} as a lastseen-lab service`,
      ),
    );
  });

  it('reads a banner of up to 4 KiB, and refuses a longer answer without reading it all', async () => {
    const padded = (length: number) => {
      const bare = JSON.stringify({ ...directoryBanner, padding: '' });
      return JSON.stringify({ ...directoryBanner, padding: 'x'.repeat(length - bare.length) });
    };
    expect(padded(4096)).toHaveLength(4096);
    const { port } = await service(answering(padded(4096)));
    await expect(checkBanner(new URL(`http://127.0.0.1:${port}`), 'directory')).resolves.toMatchObject(
      directoryBanner,
    );
    const big = await service((_req, res) => res.end(padded(64 * 1024)));
    await expect(checkBanner(new URL(`http://127.0.0.1:${big.port}`), 'directory')).rejects.toThrow(
      `refusing http://127.0.0.1:${big.port}: could not read its lab banner (banner too large)`,
    );
  });

  it('decodes a banner whose characters arrive split across packets', async () => {
    const banner = { ...directoryBanner, variant: 'custom', mitigations: ['M1'], version: 'ünïcödé' };
    const bytes = Buffer.from(JSON.stringify(banner));
    const split = bytes.indexOf(Buffer.from('ü')) + 1; // inside the two bytes of ü
    const { port } = await service((_req, res) => {
      res.write(bytes.subarray(0, split));
      setTimeout(() => res.end(bytes.subarray(split)), 20);
    });
    expect(await checkBanner(new URL(`http://127.0.0.1:${port}`), 'directory')).toEqual(banner);
  });

  it('gives up on a service that does not answer in time, and on one that is not there', async () => {
    const silent = await service(() => undefined);
    await expect(checkBanner(new URL(`http://127.0.0.1:${silent.port}`), 'directory', 100)).rejects.toThrow(
      `refusing http://127.0.0.1:${silent.port}: could not read its lab banner (no answer within 100 ms)`,
    );
    const closed = await service(answering('{}'));
    servers.splice(0).forEach((s) => s.close());
    await expect(checkBanner(new URL(`http://127.0.0.1:${closed.port}`), 'directory')).rejects.toThrow(
      /could not read its lab banner \(connect ECONNREFUSED/,
    );
  });

  it('checks the target before connecting: under an unknown LAB_MODE even a real lab service on loopback is refused', async () => {
    const { port, paths } = await service(answering(JSON.stringify(directoryBanner)));
    const saved = process.env.LAB_MODE;
    try {
      process.env.LAB_MODE = 'dcoker';
      await expect(checkBanner(new URL(`http://127.0.0.1:${port}`), 'directory')).rejects.toThrow(
        /LAB_MODE="dcoker" is not a lab mode/,
      );
      expect(paths).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.LAB_MODE;
      else process.env.LAB_MODE = saved;
    }
    // The control: in the default mode the same service is asked, and accepted.
    await checkBanner(new URL(`http://127.0.0.1:${port}`), 'directory');
    expect(paths).toEqual([BANNER_PATH]);
  });
});
