import { LeaseLog, loadPlan } from '@lab/address-plan';
import { IspError } from '../common/isp-error';
import { LeasesService } from './leases.service';

const plan = loadPlan();

describe('LeasesService', () => {
  const leases = new LeaseLog();
  const service = new LeasesService(plan, leases);
  const phone = leases.open({
    ispId: 'skymobile',
    publicAddress: '192.0.2.5',
    port: 40312,
    subscriber: 'Alice Ahlberg (mobile)',
    start: '2026-05-04T07:40:00.000Z',
  });
  leases.close(phone, '2026-05-04T08:30:00.000Z');
  leases.open({
    ispId: 'skymobile',
    publicAddress: '192.0.2.5',
    port: 51000,
    subscriber: 'Bob Bakker (mobile)',
    start: '2026-05-04T08:00:00.000Z',
  });

  const failure = (fn: () => unknown): IspError => {
    try {
      fn();
    } catch (error) {
      if (error instanceof IspError) return error;
      throw error;
    }
    throw new Error('expected an IspError');
  };

  it('needs the port behind carrier-grade NAT, and explains why', () => {
    const error = failure(() =>
      service.lookup('skymobile', { address: '192.0.2.5', at: '2026-05-04T08:10:00Z' }),
    );
    expect(error.getStatus()).toBe(422);
    expect(error.code).toBe('port_required');
    expect(error.message).toMatch(/thousands .* share it/);
  });

  it('names the one subscriber that held the port at that time', () => {
    expect(
      service.lookup('skymobile', { address: '127.0.2.5', at: '2026-05-04T09:10:00+01:00', port: 40312 }),
    ).toEqual({
      ispId: 'skymobile',
      address: '192.0.2.5',
      at: '2026-05-04T08:10:00.000Z',
      port: 40312,
      subscribers: [
        {
          subscriber: 'Alice Ahlberg (mobile)',
          start: '2026-05-04T07:40:00.000Z',
          end: '2026-05-04T08:30:00.000Z',
          port: 40312,
        },
      ],
    });
    expect(
      service.lookup('skymobile', { address: '192.0.2.5', at: '2026-05-04T08:45:00Z', port: 40312 })
        .subscribers,
    ).toEqual([]);
  });

  it('refuses an unknown ISP and an address of another ISP, naming the right one', () => {
    expect(
      failure(() => service.lookup('acme', { address: '192.0.2.5', at: '2026-05-04T08:00:00Z' })).code,
    ).toBe('isp_not_found');
    const error = failure(() =>
      service.lookup('northwind', { address: '192.0.2.5', at: '2026-05-04T08:00:00Z' }),
    );
    expect(error.code).toBe('address_not_in_isp');
    expect(error.message).toContain('/isps/skymobile/leases');
  });
});
