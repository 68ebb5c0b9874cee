import { Body, Controller, HttpStatus, Inject, Post, UseGuards } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorCode, RelayAllocation } from '@lab/protocol';
import { ApiError } from '@lab/http-kit';
import { CreateAllocationDto } from './allocations.dto';
import type { RelayOptions } from '../config/relay.config';
import { RELAY_OPTIONS } from '../relay.tokens';
import { AllocationsService } from './allocations.service';
import { RelaySecretGuard } from './relay-secret.guard';

@ApiTags('relay')
@ApiHeader({ name: 'Authorization', required: true, description: '"Relay <secret>": for the directory only' })
@Controller('allocations')
@UseGuards(RelaySecretGuard)
export class AllocationsController {
  constructor(
    private readonly allocations: AllocationsService,
    @Inject(RELAY_OPTIONS) private readonly options: RelayOptions,
  ) {}

  /** One allocation per relayed call: the relay's media address and one token for each party. */
  @Post()
  @ApiCreatedResponse({
    description:
      '{allocationId, relayAddress, relayPort, tokens: {caller, callee}, expiresAt}: each party connects to ' +
      'relayAddress:relayPort and sends its token and a newline.',
  })
  @ApiUnauthorizedResponse({ description: 'No or wrong secret.' })
  @ApiTooManyRequestsResponse({
    description:
      'relay_quota_exceeded: an account in `accounts` holds its quota of unused allocations (those accounts ' +
      'are in `details`, Retry-After says when the first frees up); rate_limited: the relay is full.',
  })
  create(@Body() body: CreateAllocationDto = {}): RelayAllocation {
    const result = this.allocations.create(body.callId, body.accounts);
    if (!('refused' in result)) return result;
    if (result.refused === 'quota') {
      const { maxAllocationsPerAccount, allocationTtlMs } = this.options;
      throw new ApiError(
        HttpStatus.TOO_MANY_REQUESTS,
        ErrorCode.RelayQuotaExceeded,
        `${result.accounts.length === 1 ? 'An account' : 'Both accounts'} of this call already hold ` +
          `${maxAllocationsPerAccount} unused allocations, the most one account may. An allocation is freed ` +
          `when both parties connect to it, or ${Math.ceil(allocationTtlMs / 1000)} s after it was made: ` +
          `try again in ${result.retryAfterSeconds} s.`,
        result.accounts,
        { 'Retry-After': String(result.retryAfterSeconds) },
      );
    }
    throw new ApiError(
      HttpStatus.TOO_MANY_REQUESTS,
      ErrorCode.RateLimited,
      'The relay holds as many unused allocations as it allows; try again when some have expired.',
    );
  }
}
