import { composePolicy } from '../policy/compose-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';
import { bobAtHome } from './test-records';

describe('M2 contact-gated presence', () => {
  const m2 = composePolicy(['M2']);

  it('answers a stranger as if the user did not exist', () => {
    expect(vulnerablePolicy.profileFor(bobAtHome, 'stranger')).toBeDefined();
    expect(m2.profileFor(bobAtHome, 'stranger')).toBeUndefined();
  });

  it('still shows contacts and the user themself their profile', () => {
    expect(m2.profileFor(bobAtHome, 'contact')).toMatchObject({ username: 'bob' });
    expect(m2.profileFor(bobAtHome, 'self')).toMatchObject({ username: 'bob' });
  });

  it('lets only contacts (and oneself) follow presence', () => {
    expect(vulnerablePolicy.presenceVisibleTo('stranger')).toBe(true);
    expect(m2.presenceVisibleTo('stranger')).toBe(false);
    expect(m2.presenceVisibleTo('contact')).toBe(true);
    expect(m2.presenceVisibleTo('self')).toBe(true);
  });

  it('does not hide addresses by itself: that is M1, and the two combine', () => {
    expect(m2.profileFor(bobAtHome, 'contact')).toMatchObject({ lastSeenAddress: '127.51.100.23' });
    expect(composePolicy(['M1', 'M2']).profileFor(bobAtHome, 'contact')).not.toHaveProperty(
      'lastSeenAddress',
    );
  });
});
