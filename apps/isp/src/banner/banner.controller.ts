import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { BANNER_PATH, Banner, LAB_NAME } from '@lab/protocol';
import type { IspOptions } from '../config/isp.config';
import { ISP_OPTIONS } from '../isp.tokens';

@ApiTags('lab')
@Controller()
export class BannerController {
  constructor(@Inject(ISP_OPTIONS) private readonly options: IspOptions) {}

  /** The lab's clients (the resolver's enrich step) refuse any service that does not answer this. */
  @Get(BANNER_PATH)
  @ApiOkResponse({ description: 'Identifies a lastseen-lab service.' })
  banner(): Banner {
    return {
      lab: LAB_NAME,
      service: 'isp',
      // The ISP has no fixed variant: it behaves as real registries and ISPs do (a public
      // registry, lease logs behind a lawful request). "vulnerable" with no mitigations says
      // exactly that: none of the lab's mitigations M1–M6 applies here.
      variant: 'vulnerable',
      mitigations: [],
      version: this.options.version,
    };
  }

  @Get('healthz')
  health() {
    return { status: 'ok' };
  }
}
