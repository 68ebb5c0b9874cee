import { Body, Controller, HttpStatus, Post, UseGuards } from '@nestjs/common';
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
import { AllocationsService } from './allocations.service';
import { RelaySecretGuard } from './relay-secret.guard';

@ApiTags('relay')
@ApiHeader({ name: 'Authorization', required: true, description: '"Relay <secret>": for the directory only' })
@Controller('allocations')
@UseGuards(RelaySecretGuard)
export class AllocationsController {
  constructor(private readonly allocations: AllocationsService) {}

  /** One allocation per relayed call: the relay's media address and one token for each party. */
  @Post()
  @ApiCreatedResponse({
    description:
      '{allocationId, relayAddress, relayPort, tokens: {caller, callee}, expiresAt}: each party connects to ' +
      'relayAddress:relayPort and sends its token and a newline.',
  })
  @ApiUnauthorizedResponse({ description: 'No or wrong secret.' })
  @ApiTooManyRequestsResponse({ description: 'Too many unused allocations; try again later.' })
  create(@Body() body: CreateAllocationDto = {}): RelayAllocation {
    const allocation = this.allocations.create(body.callId);
    if (!allocation) {
      throw new ApiError(
        HttpStatus.TOO_MANY_REQUESTS,
        ErrorCode.RateLimited,
        'The relay holds as many unused allocations as it allows; try again when some have expired.',
      );
    }
    return allocation;
  }
}
