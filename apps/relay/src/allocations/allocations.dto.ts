import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import type { CreateAllocationRequest } from '@lab/protocol';

export class CreateAllocationDto implements CreateAllocationRequest {
  /** The directory's call id, so the relay's log and the directory's can be matched. */
  @ApiPropertyOptional({ example: '0b1c5e9e-5d1f-4a43-9a57-1b7f0c2f4d11' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'callId must be 1 to 64 letters, digits or dashes' })
  callId?: string;
}
