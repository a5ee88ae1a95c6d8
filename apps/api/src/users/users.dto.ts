import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MIN_PASSWORD_LENGTH_RANGE, ROLES, type Role } from '@pdca/domain';
import type { UserWithTenant } from '@pdca/persistence/repositories';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PASSWORD_MAX_BYTES } from '../auth/password-rules';
import { AtLeastOneField } from '../common/http/at-least-one-field';
import { OptionalNotNull } from '../common/http/optional';
import { PageOf, PaginationQueryDto } from '../common/http/pagination.dto';
import { Trim } from '../common/http/trim';

/** The lowest minimum a tenant may set; the tenant's own minimum (default 12) is checked by the service. */
export const PASSWORD_MIN_LENGTH = MIN_PASSWORD_LENGTH_RANGE.min;
export const DISPLAY_NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;

export class UserListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ROLES, description: 'Only users holding this role.' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

export class CreateUserDto {
  @ApiProperty({
    example: 'tanaka@hiratsuka.example.jp',
    maxLength: EMAIL_MAX_LENGTH,
    description: 'Unique across all tenants, case-insensitively (it is the sign-in name).',
  })
  @IsEmail()
  @MaxLength(EMAIL_MAX_LENGTH)
  email: string;

  @ApiProperty({ example: '田中 花子', maxLength: DISPLAY_NAME_MAX_LENGTH })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(DISPLAY_NAME_MAX_LENGTH)
  displayName: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['wg_leader'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    description: `At least the tenant’s minimum length (\`settings.signIn.minPasswordLength\`, default 12 characters) and at most ${PASSWORD_MAX_BYTES} bytes in UTF-8. Stored only as a bcrypt hash; never returned.`,
    example: 'correct horse battery staple',
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(1024)
  password: string;
}

@AtLeastOneField()
export class UpdateUserDto {
  @ApiPropertyOptional({ example: '田中 花子', maxLength: DISPLAY_NAME_MAX_LENGTH })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(DISPLAY_NAME_MAX_LENGTH)
  displayName?: string;

  @ApiPropertyOptional({
    enum: ROLES,
    isArray: true,
    example: ['wg_leader'],
    description:
      'The complete new list of roles (replaces the old one). Nobody may remove their own admin role.',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];
}

export class UserAccountDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'tanaka@hiratsuka.example.jp' })
  email: string;
  @ApiProperty({ example: '田中 花子' })
  displayName: string;
  @ApiProperty({ enum: ROLES, isArray: true, example: ['wg_leader'] })
  roles: string[];
  @ApiProperty({ description: 'False once deactivated: none of the user’s tokens is accepted.' })
  active: boolean;
  @ApiProperty({ enum: ['password', 'oidc'], description: 'How this user signs in.' })
  signInMethod: 'password' | 'oidc';
}

export class UserActivationDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'Why (kept as the ledger entry’s comment).' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class UserAccountPageDto extends PageOf(UserAccountDto) {}

/** Never the password hash: UserWithTenant does not carry it. */
export function mapUserAccount(user: UserWithTenant): UserAccountDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    active: user.active,
    signInMethod: user.directoryUser ? 'oidc' : 'password',
  };
}
