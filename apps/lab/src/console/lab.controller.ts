import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { BANNER_PATH, Banner, ErrorCode, LAB_NAME, LAB_VERSION } from '@lab/protocol';
import { IMPLEMENTED_MITIGATION_IDS, MitigationId } from '@lab/directory';
import { ApiError } from '@lab/http-kit';
import { LabWorld, MAX_ON_DEMAND_DIRECTORIES } from '../world/lab-world';

export const LAB_WORLD = Symbol('LAB_WORLD');

class StartDirectoryDto {
  @ApiProperty({
    example: ['M1', 'M3'],
    description: 'Any subset of the implemented mitigations; [] is the vulnerable directory.',
  })
  @IsArray()
  @ArrayMaxSize(6)
  @IsIn(IMPLEMENTED_MITIGATION_IDS, { each: true })
  mitigations!: MitigationId[];

  @ApiProperty({
    required: false,
    default: true,
    description: 'Start the personas in it too (the defence matrix brings its own victims).',
  })
  @IsOptional()
  @IsBoolean()
  population?: boolean;
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
      /** The mitigations this lab's directories implement: the fixed directory has them all. */
      mitigations: IMPLEMENTED_MITIGATION_IDS,
      addressing: this.world.mode,
      directories: [...this.world.directories.values()].map((d) => ({
        id: d.id,
        name: d.name,
        url: d.running.url,
        mitigations: d.mitigations,
        onDemand: d.onDemand,
        population: d.population?.status() ?? [],
      })),
    };
  }

  /** The victim's view: what each persona's user was shown (rings, missed calls, requests). */
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
    return { username, seen: agent.seen };
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
    const directory = await this.world.startOnDemand(
      [...new Set(body.mitigations)].sort(),
      body.population ?? true,
    );
    return { id: directory.id, url: directory.running.url, mitigations: directory.mitigations };
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
