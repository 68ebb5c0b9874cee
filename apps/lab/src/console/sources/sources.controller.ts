import { Controller, Get, Inject, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { SourceFiles } from './source-files';

export const SOURCE_FILES = Symbol('SOURCE_FILES');

/**
 * The code behind the console's views, read from the repository at each request: the files as they
 * are now, which is the running code unless they were edited after the last build (npm start rebuilds).
 */
@ApiTags('console')
@Controller('console/api')
export class SourcesController {
  constructor(@Inject(SOURCE_FILES) private readonly sources: SourceFiles) {}

  @Get('fixes')
  @ApiOkResponse({
    description:
      'Each mitigation: its file and code, beside the hooks of apps/directory/src/policy/vulnerable.policy.ts it replaces ({ hook, file, code }).',
  })
  @ApiNotFoundResponse({ description: 'sources_absent: the lab runs from a build without its sources.' })
  fixes() {
    return this.sources.fixes();
  }

  @Get('source')
  @ApiQuery({
    name: 'path',
    required: false,
    example: 'apps/directory/src/mitigations/m2-contact-gated-presence.ts',
    description:
      'A repository path of an attack, the policy, a mitigation or a protocol profile; without it, the list.',
  })
  @ApiOkResponse({ description: '{ path, code }; without ?path, { files: [...] }: every path it serves.' })
  @ApiBadRequestResponse({
    description: 'source_not_allowed: any other path (no traversal, no symbolic links).',
  })
  @ApiNotFoundResponse({ description: 'sources_absent: the lab runs from a build without its sources.' })
  source(@Query('path') path?: unknown) {
    if (path === undefined) return { files: this.sources.list() };
    return this.sources.read(path as string);
  }
}
