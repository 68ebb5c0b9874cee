import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Workshop, WorkshopClient } from './workshop.service';

export const WORKSHOP = Symbol('WORKSHOP');

class CheckDto {
  @ApiProperty({
    required: false,
    example: '198.51.100.70 192.168.0.5',
    description:
      'The answer, when the exercise asks for one; exercises checked by an observed event need none.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  answer?: string;
}

/** Best effort: a header anyone can set, used only to label the console's "solved" event. */
const clientOf = (header: string | undefined): WorkshopClient =>
  header === 'console' || header === 'cli' ? header : 'api';

/**
 * The workshop's API on the lab port: the same verdicts the command line prints. No HTTP-adapter
 * types here, only Nest's own decorators, so the adapter can change underneath.
 */
@ApiTags('workshop')
@Controller('workshop')
export class WorkshopController {
  constructor(@Inject(WORKSHOP) private readonly workshop: Workshop) {}

  @Get('exercises')
  @ApiOkResponse({ description: "Every exercise in order, with this participant's status." })
  list() {
    return { instance: this.workshop.instance.fingerprint, exercises: this.workshop.list() };
  }

  @Get('exercises/:id')
  @ApiOkResponse({
    description: 'One exercise, filled in for this lab instance; only the hints already revealed.',
  })
  show(@Param('id') id: string) {
    return this.workshop.show(id);
  }

  @Post('exercises/:id/hints')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'Reveals the next hint (and records that it was needed).' })
  hint(@Param('id') id: string) {
    return this.workshop.hint(id);
  }

  @Post('exercises/:id/check')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'Runs the check against the live world: solved, feedback, evidence.' })
  @ApiHeader({
    name: 'X-Lab-Client',
    required: false,
    description: 'console or cli: which front end ran the check, for the console\'s "solved" event.',
  })
  check(@Param('id') id: string, @Body() body: CheckDto, @Headers('x-lab-client') client?: string) {
    return this.workshop.check(id, body.answer ?? '', undefined, clientOf(client));
  }

  @Post('exercises/:id/reset')
  @HttpCode(HttpStatus.OK)
  resetOne(@Param('id') id: string) {
    return this.workshop.reset(id);
  }

  @Post('reset')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'Resets every exercise; the history keeps what happened.' })
  resetAll() {
    return this.workshop.reset();
  }

  @Get('progress')
  @ApiOkResponse({
    description: 'The progress as a signed, versioned file (import it with POST /workshop/progress).',
  })
  exportProgress() {
    return this.workshop.exportProgress();
  }

  @Post('progress')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'Replaces the progress with an exported file, after checking it.' })
  importProgress(@Body() body: Record<string, unknown>) {
    return this.workshop.importProgress(body);
  }

  @Get('facilitator/answers')
  @ApiHeader({ name: 'X-Facilitator-Key', description: 'From data/workshop-facilitator.key.' })
  @ApiOkResponse({ description: "This instance's expected answers, for the facilitator only." })
  answers(@Headers('x-facilitator-key') key?: string) {
    return this.workshop.answers(key);
  }
}
