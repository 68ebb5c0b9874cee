import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AddressPlan } from '@lab/address-plan';
import type { SeenEvent } from '@lab/directory-client';
import { ApiError } from '@lab/http-kit';
import { IMPLEMENTED_MITIGATION_IDS } from '@lab/directory';
import type { LabClock, PersonaStatus } from '@lab/peers';
import { BANNER_PATH, Banner, ErrorCode, LAB_NAME, LAB_VERSION } from '@lab/protocol';
import type { DockerLabOptions } from '../config/docker-lab.config';

export const DOCKER_LAB = Symbol('DOCKER_LAB');

export interface DockerLab {
  options: DockerLabOptions;
  plan: AddressPlan;
  clock: LabClock;
}

/** Ids and usernames name files on the shared volume: nothing but these characters. */
const NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * The lab API in the Docker world: it fronts the containers instead of running its own parts.
 * It reads what the devices write to a shared volume (each user's victim's view, where each
 * device is) and the world's shared clock; what only a process holding the world can do (change
 * the clock, start a directory with chosen mitigations) it refuses with the way to do it in Docker.
 */
@ApiTags('lab (Docker world)')
@Controller()
export class DockerLabController {
  constructor(@Inject(DOCKER_LAB) private readonly lab: DockerLab) {}

  @Get(BANNER_PATH)
  banner(): Banner {
    return { lab: LAB_NAME, service: 'lab', variant: 'custom', mitigations: [], version: LAB_VERSION };
  }

  @Get('healthz')
  health() {
    return { status: 'ok' };
  }

  @Get('status')
  @ApiOkResponse({ description: 'The clock, the directories of the Docker world, and where each device is.' })
  status() {
    const { clock, options } = this.lab;
    return {
      labTime: clock.describe(),
      labMinutes: clock.minutes(),
      clockSpeed: clock.speed,
      clockPaused: clock.paused,
      // What a directory can run; each directory below lists what it does run.
      implementedMitigations: IMPLEMENTED_MITIGATION_IDS,
      addressing: 'docker',
      registry: options.registryUrl ?? null,
      directories: options.directories.map((d) => ({
        id: d.id,
        name: `directory-${d.id}`,
        url: d.url,
        mitigations: d.id === 'fixed' ? IMPLEMENTED_MITIGATION_IDS : d.id === 'vulnerable' ? [] : null,
        onDemand: false,
        population: this.devices(d.id),
      })),
    };
  }

  @Get('clock')
  @ApiOkResponse({ description: 'The world’s shared clock (every device runs on the same origin).' })
  clock() {
    return this.lab.clock.state();
  }

  @Post('clock')
  @HttpCode(HttpStatus.OK)
  changeClock() {
    throw new ApiError(
      409,
      ErrorCode.ClockChangeRefused,
      'In the Docker world every device runs its own copy of the clock, from one origin set at `up`: ' +
        'the lab API cannot move them. Set LAB_CLOCK_START (e.g. 07:30) and LAB_CLOCK_SPEED, then ' +
        '`docker compose -f docker/compose.yaml down -v` and `up -d` again.',
    );
  }

  /** The victim's view: what the persona's devices showed their user, oldest first. */
  @Get('directories/:id/seen/:username')
  seen(@Param('id') id: string, @Param('username') username: string) {
    this.directory(id);
    if (!NAME.test(username) || !this.lab.plan.persona(username)) {
      throw new ApiError(
        404,
        ErrorCode.PersonaNotFound,
        `No persona "${username.slice(0, 40)}" in the Docker world; GET /status lists them.`,
      );
    }
    const dir = join(this.lab.options.seenDir, id);
    const files = existsSync(dir)
      ? readdirSync(dir).filter((f) => f.startsWith(`${username}.`) && f.endsWith('.jsonl'))
      : [];
    const seen = files
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as SeenEvent];
        } catch {
          return []; // a line a device is appending right now
        }
      })
      .sort((a, b) => a.at.localeCompare(b.at));
    return { username, seen };
  }

  @Post('directories')
  startDirectory() {
    throw new ApiError(
      409,
      ErrorCode.TooManyDirectories,
      'The Docker world runs the vulnerable and the fixed directory only. Directories with chosen ' +
        'mitigations start in `npm start` (POST /directories there), or as a container: ' +
        '`docker run --rm lastseen-lab directory` with DIRECTORY_MITIGATIONS.',
    );
  }

  @Delete('directories/:id')
  stopDirectory(@Param('id') id: string) {
    this.directory(id);
    throw new ApiError(
      409,
      ErrorCode.LabDirectoryNotFound,
      `"${id}" is a container of the Docker world: stop it with \`docker compose -f docker/compose.yaml stop directory-${id}\`.`,
    );
  }

  private directory(id: string) {
    const directory = NAME.test(id) && this.lab.options.directories.find((d) => d.id === id);
    if (!directory) {
      throw new ApiError(
        404,
        ErrorCode.LabDirectoryNotFound,
        `No directory "${id.slice(0, 40)}" in the Docker world; it has ${this.lab.options.directories.map((d) => d.id).join(', ')}.`,
      );
    }
    return directory;
  }

  /** Where each device of the directory's population is, as the devices last wrote it. */
  private devices(
    id: string,
  ): (Omit<PersonaStatus, 'sourceAddress'> & { device: string; sourceAddress: null })[] {
    const dir = join(this.lab.options.seenDir, id);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.status.json'))
      .sort()
      .flatMap((f) => {
        try {
          return [
            {
              device: f.replace(/\.status\.json$/, ''),
              ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as PersonaStatus),
              // A device really sits on its network: no loopback mirror is involved.
              sourceAddress: null,
            },
          ];
        } catch {
          return []; // being rewritten right now: the next request shows it
        }
      });
  }
}
