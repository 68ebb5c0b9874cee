import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import {
  BANNER_PATH,
  Banner,
  ErrorCode,
  LAB_NAME,
  LAB_VERSION,
  MAX_CLOCK_SPEED,
  MIN_CLOCK_SPEED,
} from '@lab/protocol';
import { IMPLEMENTED_MITIGATION_IDS, MitigationId, PROFILE_NAMES } from '@lab/directory';
import { ApiError } from '@lab/http-kit';
import { ClockError, parseLabTime } from '@lab/peers';
import { LabWorld, MAX_ON_DEMAND_DIRECTORIES } from '../world/lab-world';

export const LAB_WORLD = Symbol('LAB_WORLD');

class StartDirectoryDto {
  @ApiProperty({
    example: ['M1', 'M3'],
    required: false,
    description:
      'Any subset of the implemented mitigations; [] is the vulnerable directory. Required unless a profile is given.',
  })
  @ValidateIf((body: StartDirectoryDto) => body.profile === undefined || body.mitigations !== undefined)
  @IsArray()
  @ArrayMaxSize(6)
  @IsIn(IMPLEMENTED_MITIGATION_IDS, { each: true })
  mitigations?: MitigationId[];

  @ApiProperty({
    required: false,
    example: 'xmpp',
    enum: PROFILE_NAMES,
    description: 'A protocol profile (docs/profiles.md) instead of mitigations: it decides them itself.',
  })
  @IsOptional()
  @IsIn(PROFILE_NAMES)
  profile?: string;

  @ApiProperty({
    required: false,
    default: true,
    description: 'Start the personas in it too (the defence matrix brings its own victims).',
  })
  @IsOptional()
  @IsBoolean()
  population?: boolean;
}

class ClockChangeDto {
  @ApiProperty({ required: false, description: 'true pauses the lab clock, false resumes it.' })
  @IsOptional()
  @IsBoolean()
  paused?: boolean;

  @ApiProperty({
    required: false,
    example: 3600,
    description: `Lab seconds per real second, ${MIN_CLOCK_SPEED}–${MAX_CLOCK_SPEED} (60: a lab day in 24 minutes; 3600: in 24 seconds).`,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(MIN_CLOCK_SPEED)
  @Max(MAX_CLOCK_SPEED)
  speed?: number;

  @ApiProperty({
    required: false,
    example: '07:40',
    description:
      'Jump forward to a lab time: "07:40" is the next time the clock shows 07:40, "day 2 07:40" exactly that. The population moves on at once.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  jumpTo?: string;
}

/** The lab's own API: what runs where, the population, the victims' view, directories on demand. */
@ApiTags('lab')
@Controller()
export class LabController {
  constructor(@Inject(LAB_WORLD) private readonly world: LabWorld) {}

  @Get(BANNER_PATH)
  banner(): Banner {
    return { lab: LAB_NAME, service: 'lab', variant: 'custom', mitigations: [], version: LAB_VERSION };
  }

  @Get('healthz')
  health() {
    return { status: 'ok' };
  }

  @Get('status')
  @ApiOkResponse({
    description: 'The lab clock, the addressing mode, every directory and where each persona is.',
  })
  status() {
    return {
      labTime: this.world.clock.describe(),
      /** Lab minutes since lab midnight of day 1, and lab seconds per real second: enough to convert times. */
      labMinutes: this.world.clock.minutes(),
      clockSpeed: this.world.clock.speed,
      clockPaused: this.world.clock.paused,
      /**
       * The mitigations a directory of this lab can run (what POST /directories accepts), not what
       * runs now: each directory below lists its own.
       */
      implementedMitigations: IMPLEMENTED_MITIGATION_IDS,
      addressing: this.world.mode,
      /** Each world's ISP registry: the vulnerable support desk and the fixed one. */
      isps: this.world.ispUrls ?? null,
      directories: [...this.world.directories.values()].map((d) => ({
        id: d.id,
        name: d.name,
        url: d.running.url,
        mitigations: d.mitigations,
        ...(d.profile ? { profile: d.profile } : {}),
        onDemand: d.onDemand,
        population: d.population?.status() ?? [],
      })),
    };
  }

  @Get('clock')
  @ApiOkResponse({
    description: 'The lab clock: time, speed, paused, and its history (to convert real times to lab times).',
  })
  clock() {
    return this.world.clock.state();
  }

  /** Pause, resume, change the speed, jump ahead: in one request, applied in that order. */
  @Post('clock')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'The clock after the change.' })
  async changeClock(@Body() body: ClockChangeDto) {
    const clock = this.world.clock;
    try {
      // Check the jump before changing anything, so a refused request changes nothing.
      const target = body.jumpTo === undefined ? undefined : parseLabTime(body.jumpTo, clock.minutes());
      if (target !== undefined) clock.checkJump(target);
      if (body.paused === true) clock.pause();
      if (body.speed !== undefined) clock.setSpeed(body.speed);
      if (body.paused === false) clock.resume();
      if (target !== undefined) clock.jumpTo(target);
    } catch (error) {
      if (error instanceof ClockError) throw new ApiError(422, ErrorCode.ClockChangeRefused, error.message);
      throw error;
    }
    // Move everyone to where their routine puts them at the new time before answering.
    await this.world.tickPopulations();
    return clock.state();
  }

  /**
   * The victim's view: what each persona's user was shown (rings, missed calls, requests), and
   * what their ISP told them (`isp`: the fixed world's support desk notices every inquiry).
   */
  @Get('directories/:id/seen/:username')
  seen(@Param('id') id: string, @Param('username') username: string) {
    const agent = this.world.directories.get(id)?.population?.agent(username);
    if (!agent) {
      throw new ApiError(
        404,
        ErrorCode.PersonaNotFound,
        `No persona "${username}" in directory "${id}"; GET /status lists them.`,
      );
    }
    const inbox = id === 'vulnerable' || id === 'fixed' ? this.world.deskInboxes[id] : undefined;
    return { username, seen: agent.seen, isp: inbox?.for(username) ?? [] };
  }

  @Post('directories')
  @ApiCreatedResponse({
    description: 'A directory with the chosen mitigations, on a free loopback port, with its own population.',
  })
  async start(@Body() body: StartDirectoryDto) {
    if ([...this.world.directories.values()].filter((d) => d.onDemand).length >= MAX_ON_DEMAND_DIRECTORIES) {
      throw new ApiError(
        409,
        ErrorCode.TooManyDirectories,
        `At most ${MAX_ON_DEMAND_DIRECTORIES} directories run on demand; stop one with DELETE /directories/{id}.`,
      );
    }
    if (body.profile !== undefined && body.mitigations !== undefined) {
      throw new ApiError(
        400,
        ErrorCode.ValidationFailed,
        `The profile ${body.profile} decides its mitigations: send either "profile" or "mitigations", not both.`,
      );
    }
    const directory = await this.world.startOnDemand(
      [...new Set(body.mitigations ?? [])].sort(),
      body.population ?? true,
      body.profile,
    );
    return {
      id: directory.id,
      url: directory.running.url,
      mitigations: directory.mitigations,
      ...(directory.profile ? { profile: directory.profile } : {}),
    };
  }

  @Delete('directories/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async stop(@Param('id') id: string) {
    const directory = this.world.directories.get(id);
    if (!directory?.onDemand) {
      throw new ApiError(
        404,
        ErrorCode.LabDirectoryNotFound,
        `No on-demand directory "${id}"; GET /status lists them.`,
      );
    }
    await this.world.stopDirectory(id);
  }
}
