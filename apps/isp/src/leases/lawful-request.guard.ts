import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { SecretMatcher, credentialFor } from '@lab/http-kit';
import { ErrorCode } from '@lab/protocol';
import { IspError } from '../common/isp-error';
import type { IspOptions } from '../config/isp.config';
import { ISP_OPTIONS } from '../isp.tokens';

export const LAWFUL_REQUEST_SCHEME = 'Lawful-Request';

/**
 * A lease log names a person, so an ISP opens it only to a lawful request (a court order, a
 * police request under the law of the land). In the lab that is a token the lab hands out:
 * `Authorization: Lawful-Request <token>`. Everyone else is refused, before anything is looked up.
 */
@Injectable()
export class LawfulRequestGuard implements CanActivate {
  private readonly token: SecretMatcher;

  constructor(@Inject(ISP_OPTIONS) options: IspOptions) {
    this.token = new SecretMatcher(options.lawfulRequestToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    const token = credentialFor(header, LAWFUL_REQUEST_SCHEME);
    if (!token) {
      throw new IspError(
        401,
        ErrorCode.LawfulRequestRequired,
        [
          'An ISP opens its lease log only to a lawful request.',
          `Send "Authorization: ${LAWFUL_REQUEST_SCHEME} <token>" with the token the lab printed when it started ` +
            '(npm start shows it; a standalone ISP prints it, or takes ISP_LAWFUL_REQUEST_TOKEN).',
        ],
        { 'WWW-Authenticate': `${LAWFUL_REQUEST_SCHEME} realm="lastseen-lab ISP lease logs"` },
      );
    }
    if (!this.token.matches(token)) {
      throw new IspError(403, ErrorCode.LawfulRequestRefused, [
        'This lawful-request token is not the one this lab issued; the request is refused.',
        "Copy the token from the lab's start-up output (it changes at every start unless configured).",
      ]);
    }
    return true;
  }
}
