import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ProfileView } from '@lab/protocol';

/** The profile a lookup returns. With M1 the OpenAPI schema is published without the address fields. */
export class ProfileDto implements ProfileView {
  @ApiProperty({ example: 'bob' }) username!: string;
  @ApiProperty({ example: 'Bob Example' }) displayName!: string;
  @ApiProperty() online!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSeenAt!: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '127.51.100.23',
    description: 'L1 leak: the public address the user last connected from.',
  })
  lastSeenAddress?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 50123,
    description: 'L1 leak: the source port.',
  })
  lastSeenPort?: number | null;

  @ApiPropertyOptional({
    type: [String],
    example: ['192.168.77.20'],
    description: 'L1 leak: LAN addresses the client reported.',
  })
  localAddresses?: string[];
}
