import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ErrorCode, RELAY_AUTH_SCHEME } from '@lab/protocol';
import { ApiError } from '@lab/http-kit';
import type { RelayOptions } from '../config/relay.config';
import { RELAY_OPTIONS } from '../relay.tokens';

/**
 * Only the directory may allocate: `Authorization: Relay <secret>`. Otherwise anyone could use the
 * relay as a free, anonymous pipe (TURN servers ask for credentials for the same reason).
 */
@Injectable()
export class RelaySecretGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(RELAY_OPTIONS) options: RelayOptions) {
    this.expected = digest(options.secret);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const [scheme, secret] = header.split(' ', 2);
    // Schemes are case-insensitive (RFC 9110). Compare digests in constant time: the time taken
    // must not tell how much of a guess was right.
    if (
      scheme?.toLowerCase() === RELAY_AUTH_SCHEME.toLowerCase() &&
      secret &&
      timingSafeEqual(digest(secret), this.expected)
    )
      return true;
    throw new ApiError(
      HttpStatus.UNAUTHORIZED,
      ErrorCode.Unauthorized,
      `Allocations are for the directory only: send "Authorization: ${RELAY_AUTH_SCHEME} <secret>" with the secret the relay was started with.`,
    );
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();
