import { composePolicy } from '../policy/compose-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';
import { DirectoryServices } from '../test-support/directory-services';
import { M4_RELAY_CALLS, isRelayed, relayCallsMitigation } from './m4-relay-calls';

describe('M4 relay calls', () => {
  it.each([
    ['strangers', 'stranger', true],
    ['strangers', 'contact', false],
    ['always', 'stranger', true],
    ['always', 'contact', true],
  ] as const)('mode %s, relation %s: relayed %p', (mode, relation, relayed) => {
    expect(isRelayed(mode, relation)).toBe(relayed);
    expect(composePolicy(['M4'], { relayCalls: mode }).callRoute(relation)).toBe(
      relayed ? 'relayed' : 'direct',
    );
  });

  it('overrides the route of a call and what happens to candidates, nothing else', () => {
    expect(vulnerablePolicy.callRoute('stranger')).toBe('direct');
    expect(Object.keys(M4_RELAY_CALLS.overrides(vulnerablePolicy)).sort()).toEqual([
      'callRoute',
      'candidatesIn',
    ]);
    expect(composePolicy(['M4']).candidatesIn({ state: 'accepted', route: 'relayed' })).toBe('drop');
    expect(composePolicy(['M4']).candidatesIn({ state: 'accepted', route: 'direct' })).toBe('forward');
  });

  it("a stranger's call: no candidate of either party is forwarded, each gets the relay's at accept", async () => {
    const world = await new DirectoryServices(['M4']).start();
    const alice = await world.user('alice');
    const bob = await world.user('bob');
    const alicesFrames = world.online(alice, '127.0.113.160');
    const bobsFrames = world.online(bob, '127.51.100.50');
    const callId = await world.calls.invite(alice, 'bob');
    world.calls.candidates(bob, callId, [{ type: 'srflx', address: '127.51.100.50', port: 40000 }]);
    world.calls.candidates(alice, callId, [{ type: 'srflx', address: '127.0.113.160', port: 40001 }]);
    await world.calls.accept(bob, callId);
    const candidates = (frames: typeof alicesFrames) =>
      frames.frames.flatMap((f) => (f.event === 'call.candidates' ? f.data.candidates : []));
    expect(candidates(alicesFrames)).toEqual([
      { type: 'relay', address: '127.0.0.1', port: 7005, token: 'a'.repeat(32) },
    ]);
    expect(candidates(bobsFrames)).toEqual([
      { type: 'relay', address: '127.0.0.1', port: 7005, token: 'b'.repeat(32) },
    ]);
    expect(world.relay.allocated).toEqual([callId]);
    await world.stop();
  });

  it("contacts call each other directly in 'strangers' mode (the control): their candidates flow", async () => {
    const world = await new DirectoryServices(['M4']).start();
    const alice = await world.user('alice');
    const bob = await world.user('bob');
    await world.makeContacts(alice, bob);
    const alicesFrames = world.online(alice, '127.0.113.160');
    world.online(bob, '127.51.100.50');
    const callId = await world.calls.invite(alice, 'bob');
    world.calls.candidates(bob, callId, [{ type: 'srflx', address: '127.51.100.50', port: 40000 }]);
    expect(alicesFrames.frames).toContainEqual(
      expect.objectContaining({ event: 'call.candidates', data: expect.objectContaining({ from: 'bob' }) }),
    );
    expect(world.relay.allocated).toEqual([]);
    await world.stop();
  });

  it('says what it stops and where it comes from', () => {
    expect(M4_RELAY_CALLS).toMatchObject({ id: 'M4', stops: ['L3'] });
    expect(M4_RELAY_CALLS.precedent).toMatch(/Signal/);
    expect(relayCallsMitigation('always').title).toMatch(/every call/);
  });
});
