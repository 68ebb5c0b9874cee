import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import type { DirectoryPolicy, RateLimitedAction } from '../policy/directory-policy';
import { DIRECTORY_POLICY } from '../directory.tokens';

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts lookups per account and per source address (M5). A no-op unless the policy sets a rate
 * limit. The counters live in @nestjs/throttler's storage, so HTTP and WebSocket share one budget.
 */
@Injectable()
export class LookupLimiter implements OnApplicationShutdown {
  private readonly storage = new ThrottlerStorageService();

  constructor(@Inject(DIRECTORY_POLICY) private readonly policy: DirectoryPolicy) {}

  async check(
    who: { accountId?: number; address?: string },
    action: RateLimitedAction = 'lookup',
  ): Promise<LimitVerdict> {
    const limit = this.policy.rateLimitFor(action);
    if (!limit) return { allowed: true };
    const keys: [string, number][] = [];
    if (who.accountId !== undefined) keys.push([`account:${who.accountId}`, limit.perAccount]);
    if (who.address) keys.push([`address:${who.address}`, limit.perAddress]);
    for (const [key, max] of keys) {
      const record = await this.storage.increment(key, limit.windowMs, max, limit.windowMs, 'lookups');
      if (record.isBlocked)
        return { allowed: false, retryAfterSeconds: Math.max(1, record.timeToBlockExpire) };
    }
    return { allowed: true };
  }

  onApplicationShutdown() {
    this.storage.onApplicationShutdown();
  }
}
