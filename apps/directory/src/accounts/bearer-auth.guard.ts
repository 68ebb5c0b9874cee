import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { credentialFor } from '@lab/http-kit';
import { Errors } from '../common/api-error';
import { AccountsService, AuthenticatedAccount } from './accounts.service';

type AuthedRequest = IncomingMessage & { account?: AuthenticatedAccount; token?: string };

/** The bearer token of a request: `Authorization: Bearer …`, or `?access_token=` for browsers' WebSockets. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const fromHeader = credentialFor(req.headers.authorization, 'Bearer');
  if (fromHeader) return fromHeader;
  const query = new URL(req.url ?? '/', 'http://lab').searchParams.get('access_token');
  return query ?? undefined;
}

@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(private readonly accounts: AccountsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const token = bearerToken(req);
    const account = await this.accounts.authenticate(token);
    if (!account) throw Errors.unauthorized();
    req.account = account;
    req.token = token;
    return true;
  }
}

/** The authenticated account of the request (use behind BearerAuthGuard). */
export const CurrentAccount = createParamDecorator(
  (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthedRequest>().account!,
);

export const CurrentToken = createParamDecorator(
  (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthedRequest>().token!,
);
