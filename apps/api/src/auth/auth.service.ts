import { randomBytes } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '@pdca/config';
import {
  SecurityEventRepository,
  type SignInMethod,
  UserRepository,
  type UserWithTenant,
} from '@pdca/persistence/repositories';
import bcrypt from 'bcryptjs';
import type { AccessTokenClaims } from '../common/auth/auth.guard';
import { apiError } from '../common/errors/localized-error';
import type { AuthUser } from '../common/http/request-context';
import { type ApiOptions, loginRateLimits } from '../infrastructure/api-options';
import { API_OPTIONS, APP_CONFIG } from '../infrastructure/tokens';
import {
  type ChangePasswordDto,
  type LoginRequestDto,
  type LoginResponseDto,
  mapUser,
  type UserDto,
} from './auth.dto';
import { LoginAttemptLimiter } from './login-attempt-limiter';
import { PasswordRules } from './password-rules';

@Injectable()
export class AuthService {
  private readonly limiter: LoginAttemptLimiter;
  /** Compared against when the email is unknown, so both failures cost one bcrypt comparison. */
  private readonly dummyHash = bcrypt.hashSync(randomBytes(16).toString('hex'), 10);

  constructor(
    private readonly users: UserRepository,
    private readonly securityEvents: SecurityEventRepository,
    private readonly passwords: PasswordRules,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(API_OPTIONS) options: ApiOptions,
  ) {
    this.limiter = new LoginAttemptLimiter(loginRateLimits(options).perAccount);
  }

  async login(dto: LoginRequestDto, clientIp: string | null): Promise<LoginResponseDto> {
    this.limiter.assertAllowed(dto.email);
    const user = await this.users.findCredentialsByEmail(dto.email);
    const matches = await bcrypt.compare(dto.password, user?.passwordHash || this.dummyHash);
    if (!user || !matches) {
      this.limiter.recordFailure(dto.email);
      // The user only when the email matched an account: a mistyped email is often a password.
      await this.securityEvents.record({
        tenantId: user?.tenantId ?? null,
        kind: 'sign_in.failed',
        method: 'password',
        userId: user?.id ?? null,
        reason: user ? 'BAD_PASSWORD' : 'UNKNOWN_EMAIL',
        clientIp,
      });
      // One message for an unknown email and a wrong password: do not reveal which accounts exist.
      throw apiError(
        HttpStatus.UNAUTHORIZED,
        {
          ja: 'メールアドレスまたはパスワードが正しくありません。',
          en: 'The email address or password is incorrect.',
        },
        { code: 'BAD_CREDENTIALS' },
      );
    }
    this.limiter.reset(dto.email);
    // Only after the password matched, so these answers tell nothing to someone guessing emails.
    if (!user.active) {
      await this.recordRefusal(user, 'password', 'ACCOUNT_DEACTIVATED', clientIp);
      throw apiError(
        HttpStatus.FORBIDDEN,
        {
          ja: 'このアカウントは無効化されています。管理者にお問い合わせください。',
          en: 'This account has been deactivated; ask your administrator.',
        },
        { code: 'ACCOUNT_DEACTIVATED' },
      );
    }
    const policy = await this.passwords.policyOf(user.tenantId);
    if (!policy.passwordSignIn) {
      await this.recordRefusal(user, 'password', 'PASSWORD_SIGN_IN_DISABLED', clientIp);
      throw apiError(
        HttpStatus.FORBIDDEN,
        {
          ja: 'この自治体ではパスワードでのログインは無効です。ログイン画面のディレクトリでのログインを使ってください（GET /api/v1/auth/providers）。',
          en: 'This city signs in through its own directory; use "sign in with" on the sign-in page (GET /api/v1/auth/providers).',
        },
        { code: 'PASSWORD_SIGN_IN_DISABLED' },
      );
    }
    const { passwordHash: _hash, ...withoutHash } = user;
    return this.issueSession(withoutHash, 'password', clientIp);
  }

  /**
   * The project's own access token for a user who has just proven who they are (password or the
   * tenant's directory), and the `sign_in.succeeded` security event.
   */
  async issueSession(
    user: UserWithTenant,
    method: SignInMethod,
    clientIp: string | null,
    detail: Record<string, unknown> = {},
  ): Promise<LoginResponseDto> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      tid: user.tenantId,
      roles: user.roles,
      tv: user.tokenVersion,
    };
    const accessToken = await this.jwt.signAsync(claims);
    await this.securityEvents.record({
      tenantId: user.tenantId,
      kind: 'sign_in.succeeded',
      method,
      userId: user.id,
      reason: null,
      clientIp,
      detail,
    });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwtExpiresInSeconds,
      user: mapUser(user),
    };
  }

  async recordRefusal(
    user: Pick<UserWithTenant, 'id' | 'tenantId'> | null,
    method: SignInMethod,
    reason: string,
    clientIp: string | null,
    tenantId: string | null = user?.tenantId ?? null,
  ): Promise<void> {
    await this.securityEvents.record({
      tenantId,
      kind: 'sign_in.failed',
      method,
      userId: user?.id ?? null,
      reason,
      clientIp,
    });
  }

  /** Ends every session of the caller (all devices: the token version moves on). */
  async logout(user: AuthUser, clientIp: string | null): Promise<void> {
    await this.users.endSessions(user.id);
    await this.securityEvents.record({
      tenantId: user.tenantId,
      kind: 'sign_out',
      method: user.directoryUser ? 'oidc' : 'password',
      userId: user.id,
      reason: null,
      clientIp,
    });
  }

  /**
   * Changes the caller's password after checking the current one; every other session ends and
   * the answer carries a fresh token. Directory users have no password here.
   */
  async changePassword(
    user: AuthUser,
    dto: ChangePasswordDto,
    clientIp: string | null,
  ): Promise<LoginResponseDto> {
    if (user.directoryUser) {
      throw apiError(
        HttpStatus.CONFLICT,
        {
          ja: 'この利用者は組織のディレクトリでログインします。パスワードはディレクトリ側で変更してください。',
          en: 'You sign in through your city’s directory; change your password there.',
        },
        { code: 'DIRECTORY_USER' },
      );
    }
    this.limiter.assertAllowed(user.email);
    const current = await this.users.passwordHash(user.id);
    if (!(await bcrypt.compare(dto.currentPassword, current || this.dummyHash))) {
      this.limiter.recordFailure(user.email);
      throw this.passwords.problem('currentPassword', 'matchesCurrent', {
        ja: 'currentPasswordが現在のパスワードと一致しません。',
        en: 'currentPassword is not your current password.',
      });
    }
    this.limiter.reset(user.email);
    await this.passwords.assertAcceptable(user.tenantId, dto.newPassword, 'newPassword');
    if (dto.newPassword === dto.currentPassword) {
      throw this.passwords.problem('newPassword', 'differsFromCurrent', {
        ja: 'newPasswordには現在と異なるパスワードを入力してください。',
        en: 'newPassword must differ from the current password.',
      });
    }
    const hash = await bcrypt.hash(dto.newPassword, this.passwords.bcryptCost);
    const updated = await this.users.changePasswordRecorded(user, hash, {
      userId: user.id,
      displayName: user.displayName,
      role: user.roles[0] ?? 'user',
    });
    return this.issueSession(updated, 'password', clientIp, { after: 'password_change' });
  }

  me(user: AuthUser): UserDto {
    return mapUser(user);
  }
}
