import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { ContactState, USERNAME_PATTERN, USERNAME_RULE } from '@lab/protocol';

export class ContactRequestDto {
  @ApiProperty({ example: 'bob' })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: `username must be ${USERNAME_RULE}` })
  username!: string;
}

export class ContactRequestAcceptedDto {
  @ApiProperty({ enum: ['sent'], description: 'With M5 the same answer whether or not the user exists.' })
  status!: 'sent';
}

export class ContactDto {
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ['accepted', 'outgoing', 'incoming'] }) state!: ContactState;
  @ApiProperty({ format: 'date-time' }) since!: string;
}

export class ContactListDto {
  @ApiProperty({ type: [ContactDto] }) contacts!: ContactDto[];
}
