import { MEDIA_TEST_BYTES, MediaRecord } from '@lab/directory-client';
import type { ServerEvents } from '@lab/protocol';
import {
  LabUser,
  TestDirectory,
  eventually,
  expectNoAddressOf,
  sleep,
  startTestDirectory,
} from '../support/lab-harness';

// M4 — relay calls. The attack this time is a call that gets answered: once media flows peer to
// peer, each side's socket is connected to the other's address. Every call here really carries
// data (16 KiB, echoed), and each side records the address its media socket was connected to.

const ALICE = { public: '127.0.113.66', lan: '10.8.0.14' };
const BOB = { public: '127.51.100.23', lan: '192.168.77.20' };

describe('M4 relay calls', () => {
  let directory: TestDirectory;
  let alice: LabUser;
  let bob: LabUser;

  async function world(
    mitigations: Parameters<typeof startTestDirectory>[0],
    overrides: Parameters<typeof startTestDirectory>[1] = {},
    answer = true,
  ) {
    directory = await startTestDirectory(mitigations, overrides);
    alice = await LabUser.create(directory, 'alice', ALICE.public, [ALICE.lan]);
    bob = await LabUser.create(directory, 'bob', BOB.public, [BOB.lan]);
    await alice.goOnline();
    await bob.goOnline({ agent: { ringDelayMs: 50, answer: () => answer, media: true } });
  }

  afterEach(async () => {
    await alice.close();
    await bob.close();
    await directory.close();
  });

  async function makeContacts() {
    await alice.client.requestContact('bob');
    await bob.client.acceptContact('alice');
  }

  /** The callee's record, once its side of the stream is over. */
  async function bobsMedia(): Promise<MediaRecord> {
    await eventually(() => expect(bob.socket!.media).toHaveLength(1));
    return bob.socket!.media[0];
  }

  function candidatesReceived(user: LabUser, callId: string): ServerEvents['call.candidates'][] {
    return user
      .socket!.frames.filter((f) => f.event === 'call.candidates')
      .map((f) => f.data as ServerEvents['call.candidates'])
      .filter((d) => d.callId === callId);
  }

  it("vulnerable: media flows directly, and each side's socket is connected to the other's exact address", async () => {
    await world([]);
    const call = await alice.socket!.placeCall('bob');
    expect(call).toMatchObject({
      role: 'caller',
      peer: 'bob',
      path: 'direct',
      remoteAddress: BOB.public,
      bytes: MEDIA_TEST_BYTES,
      intact: true,
    });
    // The port alice's socket reached is the one bob's agent offered in its candidates.
    expect(candidatesReceived(alice, call.callId)[0].candidates).toEqual(
      expect.arrayContaining([
        { type: 'srflx', address: BOB.public, port: call.remotePort },
        { type: 'host', address: BOB.lan, port: call.remotePort },
      ]),
    );
    expect(await bobsMedia()).toMatchObject({
      role: 'callee',
      peer: 'alice',
      path: 'direct',
      remoteAddress: ALICE.public,
      bytes: MEDIA_TEST_BYTES,
      intact: true,
    });
    expect(bob.received()).toContain(ALICE.lan); // alice's own candidates reached bob too
  });

  it('M4: a stranger gets only a relay candidate; the call still carries the data, through the relay', async () => {
    await world(['M4']);
    const relay = directory.relay!;
    const call = await alice.socket!.placeCall('bob');
    expect(call).toMatchObject({
      path: 'relay',
      remoteAddress: relay.relayAddress,
      remotePort: relay.relayPort,
      bytes: MEDIA_TEST_BYTES,
      intact: true,
    });
    const toAlice = candidatesReceived(alice, call.callId);
    expect(toAlice).toEqual([
      {
        callId: call.callId,
        from: 'bob',
        candidates: [
          { type: 'relay', address: relay.relayAddress, port: relay.relayPort, token: expect.any(String) },
        ],
      },
    ]);
    const toBob = candidatesReceived(bob, call.callId);
    expect(toBob).toHaveLength(1);
    expect(toBob[0].candidates[0].token).not.toBe(toAlice[0].candidates[0].token); // one token each

    expect(await bobsMedia()).toMatchObject({
      path: 'relay',
      remoteAddress: relay.relayAddress,
      bytes: MEDIA_TEST_BYTES,
      intact: true,
    });
    // Neither side received, or connected to, any address of the other.
    expectNoAddressOf([bob], alice.received());
    expectNoAddressOf([alice], bob.received());
    for (const record of [call, bob.socket!.media[0]]) {
      expect([ALICE.public, BOB.public]).not.toContain(record.remoteAddress);
    }
    // The directory logged the call as relayed, without the tokens that would let a reader join it.
    expect(directory.logs.text()).toContain('call relayed');
    expect(directory.logs.text()).not.toContain(toAlice[0].candidates[0].token!);
  });

  it('M4 alone already spoils the inconspicuous call: a stranger gets no candidate before (or without) accept', async () => {
    await world(['M4'], {}, false);
    const socket = alice.socket!;
    const callId = await socket.invite('bob');
    await bob.socket!.waitFor('call.incoming');
    await sleep(150);
    socket.send('call.cancel', { callId });
    await sleep(50);
    expect(candidatesReceived(alice, callId)).toEqual([]);
    expectNoAddressOf([bob], alice.received());
    expect(directory.relay!.allocations()).toBe(0); // unanswered calls cost the relay nothing
  });

  // In the fixed variant a stranger's call never rings (M2 swallows it: test/lab/stranger-calls);
  // a contact's call goes direct in 'strangers' mode and through the relay in 'always' mode.
  it('the fixed variant relaying every call relays a contact’s call, and M3 still holds everything until accept', async () => {
    await world('all', { relayCalls: 'always' });
    await makeContacts();
    const call = await alice.socket!.placeCall('bob');
    expect(call).toMatchObject({ path: 'relay', remoteAddress: directory.relay!.relayAddress, intact: true });
    expect(await bobsMedia()).toMatchObject({ path: 'relay', remoteAddress: directory.relay!.relayAddress });
    const events = alice.socket!.frames.map((f) => f.event);
    expect(events.indexOf('call.candidates')).toBeGreaterThan(events.indexOf('call.accepted'));
    expectNoAddressOf([bob], alice.received());
    expectNoAddressOf([alice], bob.received());
  });

  it("M4 'strangers': mutual contacts still call each other directly", async () => {
    await world(['M4']);
    await makeContacts();
    const call = await alice.socket!.placeCall('bob');
    expect(call).toMatchObject({ path: 'direct', remoteAddress: BOB.public, intact: true });
    expect(await bobsMedia()).toMatchObject({ path: 'direct', remoteAddress: ALICE.public });
  });

  it("M4 'always': contacts' calls are relayed too", async () => {
    await world(['M4'], { relayCalls: 'always' });
    await makeContacts();
    const call = await alice.socket!.placeCall('bob');
    expect(call).toMatchObject({ path: 'relay', remoteAddress: directory.relay!.relayAddress, intact: true });
    expect(await bobsMedia()).toMatchObject({ path: 'relay', remoteAddress: directory.relay!.relayAddress });
    expectNoAddressOf([bob], alice.received());
  });

  it('M4 fails closed: with the relay down the call ends, and it never goes direct instead', async () => {
    await world(['M4']);
    await directory.relay!.close();
    const ended = bob.socket!.waitFor('call.ended');
    await expect(alice.socket!.placeCall('bob')).rejects.toThrow(/relay_unavailable/);
    expect(await ended).toMatchObject({ reason: 'relay_unavailable' });
    expect(bob.socket!.media).toEqual([]);
    expectNoAddressOf([bob], alice.received());
    expectNoAddressOf([alice], bob.received());
  });
});
