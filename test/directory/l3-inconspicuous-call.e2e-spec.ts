import { LabUser, TestDirectory, expectNoAddressOf, sleep, startTestDirectory } from '../support/lab-harness';

// L3 — the inconspicuous call [@LeBlond2011]: invite, collect the callee's
// candidates, hang up before the ring is shown. The victim's client never surfaces anything.

const RING_DELAY_MS = 400;

describe('L3 inconspicuous call', () => {
  let directory: TestDirectory;
  let bob: LabUser;
  let mallory: LabUser;

  async function world(mitigations: Parameters<typeof startTestDirectory>[0]) {
    directory = await startTestDirectory(mitigations);
    bob = await LabUser.create(directory, 'bob', '127.51.100.23', ['192.168.77.20']);
    mallory = await LabUser.create(directory, 'mallory', '127.0.113.66');
    await bob.goOnline({ agent: { ringDelayMs: RING_DELAY_MS, answer: () => true } });
    await mallory.goOnline();
  }

  afterEach(async () => {
    await bob.close();
    await mallory.close();
    await directory.close();
  });

  /** The attack: the same code against every variant. */
  async function probeCall() {
    const socket = mallory.socket!;
    const callId = await socket.invite('bob');
    const candidates = await socket
      .waitFor('call.candidates', (c) => c.callId === callId, { timeoutMs: RING_DELAY_MS / 2 })
      .catch(() => undefined);
    socket.send('call.cancel', { callId });
    await sleep(RING_DELAY_MS * 2); // long past the moment the ring would have been shown
    return { callId, candidates };
  }

  /** Positive control for "bob saw nothing": a caller who waits is shown to bob, ring and all. */
  async function expectARealCallIsSeen() {
    const socket = mallory.socket!;
    const callId = await socket.invite('bob');
    await socket.waitFor('call.accepted', (c) => c.callId === callId);
    socket.send('call.hangup', { callId });
    expect(bob.socket!.seen).toEqual([
      expect.objectContaining({ kind: 'ring', from: 'mallory', callId }),
      expect.objectContaining({ kind: 'call-answered', from: 'mallory', callId }),
    ]);
  }

  it('vulnerable: the caller learns the address the callee connected from, and the callee saw nothing', async () => {
    await world([]);
    const { candidates } = await probeCall();
    expect(candidates?.from).toBe('bob');
    expect(candidates?.candidates).toEqual(
      expect.arrayContaining([
        { type: 'srflx', address: '127.51.100.23', port: bob.socketPort },
        { type: 'host', address: '192.168.77.20', port: bob.socketPort },
      ]),
    );
    expect(bob.socket!.seen).toEqual([]);
    await expectARealCallIsSeen();
  });

  it('M3: the caller gets no candidate before the callee accepts, and the callee saw nothing', async () => {
    await world(['M3']);
    const { candidates } = await probeCall();
    expect(candidates).toBeUndefined();
    expect(bob.socket!.seen).toEqual([]);
    expectNoAddressOf([bob], mallory.received());
    await expectARealCallIsSeen();
  });

  it('M3: once the callee user accepts, the held candidates flow', async () => {
    await world(['M3']);
    const socket = mallory.socket!;
    const callId = await socket.invite('bob');
    const ringing = socket.waitFor('call.ringing', (c) => c.callId === callId);
    const accepted = socket.waitFor('call.accepted', (c) => c.callId === callId);
    const candidates = socket.waitFor('call.candidates', (c) => c.callId === callId);
    await ringing;
    await accepted;
    expect((await candidates).candidates).toContainEqual({
      type: 'srflx',
      address: '127.51.100.23',
      port: bob.socketPort,
    });
    expect(bob.socket!.seen.map((e) => e.kind)).toEqual(['ring', 'call-answered']);
    socket.send('call.hangup', { callId });
  });

  it('M3: a caller cannot pile up held candidates (at most 4 messages before accept)', async () => {
    await world(['M3']);
    await bob.close();
    await bob.goOnline({ agent: { ringDelayMs: 10_000 } });
    const socket = mallory.socket!;
    const callId = await socket.invite('bob');
    const refused = socket
      .waitFor('call.accepted', () => false, { failOnErrorFor: 'call.candidates', timeoutMs: 3000 })
      .catch((error: unknown) => error);
    for (let i = 0; i < 5; i++) {
      socket.send('call.candidates', {
        callId,
        candidates: [{ type: 'srflx', address: '127.0.113.66', port: 4000 + i }],
      });
    }
    expect(await refused).toMatchObject({
      code: 'validation_failed',
      message: expect.stringMatching(/At most 4/),
    });
    socket.send('call.cancel', { callId });
  });

  it('a cancel after the ring is a missed call the victim does see', async () => {
    await world(['M3']);
    await bob.close();
    await bob.goOnline({ agent: { ringDelayMs: 50 } }); // this time nobody answers
    const socket = mallory.socket!;
    const callId = await socket.invite('bob');
    await socket.waitFor('call.ringing', (c) => c.callId === callId);
    socket.send('call.cancel', { callId });
    await bob.socket!.waitFor('call.cancelled');
    expect(bob.socket!.seen.map((e) => e.kind)).toEqual(['ring', 'missed-call']);
  });
});
