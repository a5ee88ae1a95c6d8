import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '@pdca/domain';
import type { UserWithTenant } from '@pdca/persistence/repositories';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginRequestDto {
  @ApiProperty({ example: 'leader@hiratsuka.example.jp', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'pdca-demo', maxLength: 1024 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 1024 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({
    maxLength: 1024,
    description: 'At least the tenant’s minimum length (default 12 characters), at most 72 bytes in UTF-8.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  newPassword: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'leader@hiratsuka.example.jp' })
  email: string;
  @ApiProperty({ example: '平塚 太郎' })
  displayName: string;
  @ApiProperty({ format: 'uuid' })
  tenantId: string;
  @ApiProperty({ example: 'hiratsuka' })
  tenantCode: string;
  @ApiProperty({ enum: ROLES, isArray: true, example: ['wg_leader'] })
  roles: string[];
  @ApiProperty({ description: 'A one-time password must be changed before anything else is allowed.' })
  mustChangePassword: boolean;
  @ApiProperty({ enum: ['password', 'oidc'], description: 'How this user signs in.' })
  signInMethod: 'password' | 'oidc';
}

export class LoginResponseDto {
  @ApiProperty({ description: 'JWT (HS256); send as "Authorization: Bearer <accessToken>".' })
  accessToken: string;
  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires.', example: 28800 })
  expiresIn: number;
  @ApiProperty({ type: UserDto })
  user: UserDto;
}

export function mapUser(user: UserWithTenant): UserDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    tenantId: user.tenantId,
    tenantCode: user.tenantCode,
    roles: user.roles,
    mustChangePassword: user.mustChangePassword,
    signInMethod: user.directoryUser ? 'oidc' : 'password',
  };
}
