import { Socket, connect } from 'node:net';
import { RelayAllocation } from '@lab/protocol';
import { MEDIA_TEST_BYTES, dialMedia, echo, sendAndCheckEcho } from '@lab/directory-client';
import { TestRelay, eventually, sleep, startTestRelay } from '../support/lab-harness';

// The relay of M4: only the directory may allocate; each party connects with its own token; the
// stream arrives intact, and neither party's socket ever shows anything but the relay's address.

const ALICE = '127.0.113.66';
const BOB = '127.51.100.23';

describe('relay', () => {
  let relay: TestRelay;
  const sockets: Socket[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await relay.close();
  });

  function allocate(authorization?: string, body: unknown = { callId: 'c-1' }) {
    return fetch(`${relay.url}/allocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
  }

  async function allocation(): Promise<RelayAllocation> {
    const response = await allocate(`Relay ${relay.options.secret}`);
    expect(response.status).toBe(201);
    return (await response.json()) as RelayAllocation;
  }

  /** Opens a raw media connection from `from`, sends `line`, and resolves with the relay's first line. */
  function rawLine(line: string | Buffer, from = ALICE): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: relay.relayAddress, port: relay.relayPort, localAddress: from });
      sockets.push(socket);
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (text.includes('\n')) resolve(text.split('\n')[0]);
      });
      socket.on('close', () => resolve(text.split('\n')[0]));
      socket.on('error', reject);
      socket.write(line);
    });
  }

  const relayCandidate = (a: RelayAllocation, token: string) => [
    { type: 'relay' as const, address: a.relayAddress, port: a.relayPort, token },
  ];

  it('answers the lab banner as the relay', async () => {
    relay = await startTestRelay();
    expect(await (await fetch(`${relay.url}/.well-known/lastseen-lab`)).json()).toMatchObject({
      lab: 'lastseen-lab',
      service: 'relay',
    });
  });

  it('allocates only with the shared secret', async () => {
    relay = await startTestRelay();
    for (const authorization of [
      undefined,
      'Relay wrong-secret-wrong-secret',
      `Bearer ${relay.options.secret}`,
    ]) {
      const refused = await allocate(authorization);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({
        code: 'unauthorized',
        message: expect.stringMatching(/Relay <secret>/),
      });
    }
    expect(relay.allocations()).toBe(0);

    const response = await allocate(`Relay ${relay.options.secret}`);
    expect(response.status).toBe(201);
    const body = (await response.json()) as RelayAllocation;
    expect(body).toEqual({
      allocationId: expect.any(String),
      relayAddress: '127.0.0.1',
      relayPort: relay.relayPort,
      tokens: {
        caller: expect.stringMatching(/^[0-9a-f]{32}$/),
        callee: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
      expiresAt: expect.any(String),
    });
    expect(body.tokens.caller).not.toBe(body.tokens.callee);
    // No token ever reaches the relay's own log, which did record the allocation.
    expect(relay.logs.text()).toContain('allocation created');
    expect(relay.logs.text()).not.toContain(body.tokens.caller);
    expect(relay.logs.text()).not.toContain(relay.options.secret);
  });

  it('answers bad allocation requests with a clear error', async () => {
    relay = await startTestRelay();
    const auth = `Relay ${relay.options.secret}`;
    const unknownField = await allocate(auth, { callId: 'c-1', address: '1.2.3.4' });
    expect(unknownField.status).toBe(400);
    expect(await unknownField.json()).toMatchObject({ code: 'validation_failed' });
    const badJson = await fetch(`${relay.url}/allocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: '{"callId":',
    });
    expect(await badJson.json()).toMatchObject({ statusCode: 400, code: 'malformed_json' });
    const noBody = await fetch(`${relay.url}/allocations`, {
      method: 'POST',
      headers: { authorization: auth },
    });
    expect(noBody.status).toBe(201);
    expect((await fetch(`${relay.url}/nowhere`)).status).toBe(404);
  });

  it('carries the stream intact, and each party sees only the relay', async () => {
    relay = await startTestRelay();
    const a = await allocation();
    // The callee connects first and waits; the caller's arrival starts the stream.
    const callee = dialMedia(relayCandidate(a, a.tokens.callee), BOB);
    await eventually(() => expect(relay.logs.text()).toContain('waiting for the other'));
    const caller = await dialMedia(relayCandidate(a, a.tokens.caller), ALICE);
    const calleeSide = await callee;
    sockets.push(caller.socket, calleeSide.socket);
    expect([caller.path, calleeSide.path]).toEqual(['relay', 'relay']);
    expect(caller.socket.remoteAddress).toBe('127.0.0.1');
    expect(calleeSide.socket.remoteAddress).toBe('127.0.0.1');
    expect(caller.socket.remotePort).toBe(relay.relayPort);

    const [echoed, result] = await Promise.all([
      echo(calleeSide.socket),
      sendAndCheckEcho(caller.socket, MEDIA_TEST_BYTES),
    ]);
    expect(result).toEqual({ bytes: MEDIA_TEST_BYTES, intact: true });
    expect(echoed).toBe(MEDIA_TEST_BYTES);
    await eventually(() => expect(relay.logs.text()).toContain('relayed call ended'));
    // The relay knew both addresses; it wrote neither down.
    expect(relay.logs.text()).not.toMatch(/127\.0\.113\.66|127\.51\.100\.23/);
  });

  it('refuses bad, unknown, used and duplicate tokens with a one-line error', async () => {
    relay = await startTestRelay();
    expect(await rawLine('hello\n')).toMatch(/^error bad_request /);
    expect(await rawLine(Buffer.alloc(300, 0x41))).toMatch(/^error bad_request /);
    expect(await rawLine(`${'0'.repeat(32)}\n`)).toMatch(/^error unknown_token /);

    const a = await allocation();
    const first = dialMedia(relayCandidate(a, a.tokens.callee), BOB);
    first.catch(() => undefined);
    await eventually(() => expect(relay.logs.text()).toContain('waiting for the other'));
    expect(await rawLine(`${a.tokens.callee}\n`, ALICE)).toMatch(/^error token_in_use /);

    const caller = await dialMedia(relayCandidate(a, a.tokens.caller), ALICE);
    sockets.push(caller.socket, (await first).socket);
    // Once both were in, the tokens are spent: nobody can join (or re-join) the call with them.
    expect(await rawLine(`${a.tokens.caller}\n`)).toMatch(/^error unknown_token /);
    await expect(dialMedia(relayCandidate(a, a.tokens.callee), BOB)).rejects.toThrow(/unknown_token/);
  });

  it('drops an allocation nobody used, and tells a party left waiting', async () => {
    relay = await startTestRelay({ allocationTtlMs: 300 });
    const unused = await allocation();
    const waited = await allocation();
    const lonely = dialMedia(relayCandidate(waited, waited.tokens.caller), ALICE, 5000);
    await expect(lonely).rejects.toThrow(/allocation_expired/);
    expect(relay.allocations()).toBe(0);
    expect(await rawLine(`${unused.tokens.caller}\n`)).toMatch(/^error unknown_token /);
  });

  it('keeps it a lab: a relayed call is cut at its byte budget', async () => {
    relay = await startTestRelay({ maxBytesPerAllocation: 4096 });
    const a = await allocation();
    const callee = dialMedia(relayCandidate(a, a.tokens.callee), BOB);
    const caller = await dialMedia(relayCandidate(a, a.tokens.caller), ALICE);
    sockets.push(caller.socket, (await callee).socket);
    void echo((await callee).socket);
    await expect(sendAndCheckEcho(caller.socket, MEDIA_TEST_BYTES)).rejects.toThrow(/closed after/);
    await eventually(() => expect(relay.logs.text()).toContain('relayed call cut: byte limit'));
  });

  it('limits unused allocations', async () => {
    relay = await startTestRelay({ maxAllocations: 2 });
    await allocation();
    await allocation();
    const refused = await allocate(`Relay ${relay.options.secret}`);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'rate_limited' });
  });

  it('gives a silent client a deadline for its token', async () => {
    relay = await startTestRelay({ tokenTimeoutMs: 100 });
    expect(await rawLine('')).toMatch(/^error timeout /);
    await sleep(10);
  });
});
