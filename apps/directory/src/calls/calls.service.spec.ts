import type { MitigationId } from '../mitigations/mitigation';
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
});
