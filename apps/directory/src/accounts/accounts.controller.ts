import { Body, Controller, Delete, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { RateLimited } from '../common/rate-limit.guard';
import { AccountDto, LoginDto, RegisterDto, SessionDto } from './accounts.dto';
import { AccountsService } from './accounts.service';
import { BearerAuthGuard, CurrentToken } from './bearer-auth.guard';

@ApiTags('accounts')
@Controller()
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('accounts')
  @ApiCreatedResponse({ type: AccountDto })
  @ApiConflictResponse({ description: 'username_taken' })
  @ApiTooManyRequestsResponse({ description: 'M5: too many requests from this address' })
  // "username_taken" tells a real account from a missing one; M5 at least limits how fast.
  @RateLimited('sign-in')
  async register(@Body() body: RegisterDto) {
    return this.accounts.register(body.username, body.password, body.displayName, {
      email: body.email,
      discoverableByEmail: body.discoverableByEmail,
    });
  }

  @Post('sessions')
  @ApiCreatedResponse({
    type: SessionDto,
    description: 'Log in. Vulnerable: 404 unknown_user for a missing account (L4).',
  })
  @ApiTooManyRequestsResponse({ description: 'M5: too many attempts from this address' })
  @RateLimited('sign-in')
  async login(@Body() body: LoginDto) {
    return this.accounts.login(body.username, body.password);
  }

  @Delete('sessions/current')
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(BearerAuthGuard)
  async logout(@CurrentToken() token: string) {
    await this.accounts.logout(token);
  }
}
