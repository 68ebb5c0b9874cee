import { IMPLEMENTED_MITIGATION_IDS } from '../mitigations';
import { composePolicy } from './compose-policy';
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
