import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { LawfulRequestGuard } from './lawful-request.guard';
import { LeaseQueryDto } from './lease-query.dto';
import { LeasesService } from './leases.service';

/** The ISPs' lease logs: not public like the registry, they answer lawful requests only. */
@ApiTags('leases')
@ApiSecurity('lawful-request')
@UseGuards(LawfulRequestGuard)
@Controller('isps')
export class LeasesController {
  constructor(private readonly leases: LeasesService) {}

  @Get(':ispId/leases')
  @ApiOperation({
    summary: 'Who held an address (and source port) at a time: lawful requests only',
    description: 'Send "Authorization: Lawful-Request <token>" with the token the lab printed at start.',
  })
  @ApiOkResponse({
    description: '{ ispId, address, at, port?, subscribers: [{ subscriber, start, end, port? }] }',
  })
  @ApiUnauthorizedResponse({ description: 'lawful_request_required: no lawful-request token' })
  @ApiForbiddenResponse({ description: 'lawful_request_refused: not the token the lab issued' })
  @ApiNotFoundResponse({ description: 'isp_not_found, address_not_in_isp or address_outside_lab' })
  @ApiUnprocessableEntityResponse({
    description: 'port_required: a carrier-grade NAT address needs its port',
  })
  lookup(@Param('ispId') ispId: string, @Query() query: LeaseQueryDto) {
    return this.leases.lookup(ispId, query);
  }
}
