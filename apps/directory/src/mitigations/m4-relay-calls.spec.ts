import { composePolicy } from '../policy/compose-policy';
import { isRelayed } from '../policy/directory-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';
import { M4_RELAY_CALLS, relayCallsMitigation } from './m4-relay-calls';

describe('M4 relay calls', () => {
  it('relays no call in the vulnerable directory, strangers’ calls with M4, every call when asked', () => {
    expect(vulnerablePolicy.relayCalls).toBe('never');
    expect(composePolicy(['M4']).relayCalls).toBe('strangers');
    expect(composePolicy(['M4'], { relayCalls: 'always' }).relayCalls).toBe('always');
  });

  it.each([
    ['never', 'stranger', false],
    ['never', 'contact', false],
    ['strangers', 'stranger', true],
    ['strangers', 'contact', false],
    ['always', 'stranger', true],
    ['always', 'contact', true],
  ] as const)('relayCalls=%s, relation=%s: relayed %p', (mode, relation, relayed) => {
    expect(isRelayed(mode, relation)).toBe(relayed);
  });

  it('changes nothing else', () => {
    const { relayCalls: _a, mitigations: _b, ...rest } = composePolicy(['M4']);
    const { relayCalls: _c, mitigations: _d, ...vulnerableRest } = vulnerablePolicy;
    expect(rest).toEqual(vulnerableRest);
  });

  it('combines with M3: candidates held until accept, and strangers relayed', () => {
    expect(composePolicy(['M3', 'M4'])).toMatchObject({
      holdCandidatesUntilAccepted: true,
      relayCalls: 'strangers',
    });
  });

  it('says what it stops and where it comes from', () => {
    expect(M4_RELAY_CALLS).toMatchObject({ id: 'M4', stops: ['L3'] });
    expect(M4_RELAY_CALLS.precedent).toMatch(/Signal/);
    expect(relayCallsMitigation('always').title).toMatch(/every call/);
  });
});
