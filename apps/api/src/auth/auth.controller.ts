import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { ClientIp, CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import type { AuthUser } from '../common/http/request-context';
import { ChangePasswordDto, LoginRequestDto, LoginResponseDto, UserDto } from './auth.dto';
import { AuthService } from './auth.service';
import { LoginThrottlerGuard } from './login-throttler.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @UseGuards(LoginThrottlerGuard)
  @Endpoint({
    public: true,
    summary: 'Sign in with email and password',
    action: { en: 'sign in', ja: 'ログイン' },
    description:
      'Returns a JWT bearer token. Unknown email and wrong password get the same 401. Rate-limited per client address and per account (429 with Retry-After). 403 `ACCOUNT_DEACTIVATED`, or `PASSWORD_SIGN_IN_DISABLED` when the tenant signs in through its directory only. Every attempt is in the security log.',
    ok: LoginResponseDto,
    errors: [
      400,
      [401, 'Wrong email or password (one message for both).'],
      [429, 'Too many attempts; see Retry-After.'],
    ],
  })
  login(@Body() dto: LoginRequestDto, @ClientIp() ip: string | null): Promise<LoginResponseDto> {
    return this.auth.login(dto, ip);
  }

  @Get('me')
  @Endpoint({
    summary: 'The signed-in user',
    action: { en: 'load your account', ja: 'アカウント情報の取得' },
    allowedWithOneTimePassword: true,
    externalReviewers: 'own',
    ok: UserDto,
  })
  me(@CurrentUser() user: AuthUser): UserDto {
    return this.auth.me(user);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Endpoint({
    summary: 'Sign out: end every session of the caller',
    action: { en: 'sign out', ja: 'ログアウト' },
    allowedWithOneTimePassword: true,
    externalReviewers: 'own',
    description:
      'Every access token issued to the caller so far is refused from the next request on (on every device: the token version moves on).',
  })
  @ApiNoContentResponse()
  logout(@CurrentUser() user: AuthUser, @ClientIp() ip: string | null): Promise<void> {
    return this.auth.logout(user, ip);
  }

  @Post('password')
  @HttpCode(HttpStatus.OK)
  @UseGuards(LoginThrottlerGuard)
  @Endpoint({
    summary: 'Change your password',
    action: { en: 'change your password', ja: 'パスワードの変更' },
    allowedWithOneTimePassword: true,
    externalReviewers: 'own',
    description:
      'Checks `currentPassword`, applies the tenant’s minimum length to `newPassword`, ends every other session and answers a fresh token. Clears a one-time password. `user.password_changed` goes to the audit ledger (no hash).',
    ok: LoginResponseDto,
    errors: [
      400,
      [409, '`DIRECTORY_USER`: signs in through the directory.'],
      [429, 'Too many wrong current passwords (counted with failed sign-ins); see Retry-After.'],
    ],
  })
  changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @ClientIp() ip: string | null,
  ): Promise<LoginResponseDto> {
    return this.auth.changePassword(user, dto, ip);
  }
}
