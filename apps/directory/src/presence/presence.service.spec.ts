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
});
