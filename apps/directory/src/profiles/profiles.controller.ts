import { Controller, Get, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { AuthenticatedAccount } from '../accounts/accounts.service';
import { BearerAuthGuard, CurrentAccount } from '../accounts/bearer-auth.guard';
import { RateLimited } from '../common/rate-limit.guard';
import { UsernameParam } from '../common/username.param';
import { ProfileDto } from './profile.dto';
import { ProfilesService } from './profiles.service';

@ApiTags('profiles')
@ApiBearerAuth()
@UseGuards(BearerAuthGuard)
@Controller('users')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get(':username')
  @ApiOkResponse({ type: ProfileDto })
  @ApiNotFoundResponse({ description: 'user_not_found (with M2, also for users who are not your contacts)' })
  @ApiTooManyRequestsResponse({ description: 'M5: lookup budget used up' })
  @RateLimited('lookup')
  async lookup(@CurrentAccount() me: AuthenticatedAccount, @UsernameParam() username: string) {
    return this.profiles.lookup(me, username);
  }
}
