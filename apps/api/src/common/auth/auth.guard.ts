import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { ROLE_LABELS, type Role } from '@pdca/domain';
import { UserRepository } from '@pdca/persistence/repositories';
import { apiError } from '../errors/localized-error';
import { UUID_PATTERN } from '../errors/validation';
import type { ApiRequest } from '../http/request-context';
import { ENDPOINT_KEY, type EndpointOptions } from './endpoint.decorator';
import { assertSessionUsable } from './session-rules';

/** What the access token carries. Roles are informational: the guard reads current roles from the database. */
export interface AccessTokenClaims {
  sub: string;
  tid: string;
  roles: string[];
  /** The user's token version when the token was issued (see session-rules.ts). */
  tv: number;
}

/**
 * Global guard: every route needs a valid bearer token unless its @Endpoint says `public`, and the
 * caller must hold one of the endpoint's roles. The user (and tenant) is loaded on each request so
 * a removed user or changed role takes effect immediately.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UserRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const endpoint = this.reflector.getAllAndOverride<EndpointOptions | undefined>(ENDPOINT_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<ApiRequest>();
    req.action = endpoint?.action;
    if (endpoint?.public) return true;

    const token = bearerToken(req.header('authorization'));
    if (!token) {
      throw apiError(
        HttpStatus.UNAUTHORIZED,
        {
          ja: 'ログインしてください（POST /api/v1/auth/login で取得したアクセストークンを Authorization: Bearer ヘッダーで送信してください）。',
          en: 'Sign in first: send the access token from POST /api/v1/auth/login as "Authorization: Bearer <token>".',
        },
        { code: 'UNAUTHENTICATED' },
      );
    }
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch (err) {
      if (err instanceof TokenExpiredError) {
        throw apiError(
          HttpStatus.UNAUTHORIZED,
          {
            ja: 'ログインの有効期限が切れました。再度ログインしてください。',
            en: 'Your session has expired; sign in again.',
          },
          {
            code: 'TOKEN_EXPIRED',
          },
        );
      }
      throw invalidToken();
    }
    // A token signed with our secret but carrying a sub that is no user id (another issuer's
    // format, a hand-made token) is simply not valid: checked before it reaches the uuid column.
    const user =
      typeof claims.sub === 'string' && UUID_PATTERN.test(claims.sub)
        ? await this.users.findWithTenant(claims.sub)
        : null;
    if (!user || user.tenantId !== claims.tid) throw invalidToken();
    assertSessionUsable(user, claims.tv, endpoint);
    req.user = user;

    const allowed = endpoint?.roles;
    if (allowed && !user.roles.some((role) => allowed.includes(role as Role))) {
      const action = endpoint.action;
      throw apiError(
        HttpStatus.FORBIDDEN,
        {
          ja: `${action.ja}を行う権限がありません（必要なロール: ${allowed.map((r) => ROLE_LABELS[r].ja).join('、')}）。`,
          en: `Your role may not ${action.en}; it needs one of: ${allowed.map((r) => ROLE_LABELS[r].en).join(', ')}.`,
        },
        { code: 'ROLE_REQUIRED' },
      );
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function invalidToken() {
  return apiError(
    HttpStatus.UNAUTHORIZED,
    {
      ja: 'アクセストークンが無効です。再度ログインしてください。',
      en: 'The access token is not valid; sign in again.',
    },
    { code: 'INVALID_TOKEN' },
  );
}
