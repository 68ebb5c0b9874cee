import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches } from 'class-validator';
import { CreateAllocationRequest, RELAY_ACCOUNT_KEY_PATTERN } from '@lab/protocol';

export class CreateAllocationDto implements CreateAllocationRequest {
  /** The directory's call id, so the relay's log and the directory's can be matched. */
  @ApiPropertyOptional({ example: '0b1c5e9e-5d1f-4a43-9a57-1b7f0c2f4d11' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'callId must be 1 to 64 letters, digits or dashes' })
  callId?: string;

  /** The call's parties, as opaque keys: each may hold only so many unused allocations. */
  @ApiPropertyOptional({ example: ['q0V2b1mVQ3i7bYc0', 'Zl9c2H3bX1aT0e8w'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @Matches(RELAY_ACCOUNT_KEY_PATTERN, {
    each: true,
    message: 'each account is 8 to 64 letters, digits, dashes or underscores',
  })
  accounts?: string[];
}
