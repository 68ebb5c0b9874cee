import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { isIP } from 'node:net';
import { ErrorCode, RELAY_AUTH_SCHEME, RELAY_TOKEN_PATTERN, RelayAllocation } from '@lab/protocol';
import { checkBanner } from '@lab/sandbox';
import type { DirectoryRelayOptions } from '../config/directory.config';

/**
 * M4's port to the relay: one allocation per relayed call. An abstract class, so the calls service
 * does not care how the relay is reached (and a directory without M4 binds one that refuses).
 */
export abstract class RelayAllocator {
  /** An allocation for the call, charged to its parties' accounts until it is used or expires. */
  abstract allocate(callId: string, accountIds: readonly number[]): Promise<RelayAllocation>;
}

/** The relay refused: these accounts already hold their quota of allocations nobody connected to. */
export class RelayQuotaExceeded extends Error {
  constructor(
    readonly accountIds: number[],
    readonly retryAfterSeconds: number,
  ) {
    super(`relay quota reached for ${accountIds.length} account(s); retry in ${retryAfterSeconds} s`);
    this.name = 'RelayQuotaExceeded';
  }
}

/** The relay of apps/relay, over its HTTP API. */
export class HttpRelayAllocator extends RelayAllocator {
  private readonly url: URL;
  private bannerChecked?: Promise<unknown>;
  /**
   * The relay counts allocations per account without learning who the accounts are: it gets a
   * keyed hash of each account id, with a key that never leaves this directory.
   */
  private readonly accountKeySecret = randomBytes(32);

  constructor(
    private readonly relay: DirectoryRelayOptions,
    private readonly timeoutMs = 3000,
  ) {
    super();
    this.url = new URL('/allocations', relay.url);
  }

  async allocate(callId: string, accountIds: readonly number[]): Promise<RelayAllocation> {
    // The sandbox guard, as in every lab client: the relay must answer the lab's banner as a relay.
    // Checked at first use, not at start, so the directory and the relay may start in any order.
    this.bannerChecked ??= checkBanner(new URL(this.relay.url), 'relay').catch((error: unknown) => {
      this.bannerChecked = undefined;
      throw error;
    });
    await this.bannerChecked;
    const keys = new Map(accountIds.map((id) => [this.accountKey(id), id]));
    const { status, text, retryAfter } = await this.post(
      JSON.stringify({ callId, accounts: [...keys.keys()] }),
    );
    if (status === 429) {
      const body = parseJson(text) as { code?: string; details?: unknown } | undefined;
      if (body?.code === ErrorCode.RelayQuotaExceeded && Array.isArray(body.details)) {
        const over = body.details.map((key) => keys.get(String(key))).filter((id) => id !== undefined);
        throw new RelayQuotaExceeded(over, Number(retryAfter) > 0 ? Number(retryAfter) : 60);
      }
    }
    if (status !== 201)
      throw new Error(`the relay answered ${status} to POST /allocations: ${text.slice(0, 200)}`);
    const allocation = JSON.parse(text) as RelayAllocation;
    // What goes into candidates must be what a relay would send; anything else is not forwarded.
    const valid =
      isIP(allocation.relayAddress) === 4 &&
      Number.isInteger(allocation.relayPort) &&
      RELAY_TOKEN_PATTERN.test(allocation.tokens?.caller) &&
      RELAY_TOKEN_PATTERN.test(allocation.tokens?.callee);
    if (!valid)
      throw new Error('the relay answered POST /allocations with something that is not an allocation');
    return allocation;
  }

  private accountKey(accountId: number): string {
    return createHmac('sha256', this.accountKeySecret)
      .update(String(accountId))
      .digest('base64url')
      .slice(0, 22);
  }

  private post(body: string): Promise<{ status: number; text: string; retryAfter?: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        this.url,
        {
          method: 'POST',
          timeout: this.timeoutMs,
          headers: {
            'content-type': 'application/json',
            authorization: `${RELAY_AUTH_SCHEME} ${this.relay.secret}`,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text, retryAfter: res.headers['retry-after'] }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`the relay did not answer within ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** Without M4 no call is relayed; asking anyway is a bug, said plainly. */
export class NoRelayAllocator extends RelayAllocator {
  allocate(): Promise<RelayAllocation> {
    return Promise.reject(new Error('this directory has no relay configured (M4 is off)'));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
