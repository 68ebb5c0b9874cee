import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import {
  DISPLAY_NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  USERNAME_PATTERN,
  USERNAME_RULE,
} from '@lab/protocol';

/** An e-mail address as a search and a sign-up take it: one @, no spaces, a dot in the domain. */
export const EMAIL_PATTERN = /^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$/;
export const EMAIL_MAX_LENGTH = 254;

export class RegisterDto {
  @ApiProperty({ example: 'alice', pattern: USERNAME_PATTERN.source })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: `username must be ${USERNAME_RULE}` })
  username!: string;

  @ApiProperty({
    example: 'correct horse battery',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
  })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiPropertyOptional({ example: 'Alice Example', maxLength: DISPLAY_NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(DISPLAY_NAME_MAX_LENGTH)
  displayName?: string;

  @ApiPropertyOptional({
    example: 'alice@mail.example',
    maxLength: EMAIL_MAX_LENGTH,
    description: 'Optional. Others can search for the account by it (GET /users?email=).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(EMAIL_MAX_LENGTH)
  @Matches(EMAIL_PATTERN, { message: 'email must look like name@domain, such as alice@mail.example' })
  email?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Let strangers find the account by its e-mail address (the fixed directory asks for this).',
  })
  @IsOptional()
  @IsBoolean()
  discoverableByEmail?: boolean;
}

export class EmailSearchQuery {
  @ApiProperty({ example: 'alice@mail.example', maxLength: EMAIL_MAX_LENGTH })
  @IsString()
  @MaxLength(EMAIL_MAX_LENGTH)
  @Matches(EMAIL_PATTERN, { message: 'email must look like name@domain, such as alice@mail.example' })
  email!: string;
}

export class EmailSearchResultDto {
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class AccountDto {
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class SessionDto {
  @ApiProperty({ description: 'Opaque bearer token; send it as "Authorization: Bearer <token>".' })
  token!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
