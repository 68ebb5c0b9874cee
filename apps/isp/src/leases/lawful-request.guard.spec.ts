import type { ExecutionContext } from '@nestjs/common';
import type { IspOptions } from '../config/isp.config';
import { IspError } from '../common/isp-error';
import { LawfulRequestGuard } from './lawful-request.guard';

const guard = new LawfulRequestGuard({ lawfulRequestToken: 'court-order-42' } as IspOptions);
const withHeader = (authorization?: string) =>
  ({
    switchToHttp: () => ({ getRequest: () => ({ headers: { authorization } }) }),
  }) as unknown as ExecutionContext;

const statusOf = (authorization?: string): number | 'allowed' => {
  try {
    return guard.canActivate(withHeader(authorization)) ? 'allowed' : 0;
  } catch (error) {
    if (error instanceof IspError) return error.getStatus();
    throw error;
  }
};

describe('LawfulRequestGuard', () => {
  it('lets the token the lab issued through, in any case of the scheme name', () => {
    expect(statusOf('Lawful-Request court-order-42')).toBe('allowed');
    expect(statusOf('lawful-request   court-order-42 ')).toBe('allowed');
  });

  it.each([undefined, '', 'Bearer court-order-42', 'Lawful-Request', 'Lawful-Request a b'])(
    'asks for a lawful request (401) when the header is %j',
    (header) => expect(statusOf(header)).toBe(401),
  );

  it.each(['Lawful-Request court-order-43', 'Lawful-Request court-order-4'])('refuses %j (403)', (header) =>
    expect(statusOf(header)).toBe(403),
  );
});
