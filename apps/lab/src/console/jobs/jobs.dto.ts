import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { USERNAME_PATTERN, USERNAME_RULE } from '@lab/protocol';
import { ATTACK_KINDS, AttackKind } from './attack-job';

/** The longest watch or track, in lab minutes: two lab days. */
export const MAX_SPAN_LAB_MINUTES = 2 * 1440;
export const MAX_SWEEP_NAMES = 200;

export class AttackOptionsDto {
  @ApiProperty({
    required: false,
    example: 240,
    description: `watch, track: how long, in lab minutes (1–${MAX_SPAN_LAB_MINUTES}; default 60 for watch, 1440 for track). The real time it takes depends on the clock's speed and is bounded.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SPAN_LAB_MINUTES)
  labMinutes?: number;

  @ApiProperty({
    required: false,
    example: ['alice', 'frank', 'bob'],
    description: `sweep: the usernames to try (at most ${MAX_SWEEP_NAMES}); by default the lab's people among decoys.`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SWEEP_NAMES)
  @Matches(USERNAME_PATTERN, { each: true, message: `each name is a username: ${USERNAME_RULE}` })
  names?: string[];

  @ApiProperty({
    required: false,
    example: 1000,
    description: 'probe-call: the longest wait for candidates or the ring before hanging up (50–10000 ms).',
  })
  @IsOptional()
  @IsInt()
  @Min(50)
  @Max(10_000)
  waitMs?: number;
}

/** POST /console/api/jobs: an attack of the resolver, or the defence matrix. */
export class CreateJobDto {
  @ApiProperty({ enum: ['attack', 'matrix'] })
  @IsIn(['attack', 'matrix'])
  kind!: 'attack' | 'matrix';

  @ApiProperty({ required: false, enum: ATTACK_KINDS, description: 'kind "attack": which attack.' })
  @IsOptional()
  @IsIn(ATTACK_KINDS)
  attack?: AttackKind;

  @ApiProperty({
    required: false,
    example: 'vulnerable',
    description: 'kind "attack": the directory to attack, by its id in GET /status.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  directory?: string;

  @ApiProperty({
    required: false,
    example: 'alice',
    description: 'kind "attack": the username to attack (every attack but sweep).',
  })
  @IsOptional()
  @IsString()
  @Matches(USERNAME_PATTERN, { message: `target is a username: ${USERNAME_RULE}` })
  target?: string;

  @ApiProperty({ required: false, type: AttackOptionsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AttackOptionsDto)
  options?: AttackOptionsDto;

  @ApiProperty({
    required: false,
    default: false,
    description: 'kind "matrix": against every protocol profile instead of the mitigations.',
  })
  @IsOptional()
  @IsBoolean()
  profiles?: boolean;
}
