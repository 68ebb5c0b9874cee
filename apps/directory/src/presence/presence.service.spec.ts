import pino from 'pino';
import { WsCloseCode } from '@lab/protocol';
import { DirectoryServices, RecordingConnection } from '../test-support/directory-services';
import { PresenceService } from './presence.service';

describe('PresenceService', () => {
  let world: DirectoryServices;
  afterEach(() => world.stop());

  it('records the address the server saw, and a placeholder for one outside the lab', async () => {
    world = await new DirectoryServices().start();
    const bob = await world.user('bob');
    const carol = await world.user('carol');
    world.online(bob, '127.51.100.23', ['192.168.77.20']);
    world.online(carol, '8.8.8.8');
    expect(await world.presence.record(bob)).toMatchObject({
      online: true,
      endpoint: { address: '127.51.100.23', port: 50_000 + bob.id },
      localAddresses: ['192.168.77.20'],
    });
    expect((await world.presence.record(carol)).endpoint).toEqual({ address: 'outside-lab', port: null });
  });

  it("a user's newer connection replaces the older one, which is closed", async () => {
    world = await new DirectoryServices().start();
    const bob = await world.user('bob');
    const first = world.online(bob, '127.51.100.23');
    const second = world.online(bob, '127.51.100.24');
    expect(first.closed).toMatchObject({ code: WsCloseCode.Replaced });
    expect(second.closed).toBeUndefined();
    expect(world.presence.disconnect(bob.id, first)).toBe(false); // the old one going away changes nothing
    expect(world.presence.isOnline(bob.id)).toBe(true);
  });

  it('tells a subscriber about every change, once', async () => {
    world = await new DirectoryServices().start();
    const mallory = await world.user('mallory');
    const bob = await world.user('bob');
    const watcher = world.online(mallory, '127.0.113.150');
    world.presence.subscribe(mallory.id, bob.id);
    world.online(bob, '127.51.100.23');
    await world.settle();
    world.presence.heartbeat(bob.id); // no change: no frame
    await world.settle();
    world.offline(bob);
    await world.settle();
    expect(watcher.frames.filter((f) => f.event === 'presence').map((f) => f.data)).toEqual([
      expect.objectContaining({ username: 'bob', online: true, publicAddress: '127.51.100.23' }),
      expect.objectContaining({ username: 'bob', online: false }),
    ]);
  });

  it('is closed by default: without a visibility port, no subscriber sees anything', async () => {
    world = await new DirectoryServices().start();
    const presence = new PresenceService(
      world.options,
      world.policy,
      pino({ level: 'silent' }),
      world.accountsRepository,
      world.historyRepository,
    );
    const mallory = await world.user('mallory');
    const bob = await world.user('bob');
    const watcher = new RecordingConnection();
    presence.connect(mallory, '127.0.113.150', 1, watcher);
    presence.subscribe(mallory.id, bob.id);
    presence.connect(bob, '127.51.100.23', 2, new RecordingConnection());
    await world.settle();
    expect(watcher.frames).toEqual([]);
    // The control: the same steps through the wired service (vulnerable policy) deliver the frame.
    const wiredWatcher = world.online(mallory, '127.0.113.150');
    world.presence.subscribe(mallory.id, bob.id);
    world.online(bob, '127.51.100.23');
    await world.settle();
    expect(wiredWatcher.events()).toContain('presence');
    await presence.beforeApplicationShutdown();
  });

  it('M2: asks at every delivery, so a contact who is removed stops seeing at once', async () => {
    world = await new DirectoryServices(['M2']).start();
    const alice = await world.user('alice');
    const bob = await world.user('bob');
    await world.makeContacts(alice, bob);
    const watcher = world.online(alice, '127.0.113.160');
    world.presence.subscribe(alice.id, bob.id);
    world.online(bob, '127.51.100.23');
    await world.settle();
    expect(watcher.frames.filter((f) => f.event === 'presence')).toHaveLength(1); // the control
    await world.contacts.remove(bob, 'alice');
    world.offline(bob);
    await world.settle();
    expect(watcher.frames.filter((f) => f.event === 'presence')).toHaveLength(1);
  });

  it('M1: a LAN report changes nothing a subscriber may see, so no frame says it happened', async () => {
    world = await new DirectoryServices(['M1']).start();
    const mallory = await world.user('mallory');
    const bob = await world.user('bob');
    const watcher = world.online(mallory, '127.0.113.150');
    world.presence.subscribe(mallory.id, bob.id);
    world.online(bob, '127.51.100.23');
    await world.settle();
    world.presence.report(bob.id, ['192.168.77.20']);
    await world.settle();
    expect(watcher.frames.filter((f) => f.event === 'presence').map((f) => f.data)).toEqual([
      { username: 'bob', online: true, at: expect.any(String) },
    ]);
  });

  it('writes the last-seen time on disconnect, in one batch', async () => {
    world = await new DirectoryServices().start();
    const bob = await world.user('bob');
    world.online(bob, '127.51.100.23');
    const writes = await world.log.during(async () => {
      world.offline(bob);
      await world.settle();
    });
    expect(writes.filter((call) => call === 'accounts.saveLastSeen')).toHaveLength(1);
    expect(world.accountsRepository.stored(bob.id)).toMatchObject({ address: '127.51.100.23' });
  });

  describe('who is online', () => {
    it('keeps a port only with a lab address, and none when the socket told none', async () => {
      world = await new DirectoryServices().start();
      const bob = await world.user('bob');
      const connection = new RecordingConnection();
      expect(world.presence.connect(bob, '127.51.100.23', undefined, connection)).toEqual({
        address: '127.51.100.23',
        port: null,
      });
      expect(world.presence.connect(bob, '::ffff:127.51.100.24', 40_000, connection)).toEqual({
        address: '127.51.100.24',
        port: 40_000,
      });
      expect(world.presence.connect(bob, '8.8.8.8', 40_000, connection)).toEqual({
        address: 'outside-lab',
        port: null,
      });
    });

    it('counts who is online, and sends frames only to them', async () => {
      world = await new DirectoryServices().start();
      const bob = await world.user('bob');
      const carol = await world.user('carol');
      expect(world.presence.onlineCount()).toBe(0);
      const connection = world.online(bob, '127.51.100.23');
      expect(world.presence.onlineCount()).toBe(1);
      expect(world.presence.isOnline(bob.id)).toBe(true);
      expect(world.presence.isOnline(carol.id)).toBe(false);
      const frame = { event: 'call.ringing', data: { callId: 'c' } } as const;
      expect(world.presence.send(bob.id, frame)).toBe(true);
      expect(world.presence.send(carol.id, frame)).toBe(false);
      expect(connection.frames).toEqual([frame]);
      world.offline(bob);
      expect(world.presence.onlineCount()).toBe(0);
      expect(world.presence.send(bob.id, frame)).toBe(false);
      expect(world.presence.disconnect(bob.id, connection)).toBe(false); // already gone
    });

    it('keeps the reported LAN addresses once each, lab-private ones only', async () => {
      world = await new DirectoryServices().start();
      const bob = await world.user('bob');
      expect(world.presence.report(bob.id, ['192.168.77.20'])).toEqual([]); // not online: nothing kept
      world.online(bob, '127.51.100.23');
      expect(
        world.presence.report(bob.id, ['192.168.77.20', '81.2.69.160', '192.168.77.20', '10.0.0.5']),
      ).toEqual(['192.168.77.20', 'outside-lab', '10.0.0.5']);
      expect((await world.presence.record(bob)).localAddresses).toEqual([
        '192.168.77.20',
        'outside-lab',
        '10.0.0.5',
      ]);
    });

    it('remembers a user who went offline: when, and (vulnerable) from where', async () => {
      world = await new DirectoryServices().start();
      const bob = await world.user('bob');
      const carol = await world.user('carol');
      expect(await world.presence.record(carol)).toEqual({
        username: 'carol',
        displayName: 'carol',
        online: false,
        lastSeenAt: null,
        endpoint: null,
        localAddresses: [],
      });
      world.online(bob, '127.51.100.23', ['192.168.77.20']);
      const connectedAt = (await world.presence.record(bob)).lastSeenAt!;
      expect(Date.parse(connectedAt)).not.toBeNaN();
      world.offline(bob);
      const record = await world.presence.record(bob);
      expect(record).toMatchObject({
        username: 'bob',
        online: false,
        endpoint: { address: '127.51.100.23', port: 50_000 + bob.id },
        localAddresses: ['192.168.77.20'],
      });
      expect(record.lastSeenAt! >= connectedAt).toBe(true);
    });

    it('after a restart, answers from what the previous run stored', async () => {
      world = await new DirectoryServices().start();
      const bob = await world.user('bob');
      const carol = await world.user('carol');
      world.online(bob, '127.51.100.23', ['192.168.77.20']);
      world.online(carol, '8.8.8.8');
      await world.stop(); // closes both connections and writes what it knows
      const restarted = new PresenceService(
        world.options,
        world.policy,
        pino({ level: 'silent' }),
        world.accountsRepository,
        world.historyRepository,
      );
      expect(await restarted.record(bob)).toMatchObject({
        online: false,
        lastSeenAt: world.accountsRepository.stored(bob.id)!.at,
        endpoint: { address: '127.51.100.23', port: 50_000 + bob.id },
        localAddresses: ['192.168.77.20'],
      });
      // A row without an address (M6 keeps none) answers with no endpoint.
      const dave = await world.user('dave');
      await world.accountsRepository.saveLastSeen([
        { accountId: dave.id, at: '2026-11-28T08:00:00.000Z', address: null, port: null, localAddresses: [] },
      ]);
      expect(await restarted.record(dave)).toMatchObject({
        online: false,
        lastSeenAt: '2026-11-28T08:00:00.000Z',
        endpoint: null,
      });
      expect(await restarted.record(carol)).toMatchObject({
        endpoint: { address: 'outside-lab', port: null },
      });
      // Read once, then kept in memory.
      const reads = await world.log.during(() => restarted.record(bob));
      expect(reads).toEqual([]);
      world = await new DirectoryServices().start(); // for afterEach
    });
  });

  describe('subscriptions', () => {
    async function watching() {
      world = await new DirectoryServices().start();
      const mallory = await world.user('mallory');
      const bob = await world.user('bob');
      const watcher = world.online(mallory, '127.0.113.150');
      world.presence.subscribe(mallory.id, bob.id);
      const frames = () => watcher.frames.filter((f) => f.event === 'presence').map((f) => f.data);
      return { mallory, bob, watcher, frames };
    }

    it('sends the current presence right after subscribing', async () => {
      const { mallory, bob, watcher } = await watching();
      world.online(bob, '127.51.100.23', ['192.168.77.20']);
      await world.presence.sendCurrent(mallory.id, bob);
      expect(watcher.frames.at(-1)).toEqual({
        event: 'presence',
        data: {
          username: 'bob',
          online: true,
          at: expect.any(String),
          publicAddress: '127.51.100.23',
          port: 50_000 + bob.id,
          localAddresses: ['192.168.77.20'],
        },
      });
    });

    it('tells every subscriber, and tells of a LAN report (vulnerable)', async () => {
      const { bob, frames } = await watching();
      const carol = await world.user('carol');
      const second = world.online(carol, '127.0.113.151');
      world.presence.subscribe(carol.id, bob.id);
      world.presence.subscribe(carol.id, bob.id); // twice: still one subscription
      world.online(bob, '127.51.100.23');
      await world.settle();
      world.presence.report(bob.id, ['192.168.77.20']);
      await world.settle();
      expect(frames().map((f) => f.localAddresses)).toEqual([[], ['192.168.77.20']]);
      expect(second.frames.filter((f) => f.event === 'presence')).toHaveLength(2);
    });

    it('stops after unsubscribing', async () => {
      const { mallory, bob, frames } = await watching();
      world.online(bob, '127.51.100.23');
      await world.settle();
      expect(frames()).toHaveLength(1); // the control
      world.presence.unsubscribe(mallory.id, bob.id);
      world.presence.unsubscribe(mallory.id, 404); // unknown: nothing to do
      world.offline(bob);
      await world.settle();
      expect(frames()).toHaveLength(1);
    });

    it('ends a subscriber’s subscriptions with its connection', async () => {
      const { mallory, bob, frames } = await watching();
      world.online(bob, '127.51.100.23');
      await world.settle();
      expect(frames()).toHaveLength(1); // the control
      world.offline(mallory);
      const again = world.online(mallory, '127.0.113.150');
      world.offline(bob);
      await world.settle();
      expect(again.frames.filter((f) => f.event === 'presence')).toEqual([]);
    });

    it('sends a frame equal to the last one again to a subscriber who came back', async () => {
      const { mallory, bob, frames } = await watching();
      world.online(bob, '127.51.100.23');
      await world.settle();
      world.presence.unsubscribe(mallory.id, bob.id);
      world.offline(bob); // nobody follows: nothing sent, nothing remembered
      await world.settle();
      world.presence.subscribe(mallory.id, bob.id);
      world.online(bob, '127.51.100.23');
      await world.settle();
      expect(frames().map((f) => f.online)).toEqual([true, true]);
    });
  });

  describe('storage', () => {
    it('vulnerable: every sighting from a lab address goes into the history, with the LAN addresses', async () => {
      world = await new DirectoryServices().start();
      const bob = await world.user('bob');
      const carol = await world.user('carol');
      world.online(bob, '127.51.100.23');
      world.presence.report(bob.id, ['192.168.77.20']);
      world.online(carol, '8.8.8.8'); // outside the lab: no sighting to keep
      await world.settle();
      expect(await world.historyRepository.listFor(bob.id)).toEqual([
        expect.objectContaining({
          accountId: bob.id,
          address: '127.51.100.23',
          port: 50_000 + bob.id,
          localAddresses: [],
        }),
        expect.objectContaining({ address: '127.51.100.23', localAddresses: ['192.168.77.20'] }),
      ]);
      expect(await world.historyRepository.listFor(carol.id)).toEqual([]);
      expect(world.accountsRepository.stored(bob.id)).toMatchObject({
        address: '127.51.100.23',
        localAddresses: ['192.168.77.20'],
      });
    });

    it('survives a failed write: presence goes on, and the next write is tried', async () => {
      world = await new DirectoryServices().start();
      const bob = await world.user('bob');
      jest.spyOn(world.accountsRepository, 'saveLastSeen').mockRejectedValueOnce(new Error('disk I/O error'));
      world.online(bob, '127.51.100.23');
      await world.settle();
      expect(world.accountsRepository.stored(bob.id)).toBeUndefined();
      expect(world.presence.isOnline(bob.id)).toBe(true);
      world.offline(bob);
      await world.settle();
      expect(world.accountsRepository.stored(bob.id)).toMatchObject({ address: '127.51.100.23' });
    });

    it('at shutdown, closes every connection and writes what is pending', async () => {
      world = await new DirectoryServices().start();
      const bob = await world.user('bob');
      const carol = await world.user('carol');
      const connections = [world.online(bob, '127.51.100.23'), world.online(carol, '127.0.113.7')];
      await world.presence.beforeApplicationShutdown();
      expect(connections.map((c) => c.closed?.code)).toEqual([
        WsCloseCode.ShuttingDown,
        WsCloseCode.ShuttingDown,
      ]);
      expect(world.presence.onlineCount()).toBe(0);
      expect(world.accountsRepository.stored(bob.id)).toMatchObject({ address: '127.51.100.23' });
      expect(world.accountsRepository.stored(carol.id)).toMatchObject({ address: '127.0.113.7' });
    });
  });

  describe('heartbeats', () => {
    afterEach(() => jest.useRealTimers());

    async function clockedWorld() {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      world = new DirectoryServices();
      world.options.presenceTimeoutMs = 30_000; // checked every 10 s
      await world.start();
      return world;
    }

    it('closes a client silent for longer than the presence timeout, at the next check', async () => {
      await clockedWorld();
      const bob = await world.user('bob');
      const connection = world.online(bob, '127.51.100.23');
      jest.advanceTimersByTime(39_999); // silent for 30 s at the check at 30 s: not longer than the timeout
      expect(connection.closed).toBeUndefined();
      expect(world.presence.isOnline(bob.id)).toBe(true);
      jest.advanceTimersByTime(1);
      expect(connection.closed).toEqual({ code: WsCloseCode.PresenceTimeout, reason: expect.any(String) });
      expect(world.presence.isOnline(bob.id)).toBe(false);
    });

    it('a heartbeat or a LAN report keeps a client online', async () => {
      await clockedWorld();
      const bob = await world.user('bob');
      const carol = await world.user('carol');
      const bobs = world.online(bob, '127.51.100.23');
      const carols = world.online(carol, '127.0.113.7');
      jest.advanceTimersByTime(25_000);
      world.presence.heartbeat(bob.id);
      world.presence.report(carol.id, ['192.168.77.21']);
      world.presence.heartbeat(404); // nobody: nothing happens
      jest.advanceTimersByTime(30_000); // check at 50 s: 25 s of silence
      expect([bobs.closed, carols.closed]).toEqual([undefined, undefined]);
      jest.advanceTimersByTime(10_000); // check at 60 s: 35 s
      expect([bobs.closed?.code, carols.closed?.code]).toEqual([
        WsCloseCode.PresenceTimeout,
        WsCloseCode.PresenceTimeout,
      ]);
    });

    it('checks at most every 100 ms, however short the timeout', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      world = new DirectoryServices();
      world.options.presenceTimeoutMs = 30;
      await world.start();
      const bob = await world.user('bob');
      const connection = world.online(bob, '127.51.100.23');
      jest.advanceTimersByTime(99);
      expect(connection.closed).toBeUndefined();
      jest.advanceTimersByTime(1);
      expect(connection.closed?.code).toBe(WsCloseCode.PresenceTimeout);
    });

    it('stops checking once the module is destroyed', async () => {
      await clockedWorld();
      const bob = await world.user('bob');
      const connection = world.online(bob, '127.51.100.23');
      world.presence.onModuleDestroy();
      jest.advanceTimersByTime(60_000);
      expect(connection.closed).toBeUndefined(); // the first spec of this block is the control
    });
  });
});
