import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const PORT_RULE = 'port must be a whole number from 1 to 65535';

/** `?address=…&at=…[&port=…]`: what a lawful request must name to single out one subscriber. */
export class LeaseQueryDto {
  @ApiProperty({ example: '198.51.100.10', description: 'A lab address, simulated or its loopback mirror.' })
  @IsString()
  @MaxLength(64)
  address!: string;

  @ApiProperty({
    example: '2026-05-04T08:15:00Z',
    description: 'The moment the address was seen, in ISO 8601 with its time zone.',
  })
  @IsISO8601(
    { strict: true },
    { message: 'at must be a time in ISO 8601 form, such as 2026-05-04T08:15:00Z' },
  )
  // A time without its zone is read in someone's local time: an hour off names the wrong subscriber.
  @Matches(/T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i, {
    message: 'at must carry a time of day and its time zone (Z or +01:00), such as 2026-05-04T08:15:00Z',
  })
  at!: string;

  @ApiPropertyOptional({
    example: 40312,
    description: 'The source port the address was seen with. Required for a carrier-grade NAT address.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: PORT_RULE })
  @Min(1, { message: PORT_RULE })
  @Max(65535, { message: PORT_RULE })
  port?: number;
}

export interface LeaseSubscriber {
  subscriber: string;
  start: string;
  /** Null while the lease is still held. */
  end: string | null;
  port?: number;
}

export interface LeaseAnswer {
  ispId: string;
  /** Always the simulated address, even when the question used its loopback mirror. */
  address: string;
  at: string;
  port?: number;
  /** Empty when nobody held the address (and port) at that time. */
  subscribers: LeaseSubscriber[];
}
