import type { DirectoryPolicy, RateLimit, RateLimitedAction } from '../policy/directory-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';
import { LookupLimiter } from './lookup-limiter';

/** A small budget, so that a spec spends it in a few requests. */
const LIMIT: RateLimit = { perAccount: 3, perAddress: 5, windowMs: 60_000 };

/** The vulnerable policy with a rate limit for the given actions only. */
const limitedFor = (...actions: RateLimitedAction[]): DirectoryPolicy => ({
  ...vulnerablePolicy,
  rateLimitFor: (action) => (actions.includes(action) ? LIMIT : null),
});

describe('LookupLimiter', () => {
  const limiters: LookupLimiter[] = [];
  const limiter = (policy: DirectoryPolicy) => {
    const made = new LookupLimiter(policy);
    limiters.push(made);
    return made;
  };
  afterEach(() => limiters.splice(0).forEach((l) => l.onApplicationShutdown()));

  async function allowed(
    l: LookupLimiter,
    times: number,
    who: { accountId?: number; address?: string },
    action?: RateLimitedAction,
  ) {
    const out: boolean[] = [];
    for (let i = 0; i < times; i++) out.push((await l.check(who, action)).allowed);
    return out;
  }

  it('counts an anonymous request against its address only, with the per-address budget', async () => {
    const l = limiter(limitedFor('lookup'));
    expect(await allowed(l, LIMIT.perAddress + 1, { address: '127.0.113.150' })).toEqual([
      ...Array(LIMIT.perAddress).fill(true),
      false,
    ]);
    // Another address has its own budget.
    expect(await allowed(l, 1, { address: '127.0.113.151' })).toEqual([true]);
  });

  it('counts an account without a known address against the account only', async () => {
    const l = limiter(limitedFor('lookup'));
    expect(await allowed(l, LIMIT.perAccount + 1, { accountId: 1 })).toEqual([true, true, true, false]);
    expect(await allowed(l, LIMIT.perAccount, { accountId: 2 })).toEqual([true, true, true]);
  });

  it('refuses with the time until the budget is back, in whole seconds', async () => {
    const l = limiter(limitedFor('lookup'));
    await allowed(l, LIMIT.perAccount, { accountId: 1 });
    const verdict = await l.check({ accountId: 1 });
    expect(verdict).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
    const { retryAfterSeconds } = verdict as { retryAfterSeconds: number };
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(LIMIT.windowMs / 1000 - 1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(LIMIT.windowMs / 1000);
  });

  it('counts a lookup by default, and only the actions the policy limits', async () => {
    const lookups = limiter(limitedFor('lookup'));
    expect(await allowed(lookups, LIMIT.perAccount + 1, { accountId: 1 })).toContain(false); // the default action
    expect(await allowed(lookups, LIMIT.perAccount + 1, { accountId: 2 }, 'sign-in')).not.toContain(false);
    const signIns = limiter(limitedFor('sign-in'));
    expect(await allowed(signIns, LIMIT.perAccount + 1, { accountId: 1 })).not.toContain(false);
    expect(await allowed(signIns, LIMIT.perAccount + 1, { accountId: 2 }, 'sign-in')).toContain(false);
  });
});
