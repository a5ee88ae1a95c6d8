import { randomBytes } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import bcrypt from 'bcryptjs';
import type { AppConfig } from '../../../../libs/config/src';
import { UserRepository } from '../../../../libs/persistence/src/repositories';
import type { AccessTokenClaims } from '../common/auth/auth.guard';
import { apiError } from '../common/errors/localized-error';
import type { AuthUser } from '../common/http/request-context';
import { type ApiOptions, loginRateLimits } from '../infrastructure/api-options';
import { API_OPTIONS, APP_CONFIG } from '../infrastructure/tokens';
import { type LoginRequestDto, type LoginResponseDto, mapUser, type UserDto } from './auth.dto';
import { LoginAttemptLimiter } from './login-attempt-limiter';

@Injectable()
export class AuthService {
  private readonly limiter: LoginAttemptLimiter;
  /** Compared against when the email is unknown, so both failures cost one bcrypt comparison. */
  private readonly dummyHash = bcrypt.hashSync(randomBytes(16).toString('hex'), 10);

  constructor(
    private readonly users: UserRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(API_OPTIONS) options: ApiOptions,
  ) {
    this.limiter = new LoginAttemptLimiter(loginRateLimits(options).perAccount);
  }

  async login(dto: LoginRequestDto): Promise<LoginResponseDto> {
    this.limiter.assertAllowed(dto.email);
    const user = await this.users.findCredentialsByEmail(dto.email);
    const matches = await bcrypt.compare(dto.password, user?.passwordHash || this.dummyHash);
    if (!user || !matches) {
      this.limiter.recordFailure(dto.email);
      // One message for an unknown email and a wrong password: do not reveal which accounts exist.
      throw apiError(
        HttpStatus.UNAUTHORIZED,
        'The email address or password is incorrect.',
        'メールアドレスまたはパスワードが正しくありません。',
        { code: 'BAD_CREDENTIALS' },
      );
    }
    this.limiter.reset(dto.email);
    const claims: AccessTokenClaims = { sub: user.id, tid: user.tenantId, roles: user.roles };
    const { passwordHash: _hash, ...withoutHash } = user;
    return {
      accessToken: await this.jwt.signAsync(claims),
      tokenType: 'Bearer',
      expiresIn: this.config.jwtExpiresInSeconds,
      user: mapUser(withoutHash),
    };
  }

  me(user: AuthUser): UserDto {
    return mapUser(user);
  }
}
