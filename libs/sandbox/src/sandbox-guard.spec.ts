import { createServer } from 'node:net';
import { SandboxRefusal, checkBanner, checkTargetHost } from './sandbox-guard';

describe('sandbox guard', () => {
  it.each([
    'http://127.0.0.1:7001',
    'http://localhost:7001',
    'http://[::1]:7001',
    'ws://127.51.100.9:1',
    'http://198.51.100.20',
  ])('lets %s through the host check', (url) => {
    expect(() => checkTargetHost(new URL(url))).not.toThrow();
  });

  it.each([
    'http://93.184.216.34',
    'http://example.com',
    'https://127.0.0.1',
    'http://10.0.0.1',
    'http://192.168.1.1',
  ])('refuses %s', (url) => {
    expect(() => checkTargetHost(new URL(url))).toThrow(SandboxRefusal);
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
