import { Body, Controller, Delete, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthenticatedAccount } from '../accounts/accounts.service';
import { BearerAuthGuard, CurrentAccount } from '../accounts/bearer-auth.guard';
import { RateLimited } from '../common/rate-limit.guard';
import { UsernameParam } from '../common/username.param';
import { ContactListDto, ContactRequestAcceptedDto, ContactRequestDto } from './contacts.dto';
import { ContactsService } from './contacts.service';

@ApiTags('contacts')
@ApiBearerAuth()
@UseGuards(BearerAuthGuard)
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @ApiOkResponse({ type: ContactListDto })
  list(@CurrentAccount() me: AuthenticatedAccount) {
    return this.contacts.list(me);
  }

  @Post('requests')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: ContactRequestAcceptedDto,
    description: 'Vulnerable: 404 user_not_found for a missing user (L4).',
  })
  @RateLimited('lookup')
  async request(@CurrentAccount() me: AuthenticatedAccount, @Body() body: ContactRequestDto) {
    return this.contacts.request(me, body.username);
  }

  @Post('requests/:username/accept')
  @HttpCode(204)
  @ApiNoContentResponse()
  accept(@CurrentAccount() me: AuthenticatedAccount, @UsernameParam() username: string) {
    return this.contacts.accept(me, username);
  }

  @Post('requests/:username/decline')
  @HttpCode(204)
  @ApiNoContentResponse()
  decline(@CurrentAccount() me: AuthenticatedAccount, @UsernameParam() username: string) {
    return this.contacts.decline(me, username);
  }

  @Delete(':username')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removes a contact, or withdraws a request you sent.' })
  remove(@CurrentAccount() me: AuthenticatedAccount, @UsernameParam() username: string) {
    return this.contacts.remove(me, username);
  }
}
