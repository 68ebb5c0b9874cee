import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { RateLimited } from '../common/rate-limit.guard';
import { EmailSearchQuery, EmailSearchResultDto } from './accounts.dto';
import type { AuthenticatedAccount } from './accounts.service';
import { BearerAuthGuard, CurrentAccount } from './bearer-auth.guard';
import { EmailSearchService } from './email-search.service';

@ApiTags('profiles')
@ApiBearerAuth()
@UseGuards(BearerAuthGuard)
@Controller('users')
export class EmailSearchController {
  constructor(private readonly search: EmailSearchService) {}

  @Get()
  @ApiOkResponse({
    type: EmailSearchResultDto,
    description: 'The account registered with that e-mail address.',
  })
  @ApiNotFoundResponse({
    description: 'user_not_found: no match (with M2, also an account that did not opt in to be found)',
  })
  @ApiTooManyRequestsResponse({ description: 'M5: lookup budget used up' })
  // The same budget as profile lookups: a list of e-mail addresses is swept like a list of names.
  @RateLimited('lookup')
  async byEmail(@CurrentAccount() me: AuthenticatedAccount, @Query() query: EmailSearchQuery) {
    return this.search.search(me, query.email);
  }
}
