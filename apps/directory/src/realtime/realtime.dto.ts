import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsIP,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_CANDIDATES, MAX_LOCAL_ADDRESSES, USERNAME_PATTERN, USERNAME_RULE } from '@lab/protocol';

/** Validated bodies of the client → server WebSocket events (docs/protocol.md). */

export class PresenceReportDto {
  @IsArray()
  @ArrayMaxSize(MAX_LOCAL_ADDRESSES)
  @IsIP(4, { each: true, message: 'each local address must be an IPv4 address' })
  localAddresses!: string[];
}

export class UsernameDto {
  @IsString()
  @Matches(USERNAME_PATTERN, { message: `username must be ${USERNAME_RULE}` })
  username!: string;
}

export class CallIdDto {
  @IsUUID(4)
  callId!: string;
}

export class CandidateDto {
  @IsIn(['host', 'srflx', 'relay'])
  type!: 'host' | 'srflx' | 'relay';

  @IsIP(4)
  address!: string;

  @IsInt()
  @Min(0)
  @Max(65535)
  port!: number;
}

export class CandidatesDto extends CallIdDto {
  @IsArray()
  @ArrayMaxSize(MAX_CANDIDATES)
  @ValidateNested({ each: true })
  @Type(() => CandidateDto)
  candidates!: CandidateDto[];
}
