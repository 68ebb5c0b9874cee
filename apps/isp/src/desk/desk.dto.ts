import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CLAIMS, Claim, INTENTS, Intent } from './desk.types';

const ISO_WITH_ZONE = /T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i;
const TIME_RULE = 'must be a time in ISO 8601 form with its time zone, such as 2026-05-04T08:15:00Z';

/** A call to an ISP's support desk: who the caller claims to be, and which line at which time. */
export class OpenCallDto {
  @ApiProperty({ enum: CLAIMS, example: 'subscriber' })
  @IsIn(CLAIMS, { message: `claim must be one of ${CLAIMS.join(', ')}` })
  claim!: Claim;

  @ApiProperty({ example: '198.51.100.10', description: 'The line asked about: an address of this ISP.' })
  @IsString()
  @MaxLength(64)
  address!: string;

  @ApiProperty({ example: '2026-05-04T08:15:00Z', description: 'When the address was seen.' })
  @IsISO8601({ strict: true }, { message: `at ${TIME_RULE}` })
  @Matches(ISO_WITH_ZONE, { message: `at ${TIME_RULE}` })
  at!: string;
}

/** One turn of the caller. Which fields count depends on the intent (docs/lab-world.md). */
export class TurnDto {
  @ApiProperty({ enum: INTENTS, example: 'verify' })
  @IsIn(INTENTS, { message: `intent must be one of ${INTENTS.join(', ')}` })
  intent!: Intent;

  @ApiPropertyOptional({ description: "verify: the line's address, as proof", example: '198.51.100.10' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  address?: string;

  @ApiPropertyOptional({ description: 'verify: when the line was connected, as proof' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: `connectedAt ${TIME_RULE}` })
  connectedAt?: string;

  @ApiPropertyOptional({ description: 'verify: the town, as proof', example: 'Lakeside' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  city?: string;

  @ApiPropertyOptional({
    description: 'verify: the one-time code the subscriber received',
    example: '402817',
  })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  code?: string;

  @ApiPropertyOptional({ description: 'guess: a street to confirm or deny', example: 'Mill Road' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  street?: string;

  @ApiPropertyOptional({ description: 'guess: a name to confirm or deny', example: 'Carol Cruz' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  subscriber?: string;

  @ApiPropertyOptional({ description: 'emergency: what is said to be happening' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}
