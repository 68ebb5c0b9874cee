import { WsCloseCode } from '@lab/protocol';
import { LabUser, TestDirectory, eventually, startTestDirectory } from '../support/lab-harness';

describe('presence lifecycle', () => {
  let directory: TestDirectory;

  beforeAll(
    async () =>
      (directory = await startTestDirectory([], { heartbeatIntervalMs: 100, presenceTimeoutMs: 400 })),
  );
  afterAll(() => directory.close());

  it('acknowledges heartbeats', async () => {
    const bob = await LabUser.create(directory, 'bob', '127.51.100.23');
    const socket = await bob.goOnline({ heartbeat: false });
    const ack = socket.waitFor('heartbeat');
    socket.send('heartbeat', {});
    expect(await ack).toEqual({ at: expect.any(String) });
    await bob.close();
  });

  it('keeps a heartbeating client online and times a silent one out with 4408', async () => {
    const alive = await LabUser.create(directory, 'alive', '127.51.100.24');
    const silent = await LabUser.create(directory, 'silent', '127.51.100.25');
    await alive.goOnline();
    const socket = await silent.goOnline({ heartbeat: false });
    expect((await socket.closed).code).toBe(WsCloseCode.PresenceTimeout);
    expect(await alive.client.lookup('silent')).toMatchObject({ online: false });
    expect(await silent.client.lookup('alive')).toMatchObject({ online: true });
    await alive.close();
    await silent.close();
  });

  it('replaces an older connection of the same user with 4409, and keeps the user online', async () => {
    const bob = await LabUser.create(directory, 'bob2', '127.51.100.26');
    const first = await bob.goOnline();
    const second = await bob.client.openSocket();
    expect((await first.closed).code).toBe(WsCloseCode.Replaced);
    const mallory = await LabUser.create(directory, 'mallory', '127.0.113.66');
    await eventually(async () => expect(await mallory.client.lookup('bob2')).toMatchObject({ online: true }));
    await second.close();
    await eventually(async () =>
      expect(await mallory.client.lookup('bob2')).toMatchObject({ online: false }),
    );
    await bob.close();
    await mallory.close();
  });

  it('ends the calls of a client that timed out', async () => {
    const caller = await LabUser.create(directory, 'caller4', '127.51.100.30');
    const callee = await LabUser.create(directory, 'callee4', '127.51.100.31');
    await callee.goOnline({ agent: { ringDelayMs: 10_000 } });
    const socket = await caller.goOnline({ heartbeat: false });
    const callId = await socket.invite('callee4');
    expect(
      await callee.socket!.waitFor('call.cancelled', (c) => c.callId === callId, { timeoutMs: 3000 }),
    ).toEqual({ callId });
    await caller.close();
    await callee.close();
  });

  it('closes the WebSocket of a session that logs out', async () => {
    const erin = await LabUser.create(directory, 'erin5', '127.51.100.32');
    const socket = await erin.goOnline();
    await erin.client.logout();
    expect(await socket.closed).toEqual({ code: WsCloseCode.Unauthorized, reason: 'logged out' });
    erin.client.close();
  });

  it('closes every socket with 1001 when the directory shuts down', async () => {
    const other = await startTestDirectory([]);
    const carol = await LabUser.create(other, 'carol', '127.51.100.27');
    const socket = await carol.goOnline();
    await other.close();
    expect((await socket.closed).code).toBe(WsCloseCode.ShuttingDown);
    carol.client.close();
  });
});
