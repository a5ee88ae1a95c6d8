import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { ROLE_LABELS, type Role } from '@pdca/domain';
import { UserRepository } from '@pdca/persistence/repositories';
import { ReviewerScopeRepository } from '@pdca/persistence/repositories/reviewer-scope.repository';
import { DataSource } from 'typeorm';
import { apiError } from '../errors/localized-error';
import { UUID_PATTERN } from '../errors/validation';
import type { ApiRequest } from '../http/request-context';
import { ENDPOINT_KEY, type EndpointOptions, EXTERNAL_REVIEWER } from './endpoint.decorator';
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
 * caller must hold one of the endpoint's roles. An external reviewer passes only endpoints that
 * open themselves to them (`externalReviewers`), within that scope. The user (and tenant) is
 * loaded on each request so a removed user or changed role takes effect immediately.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UserRepository,
    dataSource: DataSource,
  ) {
    this.reviewerScope = new ReviewerScopeRepository(dataSource);
  }

  private readonly reviewerScope: ReviewerScopeRepository;

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

    if (user.roles.includes(EXTERNAL_REVIEWER)) {
      await this.admitExternalReviewer(req, endpoint);
      return true;
    }
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

  /**
   * Default deny for the committee: an endpoint without `externalReviewers` is closed to them
   * whatever its roles (a user holding external_reviewer is treated as one even if some other role
   * slipped in); an item or cycle endpoint is open only for items under a round they sit on.
   */
  private async admitExternalReviewer(req: ApiRequest, endpoint: EndpointOptions | undefined): Promise<void> {
    const access = endpoint?.externalReviewers;
    if (!access) {
      const action = endpoint?.action ?? { ja: 'この操作', en: 'do this' };
      throw apiError(
        HttpStatus.FORBIDDEN,
        {
          ja: `外部評価委員は${action.ja}を行えません（評価対象の改革項目と外部評価の画面だけを利用できます）。`,
          en: `External reviewers may not ${action.en}; they may use only the review rounds and the items under review.`,
        },
        { code: 'NOT_FOR_EXTERNAL_REVIEWER' },
      );
    }
    if (access === 'own' || access === 'scoped') return;
    const user = req.user as NonNullable<ApiRequest['user']>;
    const params = (req as ApiRequest & { params?: Record<string, string | undefined> }).params ?? {};
    const id = params['item' in access ? access.item : access.cycle];
    const under =
      typeof id === 'string' &&
      UUID_PATTERN.test(id) &&
      ('item' in access
        ? await this.reviewerScope.itemUnderReview(user.tenantId, user.id, id)
        : await this.reviewerScope.cycleUnderReview(user.tenantId, user.id, id));
    if (!under) {
      throw apiError(
        HttpStatus.FORBIDDEN,
        {
          ja: 'この改革項目は、あなたが委員を務める外部評価の対象ではありません。',
          en: 'This item is not under a review round you sit on.',
        },
        { code: 'NOT_UNDER_REVIEW' },
      );
    }
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
