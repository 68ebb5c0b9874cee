import { composePolicy } from '../policy/compose-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';
import { ENUMERATION_RATE_LIMIT } from './m5-enumeration-resistance';

describe('M5 enumeration resistance', () => {
  const m5 = composePolicy(['M5']);

  it('makes missing accounts answer like existing ones', () => {
    expect(vulnerablePolicy.uniformAnswers).toBe(false);
    expect(m5.uniformAnswers).toBe(true);
  });

  it('sets per-account and per-address limits, the address budget the larger (several users may share one)', () => {
    expect(vulnerablePolicy.rateLimit).toBeNull();
    expect(m5.rateLimit).toEqual(ENUMERATION_RATE_LIMIT);
    expect(ENUMERATION_RATE_LIMIT.perAddress).toBeGreaterThan(ENUMERATION_RATE_LIMIT.perAccount);
  });
});
