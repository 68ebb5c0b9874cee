import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { RelayAllocation } from '@lab/protocol';
import type { RelayOptions } from '../config/relay.config';
import { RELAY_LOGGER, RELAY_OPTIONS } from '../relay.tokens';

export type Role = 'caller' | 'callee';

/** One call's allocation: two single-use tokens, and what the media port needs to pair them. */
export interface Allocation {
  id: string;
  callId?: string;
  /** The accounts it is charged to until it is used or expires (opaque keys from the directory). */
  accounts: string[];
  tokens: Record<Role, string>;
  expiresAt: number;
  /** Set once both parties are connected: from then on the media port owns the allocation. */
  paired: boolean;
  /** Called when the allocation expires unused (the media port closes a waiting party). */
  onExpire?: () => void;
  timer: NodeJS.Timeout;
}

/** Why an allocation was refused: the relay is full, or an account holds its quota of unused ones. */
export type AllocationRefusal =
  { refused: 'full' } | { refused: 'quota'; accounts: string[]; retryAfterSeconds: number };

/**
 * The relay's allocations, in memory only: a relay keeps no record of who called whom once a call
 * is over (and it never writes either party's address anywhere).
 */
@Injectable()
export class AllocationsService implements OnModuleDestroy {
  private readonly byId = new Map<string, Allocation>();
  private readonly byToken = new Map<string, { allocation: Allocation; role: Role }>();
  /** The media port as bound (the configured one may be 0: any free port). */
  private mediaPort: number;

  constructor(
    @Inject(RELAY_OPTIONS) private readonly options: RelayOptions,
    @Inject(RELAY_LOGGER) private readonly logger: Logger,
  ) {
    this.mediaPort = options.mediaPort;
  }

  /** Called by the media port once it listens. */
  listeningOn(port: number) {
    this.mediaPort = port;
  }

  /**
   * A new allocation, or why not. An account's quota is checked before the relay's total, so an
   * account over its quota is told so even when the relay is full: it cannot take more anyway.
   */
  create(callId?: string, accounts: readonly string[] = []): RelayAllocation | AllocationRefusal {
    const over = [...new Set(accounts)].filter(
      (account) => this.unusedOf(account).length >= this.options.maxAllocationsPerAccount,
    );
    if (over.length) {
      // The oldest unused allocation of these accounts frees a place first.
      const soonest = Math.min(...over.flatMap((account) => this.unusedOf(account).map((a) => a.expiresAt)));
      this.logger.info({ callId, accounts: over.length }, 'allocation refused: account quota');
      return {
        refused: 'quota',
        accounts: over,
        retryAfterSeconds: Math.max(1, Math.ceil((soonest - Date.now()) / 1000)),
      };
    }
    if (this.byId.size >= this.options.maxAllocations) return { refused: 'full' };
    // 128 random bits each: a token is the only thing that admits a party, so it must not be guessable.
    const tokens = { caller: randomBytes(16).toString('hex'), callee: randomBytes(16).toString('hex') };
    const allocation: Allocation = {
      id: randomUUID(),
      callId,
      accounts: [...new Set(accounts)],
      tokens,
      expiresAt: Date.now() + this.options.allocationTtlMs,
      paired: false,
      timer: setTimeout(() => this.expire(allocation), this.options.allocationTtlMs),
    };
    allocation.timer.unref();
    this.byId.set(allocation.id, allocation);
    this.byToken.set(tokens.caller, { allocation, role: 'caller' });
    this.byToken.set(tokens.callee, { allocation, role: 'callee' });
    this.logger.info({ allocationId: allocation.id, callId }, 'allocation created');
    return {
      allocationId: allocation.id,
      relayAddress: this.options.advertisedAddress ?? this.options.host,
      relayPort: this.mediaPort,
      tokens,
      expiresAt: new Date(allocation.expiresAt).toISOString(),
    };
  }

  find(token: string) {
    return this.byToken.get(token);
  }

  /** Both parties are in: the allocation no longer expires, and its tokens can never be used again. */
  markPaired(allocation: Allocation) {
    allocation.paired = true;
    clearTimeout(allocation.timer);
    this.forget(allocation);
  }

  /** Drops an allocation (expired, or a party gave up before the other came). */
  release(allocation: Allocation) {
    clearTimeout(allocation.timer);
    this.forget(allocation);
  }

  /** Allocations waiting for their parties. */
  count() {
    return this.byId.size;
  }

  /** The unused allocations charged to an account (at most a few hundred are held: a scan is enough). */
  private unusedOf(account: string): Allocation[] {
    return [...this.byId.values()].filter((a) => a.accounts.includes(account));
  }

  onModuleDestroy() {
    for (const allocation of this.byId.values()) clearTimeout(allocation.timer);
  }

  private expire(allocation: Allocation) {
    if (allocation.paired) return;
    this.forget(allocation);
    this.logger.info({ allocationId: allocation.id, callId: allocation.callId }, 'allocation expired unused');
    allocation.onExpire?.();
  }

  private forget(allocation: Allocation) {
    this.byId.delete(allocation.id);
    this.byToken.delete(allocation.tokens.caller);
    this.byToken.delete(allocation.tokens.callee);
  }
}
