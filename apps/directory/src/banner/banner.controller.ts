import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { BANNER_PATH, Banner, LAB_NAME } from '@lab/protocol';
import type { DirectoryOptions } from '../config/directory.config';
import { variantOf } from '../config/directory.config';
import { DIRECTORY_OPTIONS, DIRECTORY_POLICY } from '../directory.tokens';
import type { DirectoryPolicy } from '../policy/directory-policy';

@ApiTags('lab')
@Controller()
export class BannerController {
  constructor(
    @Inject(DIRECTORY_OPTIONS) private readonly options: DirectoryOptions,
    @Inject(DIRECTORY_POLICY) private readonly policy: DirectoryPolicy,
  ) {}

  /** The lab's clients refuse any service that does not answer this. */
  @Get(BANNER_PATH)
  @ApiOkResponse({ description: 'Identifies a lastseen-lab service, its variant and mitigations.' })
  banner(): Banner {
    return {
      lab: LAB_NAME,
      service: 'directory',
      variant: variantOf(this.policy.mitigations),
      mitigations: [...this.policy.mitigations],
      version: this.options.version,
    };
  }

  @Get('healthz')
  health() {
    // No online count: polled, it would tell a stranger when someone with a known routine is on.
    return { status: 'ok' };
  }
}
