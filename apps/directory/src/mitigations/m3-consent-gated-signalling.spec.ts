import type { Candidate } from '@lab/protocol';
import { composePolicy } from '../policy/compose-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';
import { DirectoryServices } from '../test-support/directory-services';
import { M3_CONSENT_GATED_SIGNALLING } from './m3-consent-gated-signalling';

const BOBS_CANDIDATES: Candidate[] = [
  { type: 'host', address: '192.168.77.20', port: 50123 },
  { type: 'srflx', address: '127.51.100.23', port: 50123 },
];

/** Mallory calls bob, bob's client answers the invite with its candidates at once (L3). */
async function inconspicuousCall(mitigations: 'M3'[] | []) {
  const world = await new DirectoryServices(mitigations).start();
  const mallory = await world.user('mallory');
  const bob = await world.user('bob');
  const mallorysScreen = world.online(mallory, '127.0.113.150');
  world.online(bob, '127.51.100.23', ['192.168.77.20']);
  const callId = await world.calls.invite(mallory, 'bob');
  world.calls.candidates(bob, callId, BOBS_CANDIDATES);
  const candidatesFrames = () => mallorysScreen.frames.filter((f) => f.event === 'call.candidates');
  return { world, mallory, bob, callId, candidatesFrames, mallorysScreen };
}

describe('M3 consent-gated signalling', () => {
  it('vulnerable (the control): the callee’s candidates reach the caller before anyone accepted', async () => {
    const { world, candidatesFrames } = await inconspicuousCall([]);
    expect(candidatesFrames()).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ candidates: BOBS_CANDIDATES }) }),
    ]);
    await world.stop();
  });

  it('holds every candidate until the callee’s user accepts, then releases them', async () => {
    const { world, bob, callId, candidatesFrames, mallorysScreen } = await inconspicuousCall(['M3']);
    world.calls.ringing(bob, callId);
    expect(candidatesFrames()).toEqual([]);
    expect(mallorysScreen.events()).toEqual(['call.created', 'call.ringing']);
    await world.calls.accept(bob, callId);
    expect(candidatesFrames()).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ from: 'bob', candidates: BOBS_CANDIDATES }),
      }),
    ]);
    await world.stop();
  });

  it('drops what it held when the caller hangs up before accept: nothing ever reaches the caller', async () => {
    const { world, mallory, bob, callId, candidatesFrames } = await inconspicuousCall(['M3']);
    world.calls.cancel(mallory, callId);
    await expect(world.calls.accept(bob, callId)).rejects.toMatchObject({ code: 'call_not_found' });
    expect(candidatesFrames()).toEqual([]);
    await world.stop();
  });

  it('overrides exactly one hook of the vulnerable policy: what happens to candidates', () => {
    expect(Object.keys(M3_CONSENT_GATED_SIGNALLING.overrides(vulnerablePolicy))).toEqual(['candidatesIn']);
    const m3 = composePolicy(['M3']);
    expect(m3.candidatesIn({ state: 'inviting', route: 'direct' })).toBe('hold');
    expect(m3.candidatesIn({ state: 'ringing', route: 'direct' })).toBe('hold');
    expect(m3.candidatesIn({ state: 'accepted', route: 'direct' })).toBe('forward');
  });
});
