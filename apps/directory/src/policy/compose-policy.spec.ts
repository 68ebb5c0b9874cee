import { IMPLEMENTED_MITIGATION_IDS } from '../mitigations';
import { composePolicy, instancePolicy } from './compose-policy';
import { vulnerablePolicy } from './vulnerable.policy';

describe('composePolicy', () => {
  it('with no mitigation is the vulnerable policy', () => {
    expect(composePolicy([])).toEqual(vulnerablePolicy);
  });

  it('records the mitigations in M-order, whatever order they were given in', () => {
    expect(composePolicy(['M6', 'M1', 'M3']).mitigations).toEqual(['M1', 'M3', 'M6']);
  });

  it('"fixed" closes every channel', () => {
    const fixed = composePolicy(IMPLEMENTED_MITIGATION_IDS);
    expect(fixed.candidatesIn({ state: 'ringing', route: 'direct' })).toBe('hold');
    expect(fixed.callRoute('stranger')).toBe('relayed');
    expect(fixed.contactRequestToMissing()).toBe('sent');
    expect(
      fixed.keptAfterOffline({ endpoint: { address: '127.51.100.23', port: 1 }, localAddresses: [] }),
    ).toEqual({
      endpoint: null,
      localAddresses: [],
    });
    expect(
      fixed.historyEntry({ accountId: 1, address: '127.51.100.23', port: 1, localAddresses: [], seenAt: '' }),
    ).toBeNull();
    expect(fixed.presenceVisibleTo('stranger')).toBe(false);
    expect(fixed.rateLimitFor('lookup')).not.toBeNull();
  });

  it('lays the hooks of each mitigation over those before it: M3 and M4 both decide about candidates', () => {
    const both = composePolicy(['M3', 'M4']);
    expect(both.candidatesIn({ state: 'ringing', route: 'direct' })).toBe('hold'); // M3
    expect(both.candidatesIn({ state: 'accepted', route: 'relayed' })).toBe('drop'); // M4
    expect(both.candidatesIn({ state: 'accepted', route: 'direct' })).toBe('forward'); // vulnerable
  });

  it("applies a mitigation's setting: M4 can relay every call", () => {
    expect(composePolicy(['M4'], { relayCalls: 'always' }).callRoute('contact')).toBe('relayed');
    expect(composePolicy(['M3'], { relayCalls: 'always' }).callRoute('contact')).toBe('direct'); // not without M4
  });
});

describe('instancePolicy', () => {
  it('is the composed policy when no override is given', () => {
    expect(instancePolicy({ mitigations: [] })).toEqual(vulnerablePolicy);
    expect(instancePolicy({ mitigations: ['M1'] }).mitigations).toEqual(['M1']);
  });

  it('lays an override over the mitigations, given the policy below it, and keeps their list', () => {
    const policy = instancePolicy({
      mitigations: ['M3'],
      policyOverride: (previous) => ({
        candidatesIn: (call) => (call.state === 'accepted' ? previous.candidatesIn(call) : 'drop'),
        // Not a hook: what a JavaScript override could still return.
        ...({ mitigations: ['M1', 'M2'] } as object),
      }),
    });
    expect(policy.candidatesIn({ state: 'ringing', route: 'direct' })).toBe('drop'); // the override
    expect(policy.candidatesIn({ state: 'accepted', route: 'direct' })).toBe('forward'); // M3 below it
    expect(policy.profileFor).toBe(vulnerablePolicy.profileFor); // untouched hooks stay
    // The banner reports what the directory runs: an override cannot claim mitigations.
    expect(policy.mitigations).toEqual(['M3']);
  });
});
