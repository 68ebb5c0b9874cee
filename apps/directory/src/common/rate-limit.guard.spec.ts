import { GUARDS_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { WebSocket } from 'ws';
import type { DirectoryPolicy, RateLimit, RateLimitedAction } from '../policy/directory-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';
import { socketStates } from '../realtime/socket-state';
import { LookupLimiter } from './lookup-limiter';
import { RateLimitGuard, RateLimited } from './rate-limit.guard';

const LIMIT: RateLimit = { perAccount: 2, perAddress: 3, windowMs: 60_000 };

/** Handlers as a controller or gateway declares them. */
class Handlers {
  @RateLimited('lookup')
  lookup() {}

  @RateLimited('sign-in')
  signIn() {}

  open() {}
}

/** An HTTP request as the guard sees it, after the bearer guard ran (or not). */
function http(handler: () => void, address: string, accountId?: number) {
  const request = { socket: { remoteAddress: address }, account: accountId ? { id: accountId } : undefined };
  return new ExecutionContextHost([request, {}], Handlers, handler);
}

/** A WebSocket message as the guard sees it: the socket's state says who and from where. */
function ws(handler: () => void, address: string, accountId?: number) {
  const client = {} as WebSocket;
  socketStates.set(client, {
    auth: Promise.resolve(accountId ? { id: accountId, username: 'u', displayName: 'u' } : undefined),
    remoteAddress: address,
  });
  const context = new ExecutionContextHost([client, {}], Handlers, handler);
  context.setType('ws');
  return context;
}

describe('RateLimitGuard', () => {
  const limiters: LookupLimiter[] = [];
  const guard = (rateLimitFor: DirectoryPolicy['rateLimitFor']) => {
    const limiter = new LookupLimiter({ ...vulnerablePolicy, rateLimitFor });
    limiters.push(limiter);
    return new RateLimitGuard(new Reflector(), limiter);
  };
  const limitOnly = (only: RateLimitedAction) => (action: RateLimitedAction) =>
    action === only ? LIMIT : null;
  afterEach(() => limiters.splice(0).forEach((l) => l.onApplicationShutdown()));
  const { lookup, signIn, open } = Handlers.prototype;

  /** The guard's verdicts for `times` requests: true, or the code it refused with. */
  async function verdicts(g: RateLimitGuard, times: number, context: () => ExecutionContextHost) {
    const out: (boolean | string)[] = [];
    for (let i = 0; i < times; i++)
      out.push(await g.canActivate(context()).catch((error: { code: string }) => error.code));
    return out;
  }

  it('puts itself on the handlers it marks', () => {
    expect(Reflect.getMetadata(GUARDS_METADATA, lookup)).toEqual([RateLimitGuard]);
    expect(Reflect.getMetadata(GUARDS_METADATA, open)).toBeUndefined();
  });

  it('refuses an HTTP request over the account budget with rate_limited and the seconds to wait', async () => {
    const g = guard(limitOnly('lookup'));
    expect(await verdicts(g, LIMIT.perAccount, () => http(lookup, '127.0.113.150', 7))).toEqual([true, true]);
    await expect(g.canActivate(http(lookup, '127.0.113.151', 7))).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: LIMIT.windowMs / 1000,
    });
    // Another account, from another address, is not affected.
    expect(await verdicts(g, 1, () => http(lookup, '127.0.113.152', 8))).toEqual([true]);
  });

  it('counts anonymous HTTP requests per source address', async () => {
    const g = guard(limitOnly('lookup'));
    expect(await verdicts(g, LIMIT.perAddress + 1, () => http(lookup, '127.0.113.150'))).toEqual([
      true,
      true,
      true,
      'rate_limited',
    ]);
    expect(await verdicts(g, 1, () => http(lookup, '127.0.113.151'))).toEqual([true]);
  });

  it('counts WebSocket messages by the socket’s account and address, in the same budget as HTTP', async () => {
    const g = guard(limitOnly('lookup'));
    expect(await verdicts(g, 1, () => http(lookup, '127.0.113.150', 7))).toEqual([true]);
    expect(await verdicts(g, 2, () => ws(lookup, '127.0.113.151', 7))).toEqual([true, 'rate_limited']);
    // Per address, too: anonymous sockets from one address share its budget.
    expect(await verdicts(g, LIMIT.perAddress + 1, () => ws(lookup, '127.0.113.160'))).toEqual([
      true,
      true,
      true,
      'rate_limited',
    ]);
  });

  it('asks the policy for the budget of the handler’s own action', async () => {
    const g = guard(limitOnly('sign-in'));
    expect(await verdicts(g, LIMIT.perAccount + 1, () => http(lookup, '127.0.113.150', 7))).not.toContain(
      'rate_limited',
    );
    expect(await verdicts(g, LIMIT.perAccount + 1, () => http(signIn, '127.0.113.150', 7))).toContain(
      'rate_limited',
    );
  });

  it('counts nothing on an unmarked handler, or when the policy sets no limit', async () => {
    const g = guard(() => LIMIT);
    expect(await verdicts(g, LIMIT.perAddress + 1, () => http(open, '127.0.113.150', 7))).toEqual(
      Array(LIMIT.perAddress + 1).fill(true),
    );
    // The control: the same requests to a marked handler are limited.
    expect(await verdicts(g, LIMIT.perAddress + 1, () => http(lookup, '127.0.113.150', 7))).toContain(
      'rate_limited',
    );
    const unlimited = guard(() => null);
    expect(
      await verdicts(unlimited, LIMIT.perAddress + 1, () => http(lookup, '127.0.113.150', 7)),
    ).not.toContain('rate_limited');
  });
});
