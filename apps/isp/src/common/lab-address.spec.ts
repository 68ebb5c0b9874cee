import { loadPlan } from '@lab/address-plan';
import { IspError } from './isp-error';
import { locateLabAddress, parseAddress } from './lab-address';

const plan = loadPlan();

const failure = (fn: () => unknown): IspError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof IspError) return error;
    throw error;
  }
  throw new Error('expected an IspError');
};

describe('lab addresses', () => {
  it('reads an address in its simulated form or its loopback mirror, and answers the simulated one', () => {
    expect(locateLabAddress(plan, '198.51.100.10')).toMatchObject({ address: '198.51.100.10' });
    expect(locateLabAddress(plan, '127.51.100.10')).toMatchObject({
      address: '198.51.100.10',
      isp: { id: 'northwind' },
    });
    expect(locateLabAddress(plan, '::ffff:127.0.2.5')).toMatchObject({ address: '192.0.2.5' });
  });

  it.each(['8.8.8.8', '127.0.0.1', '192.0.2.200', '2001:db8::1'])(
    'refuses %s: not a lab ISP address',
    (address) => {
      const error = failure(() => locateLabAddress(plan, address));
      expect(error.getStatus()).toBe(404);
      expect(error.code).toBe('address_outside_lab');
      expect(error.sentences[1]).toContain('198.51.100.10');
    },
  );

  it.each(['not-an-ip', '198.51.100', '999.1.1.1', ''])('calls %j malformed', (text) => {
    const error = failure(() => parseAddress(text));
    expect(error.getStatus()).toBe(400);
    expect(error.code).toBe('validation_failed');
  });
});
