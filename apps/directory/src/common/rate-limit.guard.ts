import {
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { AuthenticatedAccount } from '../accounts/accounts.service';
import type { RateLimitedAction } from '../policy/directory-policy';
import { socketIdentity } from '../realtime/socket-state';
import { DomainErrors } from './domain-error';
import { LookupLimiter } from './lookup-limiter';

const RATE_LIMITED_ACTION = 'lab:rate-limited-action';

/**
 * Counts a REST route or a WebSocket message against the budget the policy sets for this kind of
 * request (M5), per account and per source address; over budget it is refused with
 * `rate_limited` (HTTP 429 with Retry-After, or an error frame). Without a limit in the policy,
 * nothing is counted.
 */
export const RateLimited = (action: RateLimitedAction) =>
  applyDecorators(SetMetadata(RATE_LIMITED_ACTION, action), UseGuards(RateLimitGuard));

/** The one place the directory's rate limit is enforced, for REST and WebSocket alike. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: LookupLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const action = this.reflector.get<RateLimitedAction | undefined>(
      RATE_LIMITED_ACTION,
      context.getHandler(),
    );
    if (!action) return true;
    const verdict = await this.limiter.check(await who(context), action);
    if (!verdict.allowed) throw DomainErrors.rateLimited(verdict.retryAfterSeconds);
    return true;
  }
}

/** The account (once authenticated) and the source address the request came from. */
async function who(context: ExecutionContext): Promise<{ accountId?: number; address?: string }> {
  if (context.getType() === 'ws') return socketIdentity(context.switchToWs().getClient<WebSocket>());
  const req = context.switchToHttp().getRequest<IncomingMessage & { account?: AuthenticatedAccount }>();
  return { accountId: req.account?.id, address: req.socket.remoteAddress };
}
