import type { MitigationId } from '../mitigations/mitigation';
import { RelayQuotaExceeded } from './relay-allocator';
import { DirectoryServices, TestUser } from '../test-support/directory-services';

describe('CallsService', () => {
  let world: DirectoryServices;
  let alice: TestUser;
  let bob: TestUser;
  let mallory: TestUser;

  async function setUp(mitigations: MitigationId[] = []) {
    world = await new DirectoryServices(mitigations).start();
    alice = await world.user('alice');
    bob = await world.user('bob');
    mallory = await world.user('mallory');
    world.online(alice, '127.0.113.160');
    world.online(bob, '127.51.100.50');
    world.online(mallory, '127.0.113.150');
  }
  afterEach(() => world.stop());

  it('invites: the caller gets call.created, the callee call.incoming; ringing and accept reach the caller', async () => {
    await setUp();
    const callId = await world.calls.invite(alice, 'bob');
    world.calls.ringing(bob, callId);
    await world.calls.accept(bob, callId);
    expect(alice.connection!.frames).toEqual([
      { event: 'call.created', data: { callId, username: 'bob' } },
      { event: 'call.ringing', data: { callId } },
      { event: 'call.accepted', data: { callId } },
    ]);
    expect(bob.connection!.frames).toEqual([{ event: 'call.incoming', data: { callId, from: 'alice' } }]);
    expect(world.calls.activeCount()).toBe(1);
  });

  it('refuses calling oneself, and an offline or missing callee, each with its code (vulnerable)', async () => {
    await setUp();
    const carol = await world.user('carol');
    await expect(world.calls.invite(alice, 'alice')).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(world.calls.invite(alice, carol.username)).rejects.toMatchObject({ code: 'callee_offline' });
    await expect(world.calls.invite(alice, 'nobody')).rejects.toMatchObject({ code: 'user_not_found' });
    expect(world.calls.activeCount()).toBe(0);
  });

  it('lets only the parties act on a call, each only in its role and state', async () => {
    await setUp();
    const callId = await world.calls.invite(alice, 'bob');
    expect(() => world.calls.ringing(mallory, callId)).toThrow(
      expect.objectContaining({ code: 'call_not_found' }),
    );
    expect(() => world.calls.cancel(bob, callId)).toThrow(
      expect.objectContaining({ code: 'call_state_conflict' }),
    );
    await expect(world.calls.accept(alice, callId)).rejects.toMatchObject({ code: 'call_state_conflict' });
    expect(() => world.calls.hangup(alice, callId)).toThrow(
      expect.objectContaining({ code: 'call_state_conflict' }),
    );
    await world.calls.accept(bob, callId);
    await expect(world.calls.accept(bob, callId)).rejects.toMatchObject({ code: 'call_state_conflict' });
    expect(() => world.calls.reject(bob, callId)).toThrow(
      expect.objectContaining({ code: 'call_state_conflict' }),
    );
    world.calls.hangup(bob, callId);
    expect(alice.connection!.frames.at(-1)).toEqual({
      event: 'call.ended',
      data: { callId, reason: 'hangup' },
    });
    expect(world.calls.activeCount()).toBe(0);
  });

  it('a reject reaches the caller; a cancel reaches the callee', async () => {
    await setUp();
    const rejected = await world.calls.invite(alice, 'bob');
    world.calls.reject(bob, rejected);
    const cancelled = await world.calls.invite(alice, 'bob');
    world.calls.cancel(alice, cancelled);
    expect(alice.connection!.frames).toContainEqual({ event: 'call.rejected', data: { callId: rejected } });
    expect(bob.connection!.frames).toContainEqual({ event: 'call.cancelled', data: { callId: cancelled } });
  });

  it('a caller who goes away cancels an unanswered call, and ends an answered one', async () => {
    await setUp();
    const unanswered = await world.calls.invite(alice, 'bob');
    world.offline(alice);
    expect(bob.connection!.frames.at(-1)).toEqual({ event: 'call.cancelled', data: { callId: unanswered } });
    world.online(alice, '127.0.113.160');
    const answered = await world.calls.invite(alice, 'bob');
    await world.calls.accept(bob, answered);
    world.offline(alice);
    expect(bob.connection!.frames.at(-1)).toEqual({
      event: 'call.ended',
      data: { callId: answered, reason: 'disconnected' },
    });
  });

  it('forwards candidates in the vulnerable directory, replacing addresses outside the lab', async () => {
    await setUp();
    const callId = await world.calls.invite(alice, 'bob');
    world.calls.candidates(bob, callId, [
      { type: 'srflx', address: '127.51.100.50', port: 40000 },
      { type: 'srflx', address: '8.8.8.8', port: 40001 },
    ]);
    expect(alice.connection!.frames.at(-1)).toEqual({
      event: 'call.candidates',
      data: {
        callId,
        from: 'bob',
        candidates: [
          { type: 'srflx', address: '127.51.100.50', port: 40000 },
          { type: 'srflx', address: 'outside-lab', port: 0 },
        ],
      },
    });
  });

  it('M3: holds at most 4 candidate messages per party before accept', async () => {
    await setUp(['M3']);
    const callId = await world.calls.invite(alice, 'bob');
    const send = () =>
      world.calls.candidates(bob, callId, [{ type: 'host', address: '192.168.1.2', port: 1 }]);
    for (let i = 0; i < 4; i++) send();
    expect(send).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    world.calls.candidates(alice, callId, [{ type: 'host', address: '192.168.1.3', port: 1 }]); // the other party's own budget
  });

  it('M4: re-decides the route at accept, so a contact removed while the phone rang is relayed', async () => {
    await setUp(['M4']);
    await world.makeContacts(alice, bob);
    const callId = await world.calls.invite(alice, 'bob');
    await world.contacts.remove(bob, 'alice');
    await world.calls.accept(bob, callId);
    expect(world.relay.allocated).toEqual([callId]);
    const candidates = alice.connection!.frames.filter((f) => f.event === 'call.candidates');
    expect(candidates).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ candidates: [expect.objectContaining({ type: 'relay' })] }),
      }),
    ]);
  });

  it('tells the caller of ringing once, and only while the call is unanswered', async () => {
    await setUp();
    const callId = await world.calls.invite(alice, 'bob');
    world.calls.ringing(bob, callId);
    world.calls.ringing(bob, callId);
    await world.calls.accept(bob, callId);
    world.calls.ringing(bob, callId);
    expect(alice.connection!.events()).toEqual(['call.created', 'call.ringing', 'call.accepted']);
  });

  it('forwards the caller’s candidates to the callee, LAN addresses checked as LAN, public ones as public', async () => {
    await setUp();
    const callId = await world.calls.invite(alice, 'bob');
    world.calls.candidates(alice, callId, [
      { type: 'host', address: '192.168.1.2', port: 1000 },
      { type: 'host', address: '8.8.4.4', port: 1001 },
      { type: 'srflx', address: '192.168.1.2', port: 1002 },
      { type: 'srflx', address: '127.0.113.160', port: 1003 },
    ]);
    expect(bob.connection!.frames.at(-1)).toEqual({
      event: 'call.candidates',
      data: {
        callId,
        from: 'alice',
        candidates: [
          { type: 'host', address: '192.168.1.2', port: 1000 },
          { type: 'host', address: 'outside-lab', port: 0 },
          { type: 'srflx', address: 'outside-lab', port: 0 },
          { type: 'srflx', address: '127.0.113.160', port: 1003 },
        ],
      },
    });
    expect(alice.connection!.events()).toEqual(['call.created']);
  });

  it('a reject or a cancel ends the call; an accepted call is ended only by hanging up, by either party', async () => {
    await setUp();
    const rejected = await world.calls.invite(alice, 'bob');
    expect(() => world.calls.reject(alice, rejected)).toThrow(
      expect.objectContaining({ code: 'call_state_conflict' }),
    );
    world.calls.reject(bob, rejected);
    const cancelled = await world.calls.invite(alice, 'bob');
    world.calls.cancel(alice, cancelled);
    expect(world.calls.activeCount()).toBe(0);
    expect(() => world.calls.ringing(bob, cancelled)).toThrow(
      expect.objectContaining({ code: 'call_not_found' }),
    );
    const answered = await world.calls.invite(alice, 'bob');
    await world.calls.accept(bob, answered);
    expect(() => world.calls.cancel(alice, answered)).toThrow(
      expect.objectContaining({ code: 'call_state_conflict' }),
    );
    expect(world.calls.activeCount()).toBe(1);
    world.calls.hangup(alice, answered);
    expect(bob.connection!.frames.at(-1)).toEqual({
      event: 'call.ended',
      data: { callId: answered, reason: 'hangup' },
    });
    expect(world.calls.activeCount()).toBe(0);
  });

  it('a callee who goes away ends the call for the caller; someone else going away changes nothing', async () => {
    await setUp();
    const callId = await world.calls.invite(alice, 'bob');
    world.offline(mallory);
    expect(world.calls.activeCount()).toBe(1);
    world.offline(bob);
    expect(alice.connection!.frames.at(-1)).toEqual({
      event: 'call.ended',
      data: { callId, reason: 'disconnected' },
    });
    expect(world.calls.activeCount()).toBe(0);
  });

  it('M3: each party has its own budget of held candidate messages', async () => {
    await setUp(['M3']);
    const callId = await world.calls.invite(alice, 'bob');
    const from = (user: TestUser) => () =>
      world.calls.candidates(user, callId, [{ type: 'host', address: '192.168.1.2', port: 1 }]);
    for (let i = 0; i < 3; i++) from(bob)();
    for (let i = 0; i < 4; i++) from(alice)();
    from(bob)(); // bob's fourth
    expect(from(bob)).toThrow(
      expect.objectContaining({ code: 'validation_failed', message: expect.stringContaining('At most 4') }),
    );
    expect(from(alice)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    await world.calls.accept(bob, callId);
    // Released at accept, each to the other party.
    expect(bob.connection!.frames.filter((f) => f.event === 'call.candidates')).toHaveLength(4);
    expect(alice.connection!.frames.filter((f) => f.event === 'call.candidates')).toHaveLength(4);
  });

  describe('M4: the relay', () => {
    async function relayedCall() {
      await setUp(['M4']);
      return world.calls.invite(alice, 'bob');
    }
    const candidateFrames = (user: TestUser) =>
      user.connection!.frames.filter((f) => f.event === 'call.candidates');

    it('gives each party the relay’s candidate with its own token, from the other party', async () => {
      const callId = await relayedCall();
      await world.calls.accept(bob, callId);
      const relay = { type: 'relay', address: '127.0.0.1', port: 7005 };
      expect(candidateFrames(alice)).toEqual([
        {
          event: 'call.candidates',
          data: { callId, from: 'bob', candidates: [{ ...relay, token: 'a'.repeat(32) }] },
        },
      ]);
      expect(candidateFrames(bob)).toEqual([
        {
          event: 'call.candidates',
          data: { callId, from: 'alice', candidates: [{ ...relay, token: 'b'.repeat(32) }] },
        },
      ]);
    });

    it('never releases held direct candidates into a relayed call', async () => {
      await setUp(['M3', 'M4']);
      const callId = await world.calls.invite(alice, 'bob');
      world.calls.candidates(bob, callId, [{ type: 'srflx', address: '127.51.100.50', port: 40000 }]);
      await world.calls.accept(bob, callId);
      expect(candidateFrames(alice)).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({ candidates: [expect.objectContaining({ type: 'relay' })] }),
        }),
      ]);
    });

    it('ends the call for both when the relay fails, never falling back to direct', async () => {
      const callId = await relayedCall();
      jest.spyOn(world.relay, 'allocate').mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
      await world.calls.accept(bob, callId);
      for (const user of [alice, bob]) {
        expect(user.connection!.frames.at(-1)).toEqual({
          event: 'call.ended',
          data: { callId, reason: 'relay_unavailable' },
        });
        expect(candidateFrames(user)).toEqual([]);
      }
      expect(world.calls.activeCount()).toBe(0);
    });

    it('over the relay quota, ends the call and tells the party over it why and when to retry', async () => {
      const callId = await relayedCall();
      jest.spyOn(world.relay, 'allocate').mockRejectedValueOnce(new RelayQuotaExceeded([alice.id], 42));
      await world.calls.accept(bob, callId);
      const ended = { event: 'call.ended', data: { callId, reason: 'relay_quota_exceeded' } };
      expect(alice.connection!.frames.slice(-2)).toEqual([
        ended,
        {
          event: 'error',
          data: { code: 'relay_quota_exceeded', message: expect.stringContaining('in 42 s') },
        },
      ]);
      expect(bob.connection!.frames.at(-1)).toEqual(ended);
      expect(bob.connection!.events()).not.toContain('error');
      expect(world.calls.activeCount()).toBe(0);
    });

    it('a call hung up while the relay allocated gets no candidate, and is not ended twice', async () => {
      const callId = await relayedCall();
      let allocated!: () => void;
      const original = world.relay.allocate.bind(world.relay);
      jest
        .spyOn(world.relay, 'allocate')
        .mockImplementationOnce((id) => new Promise((resolve) => (allocated = () => resolve(original(id)))));
      const accepting = world.calls.accept(bob, callId);
      world.calls.hangup(alice, callId);
      allocated();
      await accepting;
      expect(candidateFrames(alice)).toEqual([]);
      expect(candidateFrames(bob)).toEqual([]);
      // And a relay failure after the hang-up says nothing more.
      const second = await world.calls.invite(alice, 'bob');
      let failed!: () => void;
      jest
        .spyOn(world.relay, 'allocate')
        .mockImplementationOnce(
          () => new Promise((_resolve, reject) => (failed = () => reject(new Error('down')))),
        );
      const accepting2 = world.calls.accept(bob, second);
      world.calls.hangup(bob, second);
      const framesBefore = alice.connection!.frames.length;
      failed();
      await accepting2;
      expect(alice.connection!.frames).toHaveLength(framesBefore);
    });
  });
});
