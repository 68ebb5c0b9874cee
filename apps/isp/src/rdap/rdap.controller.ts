import { Controller, Get, Param, Req, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { RdapContext } from './rdap-objects';
import { RdapExceptionFilter, RdapHeadersInterceptor } from './rdap-http';
import { RdapService } from './rdap.service';
import { RDAP_MEDIA_TYPE } from './rdap.types';

function contextOf(req: Request): RdapContext {
  const baseUrl = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return { baseUrl, requestUrl: `${baseUrl}${req.originalUrl}` };
}

/** The public registry (RDAP, RFC 9082 paths, RFC 9083 answers): anyone may ask, no token needed. */
@ApiTags('rdap')
@ApiProduces(RDAP_MEDIA_TYPE)
@UseFilters(RdapExceptionFilter)
@UseInterceptors(RdapHeadersInterceptor)
@Controller()
export class RdapController {
  constructor(private readonly rdap: RdapService) {}

  @Get('ip/:address')
  @ApiOperation({
    summary: 'The network, ISP, AS number and rough location of a lab address',
    description: 'Accepts a simulated address (198.51.100.10) or its loopback mirror (127.51.100.10).',
  })
  @ApiParam({ name: 'address', example: '198.51.100.10' })
  @ApiOkResponse({ description: 'An RFC 9083 "ip network" object.' })
  @ApiBadRequestResponse({ description: 'Not an IP address (RFC 9083 error body).' })
  @ApiNotFoundResponse({ description: 'Not a lab address: this registry describes no real network.' })
  ip(@Param('address') address: string, @Req() req: Request) {
    return this.rdap.network(address, undefined, contextOf(req));
  }

  @Get('ip/:address/:length')
  @ApiOperation({ summary: 'The lab network holding a whole block, such as 198.51.100.0/26' })
  @ApiParam({ name: 'address', example: '198.51.100.0' })
  @ApiParam({ name: 'length', example: '26' })
  @ApiOkResponse({ description: 'An RFC 9083 "ip network" object.' })
  @ApiNotFoundResponse({ description: 'No lab network holds the whole block.' })
  block(@Param('address') address: string, @Param('length') length: string, @Req() req: Request) {
    return this.rdap.network(address, length, contextOf(req));
  }

  @Get('autnum/:asn')
  @ApiOperation({ summary: "An ISP of the lab by its AS number (RFC 5398's documentation numbers)" })
  @ApiParam({ name: 'asn', example: '64496' })
  @ApiOkResponse({ description: 'An RFC 9083 "autnum" object.' })
  @ApiNotFoundResponse({ description: 'Not one of the lab ISPs.' })
  autnum(@Param('asn') asn: string, @Req() req: Request) {
    return this.rdap.autnum(asn, contextOf(req));
  }

  @Get('help')
  @ApiOperation({ summary: 'What this registry answers (RFC 9083 help response)' })
  help(@Req() req: Request) {
    return this.rdap.help(contextOf(req));
  }
}
