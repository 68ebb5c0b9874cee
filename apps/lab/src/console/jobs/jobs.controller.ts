import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CreateJobDto } from './jobs.dto';
import { JobsService } from './jobs.service';

export const CONSOLE_JOBS = Symbol('CONSOLE_JOBS');

/** The console's jobs: the resolver's attacks and the defence matrix, run by the lab (docs/architecture.md). */
@ApiTags('console')
@Controller('console/api/jobs')
export class JobsController {
  constructor(@Inject(CONSOLE_JOBS) private readonly jobs: JobsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    description:
      'Started: { id, kind, status: "running" }. Follow it with GET /console/api/jobs/{id} or the "job" messages of ws://…/console/events.',
  })
  @ApiNotFoundResponse({ description: 'lab_directory_not_found: no directory with that id (GET /status).' })
  @ApiConflictResponse({
    description:
      'too_many_jobs (a few run at once, one matrix), attacker_busy (the attacker’s WebSocket on that directory is in use), clock_paused (watch, track).',
  })
  start(@Body() body: CreateJobDto) {
    const { id, kind, status } = this.jobs.start(body);
    return { id, kind, status };
  }

  @Get()
  @ApiOkResponse({ description: 'The jobs the lab keeps, newest first, without their results.' })
  list() {
    return this.jobs.list();
  }

  @Get(':id')
  @ApiOkResponse({
    description:
      'A job: status, progress { done, total }, and once done its result (an attack: leaked addresses with their RDAP enrichment, the refusal, the timeline, what the attacker received; the matrix: rows, columns, cells).',
  })
  @ApiNotFoundResponse({ description: 'job_not_found.' })
  get(@Param('id') id: string) {
    return this.jobs.get(id);
  }
}
