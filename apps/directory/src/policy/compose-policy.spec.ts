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
    expect(fixed).toMatchObject({
      holdCandidatesUntilAccepted: true,
      relayCalls: 'strangers',
      uniformAnswers: true,
      keepAddressHistory: false,
      keepLastSeenAddress: false,
    });
    expect(fixed.presenceVisibleTo('stranger')).toBe(false);
    expect(fixed.rateLimit).not.toBeNull();
  });

  it("applies a mitigation's setting: M4 can relay every call", () => {
    expect(composePolicy(['M4'], { relayCalls: 'always' }).relayCalls).toBe('always');
    expect(composePolicy(['M3'], { relayCalls: 'always' }).relayCalls).toBe('never'); // not without M4
  });
});
