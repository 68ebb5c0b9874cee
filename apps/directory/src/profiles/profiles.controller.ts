import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthenticatedAccount } from '../accounts/accounts.service';
import { BearerAuthGuard, CurrentAccount } from '../accounts/bearer-auth.guard';
import { Errors } from '../common/api-error';
import { LookupLimiter } from '../common/lookup-limiter';
import { UsernameParam } from '../common/username.param';
import { ProfileDto } from './profile.dto';
import { ProfilesService } from './profiles.service';

@ApiTags('profiles')
@ApiBearerAuth()
@UseGuards(BearerAuthGuard)
@Controller('users')
export class ProfilesController {
  constructor(
    private readonly profiles: ProfilesService,
    private readonly limiter: LookupLimiter,
  ) {}

  @Get(':username')
  @ApiOkResponse({ type: ProfileDto })
  @ApiNotFoundResponse({ description: 'user_not_found (with M2, also for users who are not your contacts)' })
  @ApiTooManyRequestsResponse({ description: 'M5: lookup budget used up' })
  async lookup(
    @CurrentAccount() me: AuthenticatedAccount,
    @UsernameParam() username: string,
    @Req() req: Request,
  ) {
    const verdict = await this.limiter.check({ accountId: me.id, address: req.socket.remoteAddress });
    if (!verdict.allowed) throw Errors.rateLimited(verdict.retryAfterSeconds);
    return this.profiles.lookup(me, username);
  }
}
