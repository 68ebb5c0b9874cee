import diagnostics from 'node:diagnostics_channel';
import { createServer } from 'node:net';
import WebSocket from 'ws';
import { DirectoryClient, PresenceSocket } from '@lab/directory-client';
import { SandboxRefusal } from '@lab/sandbox';
import { LabUser, TestDirectory, startTestDirectory } from '../support/lab-harness';

// The lab must never become a real resolver: addresses it does not own are never recorded or
// disclosed, and its clients refuse targets outside the lab.

type OpenApi = { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };

describe('the sandbox', () => {
  let directory: TestDirectory;

  beforeAll(async () => (directory = await startTestDirectory([])));
  afterAll(() => directory.close());

  it('records a participant connecting from 127.0.0.1 as "outside-lab", in answers and in logs', async () => {
    const participant = new DirectoryClient({ baseUrl: directory.url, localAddress: '127.0.0.1' });
    await participant.signUp('participant', 'participant-pw-1');
    const socket = await participant.openSocket({ localAddresses: ['192.168.1.10', '81.2.69.160'] });
    expect(socket.welcome).toMatchObject({ observedAddress: 'outside-lab', observedPort: null });

    const mallory = await LabUser.create(directory, 'mallory', '127.0.113.66');
    expect(await mallory.client.lookup('participant')).toMatchObject({
      lastSeenAddress: 'outside-lab',
      lastSeenPort: null,
      localAddresses: ['192.168.1.10', 'outside-lab'],
    });
    // (The Host header names the directory's own address; the participant's appears nowhere.)
    const logs = directory.logs.lines.map((line) => line.replace(/"host":"[^"]*"/, '')).join('\n');
    expect(logs).not.toContain('127.0.0.1');
    expect(logs).not.toContain('81.2.69.160');
    expect(logs).toContain('"remoteAddress":"outside-lab"');
    // …while a lab user's request is logged with the lab address it came from (this log is in clear).
    expect(logs).toContain('"remoteAddress":"127.0.113.66"');
    expect(logs).toContain('"publicAddress":"outside-lab"');
    await socket.close();
    await mallory.close();
    participant.close();
  });

  it('forwards no call candidate with an address the lab does not own', async () => {
    const bob = await LabUser.create(directory, 'bob', '127.51.100.23');
    const mallory = await LabUser.create(directory, 'mallory2', '127.0.113.66');
    await bob.goOnline({ agent: { ringDelayMs: 10_000 } });
    const socket = await mallory.goOnline();
    const callId = await socket.invite('bob');
    const received = bob.socket!.waitFor('call.candidates');
    socket.send('call.candidates', {
      callId,
      candidates: [
        { type: 'srflx', address: '8.8.8.8', port: 3478 },
        { type: 'host', address: '203.0.113.9', port: 1 },
        { type: 'srflx', address: '127.0.113.66', port: 4000 },
      ],
    });
    expect((await received).candidates).toEqual([
      { type: 'srflx', address: 'outside-lab', port: 0 },
      { type: 'host', address: 'outside-lab', port: 0 },
      { type: 'srflx', address: '127.0.113.66', port: 4000 },
    ]);
    socket.send('call.cancel', { callId });
    await bob.close();
    await mallory.close();
  });

  it('refuses a target outside the lab before opening any socket', async () => {
    // Node publishes every client socket it creates on this channel.
    const sockets: unknown[] = [];
    const onSocket = (message: unknown) => sockets.push(message);
    diagnostics.subscribe('net.client.socket', onSocket);
    try {
      expect(() => new DirectoryClient({ baseUrl: 'http://93.184.216.34:7001' })).toThrow(SandboxRefusal);
      expect(() => new DirectoryClient({ baseUrl: 'http://directory.example:7001' })).toThrow(/host name/);
      expect(() => new DirectoryClient({ baseUrl: 'https://127.0.0.1:7001' })).toThrow(SandboxRefusal);
      expect(sockets).toHaveLength(0);
      // The channel does see a real connection: this test could fail.
      await new DirectoryClient({ baseUrl: directory.url }).request('GET', '/healthz');
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      diagnostics.unsubscribe('net.client.socket', onSocket);
    }
  });

  it('keeps every request of a client on its checked directory, and checks a socket URL too', async () => {
    const client = new DirectoryClient({ baseUrl: directory.url });
    await expect(client.request('GET', '//93.184.216.34:80/x')).rejects.toThrow(SandboxRefusal);
    expect(() => new PresenceSocket({ url: 'ws://93.184.216.34:7001/ws', token: 't' })).toThrow(
      SandboxRefusal,
    );
    client.close();
  });

  it('refuses a loopback service that does not answer the lab banner', async () => {
    const impostor = createServer((socket) =>
      socket.end(
        'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n{"lab":"other"}',
      ),
    );
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    const { port } = impostor.address() as { port: number };
    const client = new DirectoryClient({ baseUrl: `http://127.0.0.1:${port}` });
    await expect(client.register('alice', 'alice-password-1')).rejects.toThrow(
      /does not answer \/\.well-known\/lastseen-lab/,
    );
    client.close();
    impostor.close();
  });

  it('answers the banner, which names the variant and its mitigations', async () => {
    const custom = await startTestDirectory(['M3', 'M1']);
    const fixed = await startTestDirectory('all');
    const banner = async (url: string) => (await fetch(`${url}/.well-known/lastseen-lab`)).json();
    expect(await banner(directory.url)).toEqual({
      lab: 'lastseen-lab',
      service: 'directory',
      variant: 'vulnerable',
      mitigations: [],
      version: '0.1.0',
    });
    expect(await banner(custom.url)).toMatchObject({ variant: 'custom', mitigations: ['M1', 'M3'] });
    expect(await banner(fixed.url)).toMatchObject({
      variant: 'fixed',
      mitigations: ['M1', 'M2', 'M3', 'M4', 'M5', 'M6'],
    });

    // The OpenAPI document of a directory with M1 visibly lacks the address fields.
    const profileSchema = async (url: string) =>
      Object.keys(
        ((await (await fetch(`${url}/docs-json`)).json()) as OpenApi).components.schemas.ProfileDto
          .properties,
      );
    expect(await profileSchema(directory.url)).toEqual(
      expect.arrayContaining(['lastSeenAddress', 'localAddresses']),
    );
    expect(await profileSchema(fixed.url)).toEqual(['username', 'displayName', 'online', 'lastSeenAt']);
    expect((await fetch(`${fixed.url}/docs`)).status).toBe(200);
    await custom.close();
    await fixed.close();
  });

  it('closes a WebSocket without a valid token with 4401', async () => {
    const ws = new WebSocket(`${directory.url.replace('http', 'ws')}/ws`, {
      headers: { authorization: 'Bearer nope' },
    });
    const frames: string[] = [];
    ws.on('message', (data) => frames.push(data.toString()));
    const code = await new Promise<number>((resolve) => ws.on('close', resolve));
    expect(code).toBe(4401);
    expect(JSON.parse(frames[0])).toMatchObject({ event: 'error', data: { code: 'unauthorized' } });
  });
});
