import { composePolicy } from '../policy/compose-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';

describe('M3 consent-gated signalling', () => {
  it('holds candidates until the callee user accepts', () => {
    expect(vulnerablePolicy.holdCandidatesUntilAccepted).toBe(false);
    expect(composePolicy(['M3']).holdCandidatesUntilAccepted).toBe(true);
  });

  it('changes nothing else', () => {
    const { holdCandidatesUntilAccepted: _a, mitigations: _b, ...rest } = composePolicy(['M3']);
    const { holdCandidatesUntilAccepted: _c, mitigations: _d, ...vulnerableRest } = vulnerablePolicy;
    expect(rest).toEqual(vulnerableRest);
  });
});
