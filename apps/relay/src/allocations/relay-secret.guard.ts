import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ErrorCode, RELAY_AUTH_SCHEME } from '@lab/protocol';
import { ApiError, SecretMatcher, credentialFor } from '@lab/http-kit';
import type { RelayOptions } from '../config/relay.config';
import { RELAY_OPTIONS } from '../relay.tokens';

/**
 * Only the directory may allocate: `Authorization: Relay <secret>`. Otherwise anyone could use the
 * relay as a free, anonymous pipe (TURN servers ask for credentials for the same reason).
 */
@Injectable()
export class RelaySecretGuard implements CanActivate {
  private readonly secret: SecretMatcher;

  constructor(@Inject(RELAY_OPTIONS) options: RelayOptions) {
    this.secret = new SecretMatcher(options.secret);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    if (this.secret.matches(credentialFor(header, RELAY_AUTH_SCHEME))) return true;
    throw new ApiError(
      HttpStatus.UNAUTHORIZED,
      ErrorCode.Unauthorized,
      `Allocations are for the directory only: send "Authorization: ${RELAY_AUTH_SCHEME} <secret>" with the secret the relay was started with.`,
    );
  }
}
