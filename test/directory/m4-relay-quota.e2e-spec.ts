import type { ServerEvents } from '@lab/protocol';
import {
  LabUser,
  TestDirectory,
  TestRelay,
  eventually,
  expectNoAddressOf,
  startTestDirectory,
  startTestRelay,
} from '../support/lab-harness';

// Relay exhaustion through the directory: mallory calls her accomplice (a contact: under M2 a
// stranger's call never rings), whose client accepts every call and never connects its media. Each accepted call takes an allocation on the relay; with a
// quota per account, the pair holds only a few, and other users' relayed calls still carry media.

const QUOTA = 3;

describe('M4: the relay quota, through the directory', () => {
  let relay: TestRelay;
  let directory: TestDirectory;
  let users: LabUser[];

  beforeAll(async () => {
    relay = await startTestRelay({ maxAllocations: 8, maxAllocationsPerAccount: QUOTA });
    directory = await startTestDirectory('all', {
      // Every call is relayed: the attacker's own accounts are each other's contacts.
      relay: { url: relay.url, secret: relay.options.secret, calls: 'always' },
    });
  });
  afterAll(async () => {
    await Promise.all(users.map((u) => u.close()));
    await directory.close();
    await relay.close();
  });

  it("ends the calls past the pair's quota with a clear error; other users' relayed calls still carry media", async () => {
    const mallory = await LabUser.create(directory, 'mallory', '127.0.113.150');
    const mule = await LabUser.create(directory, 'mule', '127.0.113.151');
    const alice = await LabUser.create(directory, 'alice', '127.0.113.66', ['10.8.0.14']);
    const bob = await LabUser.create(directory, 'bob', '127.51.100.23', ['192.168.77.20']);
    users = [mallory, mule, alice, bob];
    for (const [a, b] of [
      [mallory, mule],
      [alice, bob],
    ]) {
      await a.client.requestContact(b.name);
      await b.client.acceptContact(a.name);
    }
    await mallory.goOnline();
    // The accomplice accepts at once, and never connects to the relay.
    await mule.goOnline({ agent: { ringDelayMs: 10, answer: () => true } });
    await alice.goOnline();
    await bob.goOnline({ agent: { ringDelayMs: 10, answer: () => true, media: true } });

    const outcome = async () => {
      const socket = mallory.socket!;
      const callId = await socket.invite('mule');
      const relayed = socket
        .waitFor('call.candidates', (c) => c.callId === callId)
        .then(() => 'relayed' as const);
      const ended = socket
        .waitFor('call.ended', (c) => c.callId === callId)
        .then((e: ServerEvents['call.ended']) => e.reason);
      relayed.catch(() => undefined);
      ended.catch(() => undefined);
      const result = await Promise.race([relayed, ended]);
      if (result === 'relayed') socket.send('call.hangup', { callId });
      return result;
    };
    const outcomes = [];
    for (let i = 0; i < QUOTA + 2; i++) outcomes.push(await outcome());
    expect(outcomes).toEqual([
      ...Array(QUOTA).fill('relayed'),
      'relay_quota_exceeded',
      'relay_quota_exceeded',
    ]);
    expect(relay.allocations()).toBe(QUOTA);

    // Both parties are told why; the message says what to do.
    for (const user of [mallory, mule]) {
      const errors = user.socket!.frames.filter((f) => f.event === 'error').map((f) => f.data);
      expect(errors[0]).toMatchObject({
        code: 'relay_quota_exceeded',
        message: expect.stringMatching(/never connected to the relay.*call again in \d+ s/),
      });
    }

    // Other users: a relayed call, and its media goes through (the control).
    const call = await alice.socket!.placeCall('bob');
    expect(call).toMatchObject({ path: 'relay', remoteAddress: relay.relayAddress, intact: true });
    await eventually(() => expect(bob.socket!.media).toHaveLength(1));
    expect(bob.socket!.media[0]).toMatchObject({ path: 'relay', remoteAddress: relay.relayAddress });
    expectNoAddressOf([alice, bob], mallory.received());
  }, 30_000);
});
