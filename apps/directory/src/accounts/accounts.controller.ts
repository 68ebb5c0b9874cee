import { Body, Controller, Delete, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Errors } from '../common/api-error';
import { LookupLimiter } from '../common/lookup-limiter';
import { AccountDto, LoginDto, RegisterDto, SessionDto } from './accounts.dto';
import { AccountsService } from './accounts.service';
import { BearerAuthGuard, CurrentToken } from './bearer-auth.guard';

@ApiTags('accounts')
@Controller()
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly limiter: LookupLimiter,
  ) {}

  @Post('accounts')
  @ApiCreatedResponse({ type: AccountDto })
  @ApiConflictResponse({ description: 'username_taken' })
  @ApiTooManyRequestsResponse({ description: 'M5: too many requests from this address' })
  async register(@Body() body: RegisterDto, @Req() req: Request) {
    // "username_taken" tells a real account from a missing one; M5 at least limits how fast.
    const verdict = await this.limiter.check({ address: req.socket.remoteAddress }, 'sign-in');
    if (!verdict.allowed) throw Errors.rateLimited(verdict.retryAfterSeconds);
    return this.accounts.register(body.username, body.password, body.displayName);
  }

  @Post('sessions')
  @ApiCreatedResponse({
    type: SessionDto,
    description: 'Log in. Vulnerable: 404 unknown_user for a missing account (L4).',
  })
  @ApiTooManyRequestsResponse({ description: 'M5: too many attempts from this address' })
  async login(@Body() body: LoginDto, @Req() req: Request) {
    const verdict = await this.limiter.check({ address: req.socket.remoteAddress }, 'sign-in');
    if (!verdict.allowed) throw Errors.rateLimited(verdict.retryAfterSeconds);
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
