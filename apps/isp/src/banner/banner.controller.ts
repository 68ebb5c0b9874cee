import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { BANNER_PATH, Banner, LAB_NAME } from '@lab/protocol';
import type { IspOptions } from '../config/isp.config';
import type { DeskPolicy } from '../desk/desk-policy';
import { DESK_POLICY, ISP_OPTIONS } from '../isp.tokens';

@ApiTags('lab')
@Controller()
export class BannerController {
  constructor(
    @Inject(ISP_OPTIONS) private readonly options: IspOptions,
    @Inject(DESK_POLICY) private readonly desk: DeskPolicy,
  ) {}

  /** The lab's clients (the resolver's enrich step) refuse any service that does not answer this. */
  @Get(BANNER_PATH)
  @ApiOkResponse({ description: 'Identifies a lastseen-lab service.' })
  banner(): Banner {
    return {
      lab: LAB_NAME,
      service: 'isp',
      // The registry and the lease logs behave as real ones do, in either variant; what varies is
      // the support desk: "vulnerable" (no fixes) or "fixed" (the desk's fixes D1–D3, not the
      // directory's M1–M6).
      variant: this.desk.variant,
      mitigations: this.desk.fixes.map((fix) => fix.id),
      version: this.options.version,
    };
  }

  @Get('healthz')
  health() {
    return { status: 'ok' };
  }
}
