import { Controller, Get, Inject } from '@nestjs/common';
import { BANNER_PATH, Banner, LAB_NAME } from '@lab/protocol';
import { AllocationsService } from '../allocations/allocations.service';
import type { RelayOptions } from '../config/relay.config';
import { RELAY_OPTIONS } from '../relay.tokens';

@Controller()
export class BannerController {
  constructor(
    @Inject(RELAY_OPTIONS) private readonly options: RelayOptions,
    private readonly allocations: AllocationsService,
  ) {}

  /** The lab's clients (and the directory) refuse any relay that does not answer this. */
  @Get(BANNER_PATH)
  banner(): Banner {
    // The relay exists only for the fixed side of the lab: it is M4's half outside the directory.
    return {
      lab: LAB_NAME,
      service: 'relay',
      variant: 'fixed',
      mitigations: ['M4'],
      version: this.options.version,
    };
  }

  @Get('healthz')
  health() {
    return { status: 'ok', allocations: this.allocations.count() };
  }
}
