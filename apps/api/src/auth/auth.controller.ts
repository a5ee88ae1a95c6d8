import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import type { AuthUser } from '../common/http/request-context';
import { LoginRequestDto, LoginResponseDto, UserDto } from './auth.dto';
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
      'Returns a JWT bearer token. Unknown email and wrong password get the same 401. Rate-limited per client address and per account (429 with Retry-After).',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'Wrong email or password (one message for both).',
  })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Too many attempts; see Retry-After.' })
  login(@Body() dto: LoginRequestDto): Promise<LoginResponseDto> {
    return this.auth.login(dto);
  }

  @Get('me')
  @Endpoint({
    summary: 'The signed-in user',
    action: { en: 'load your account', ja: 'アカウント情報の取得' },
  })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthUser): UserDto {
    return this.auth.me(user);
  }
}
