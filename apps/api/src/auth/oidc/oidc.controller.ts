import { Controller, Get, HttpStatus, Param, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { resolveSignInPolicy } from '@pdca/domain';
import { TenantRepository } from '@pdca/persistence/repositories';
import { ClientIp, Endpoint } from '../../common/auth/endpoint.decorator';
import { apiError } from '../../common/errors/localized-error';
import type { ApiRequest, HttpResponse } from '../../common/http/request-context';
import { LoginResponseDto } from '../auth.dto';
import { OidcStartQueryDto, SignInProvidersDto } from './oidc.dto';
import { FLOW_COOKIE, FLOW_COOKIE_PATH, FLOW_TTL_SECONDS, OidcService } from './oidc.service';
import { OidcRefusal } from './oidc-errors';

interface RedirectingResponse extends HttpResponse {
  redirect(status: number, url: string): void;
}

const TENANT_CODE = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Sign-in through a city's own directory (OpenID Connect, authorization code + PKCE). */
@ApiTags('auth')
@Controller('auth')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly tenants: TenantRepository,
  ) {}

  @Get('providers')
  @Endpoint({
    public: true,
    summary: 'Cities that sign in through their own directory (for the sign-in page)',
    action: { en: 'list the sign-in directories', ja: 'ログイン方法の取得' },
    ok: SignInProvidersDto,
  })
  async providers(): Promise<SignInProvidersDto> {
    const providers = await this.oidc.listProviders();
    const items = [];
    for (const p of providers) {
      const tenant = await this.tenants.findById(p.tenantId);
      items.push({
        tenantCode: p.tenantCode,
        tenantName: p.tenantName,
        directoryName: p.displayName,
        startUrl: `/api/v1/auth/oidc/${p.tenantCode}/start`,
        passwordSignIn: resolveSignInPolicy((tenant?.settings as { signIn?: unknown })?.signIn)
          .passwordSignIn,
      });
    }
    return { items };
  }

  @Get('oidc/:tenantCode/start')
  @Endpoint({
    public: true,
    summary: 'Start signing in through the city’s directory: redirects there',
    action: { en: 'start the directory sign-in', ja: 'ディレクトリでのログイン開始' },
    description:
      'Sets an HttpOnly cookie holding state, nonce and the PKCE verifier (signed, 10 minutes) and redirects (302) to the directory’s authorization endpoint. When the city has no directory or it cannot be reached, a browser (text/html in Accept) is redirected (303) to `returnTo` (or `/`) with `#sign_in_error=<code>`; other clients get 404/502 with the code.',
    errors: [
      [404, 'OIDC_NOT_CONFIGURED: this city signs in without a directory.'],
      [502, 'OIDC_DIRECTORY_UNREACHABLE: the directory did not answer.'],
    ],
  })
  @ApiFoundResponse({ description: 'Redirect to the directory.' })
  @ApiResponse({
    status: HttpStatus.SEE_OTHER,
    description: 'A browser, when the sign-in cannot start: back to `returnTo` with `#sign_in_error=<code>`.',
  })
  async start(
    @Param('tenantCode') tenantCode: string,
    @Query() query: OidcStartQueryDto,
    @Req() req: ApiRequest,
    @Res() res: RedirectingResponse,
  ): Promise<void> {
    try {
      if (!TENANT_CODE.test(tenantCode)) throw new OidcRefusal('OIDC_NOT_CONFIGURED', null);
      const flow = await this.oidc.start(tenantCode, query.returnTo ?? null, baseUrl(req));
      res.setHeader('Set-Cookie', flowCookie(req, flow.flowCookie, FLOW_TTL_SECONDS));
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(HttpStatus.FOUND, flow.authorizationUrl);
    } catch (err) {
      if (!(err instanceof OidcRefusal)) throw err;
      // A person who clicked the directory button goes back to the app, which says why.
      const back = browserNavigation(req) ? signInErrorUrl(query.returnTo ?? '/', err.code) : null;
      if (!back) throw err.toHttp();
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(HttpStatus.SEE_OTHER, back);
    }
  }

  @Get('oidc/callback')
  @Endpoint({
    public: true,
    summary: 'Where the directory sends the browser back: issues this API’s own token',
    action: { en: 'finish the directory sign-in', ja: 'ディレクトリでのログイン' },
    description:
      'Register `<PUBLIC_URL>/api/v1/auth/oidc/callback` as redirect URI at the directory. Verifies state, PKCE and the ID token (signature, issuer, audience, nonce, expiry); creates or updates the user (display name, email, roles mapped from the claim). Answers JSON, or redirects (303) to the `returnTo` given at start with the token in the URL fragment. A refusal writes nothing but the security-log entry; it redirects (303) to that `returnTo`, or else to `/` when the request accepts text/html (a browser), with `#sign_in_error=<code>` in the URL fragment; otherwise it answers 400/401/403/404/409/502 with the code naming the check that failed.',
    ok: LoginResponseDto,
    errors: [400, 401, 403, 404, 409, 502],
  })
  @ApiResponse({
    status: HttpStatus.SEE_OTHER,
    description:
      'To `returnTo` with the token in the fragment, or (a refusal, for a browser) with `#sign_in_error=<code>`.',
  })
  async callback(
    @Query() query: Record<string, string>,
    @Req() req: ApiRequest,
    @Res() res: RedirectingResponse,
    @ClientIp() ip: string | null,
  ): Promise<void> {
    // The flow cookie is single-use whatever the outcome.
    res.setHeader('Set-Cookie', flowCookie(req, '', 0));
    res.setHeader('Cache-Control', 'no-store');
    const params = onlyStrings(query);
    let finished: Awaited<ReturnType<OidcService['callback']>>;
    try {
      finished = await this.oidc.callback(readCookie(req, FLOW_COOKIE), params, baseUrl(req), ip);
    } catch (err) {
      if (!(err instanceof OidcRefusal)) throw err;
      const back = refusalRedirect(err, req);
      if (!back) throw err.toHttp();
      res.redirect(HttpStatus.SEE_OTHER, back);
      return;
    }
    const { session, returnTo } = finished;
    if (returnTo) {
      const fragment = new URLSearchParams({
        access_token: session.accessToken,
        token_type: session.tokenType,
        expires_in: String(session.expiresIn),
      });
      res.redirect(HttpStatus.SEE_OTHER, `${returnTo}#${fragment}`);
      return;
    }
    res.status(HttpStatus.OK).json(session);
  }
}

/**
 * Where a refused callback sends the browser: the flow's `returnTo` (validated as a path of this
 * site at start, then carried in the signed flow cookie), else the app's root for a browser's
 * navigation (no valid flow, or one started without `returnTo`), with the code in the fragment
 * (never in a server log). Null for an API client: it gets the JSON error.
 */
function refusalRedirect(refusal: OidcRefusal, req: ApiRequest): string | null {
  const target = refusal.returnTo ?? (browserNavigation(req) ? '/' : null);
  return target && signInErrorUrl(target, refusal.code);
}

const browserNavigation = (req: ApiRequest): boolean => req.header('accept')?.includes('text/html') ?? false;

/** `path` is a path of this site (checked at start: OidcStartQueryDto, or carried in the signed flow). */
const signInErrorUrl = (path: string, code: string): string =>
  `${path}#${new URLSearchParams({ sign_in_error: code })}`;

/** Query values as single strings; repeated or nested parameters are refused. */
function onlyStrings(query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== 'string' || value.length > 4096) {
      throw apiError(
        HttpStatus.BAD_REQUEST,
        {
          ja: `クエリパラメータ${name}は4096文字以内の文字列で1回だけ指定してください。`,
          en: `Query parameter ${name} must be given once, as text of at most 4096 characters.`,
        },
        { code: 'VALIDATION_FAILED' },
      );
    }
    out[name] = value;
  }
  return out;
}

function baseUrl(req: ApiRequest): string {
  const forwarded = req.header('x-forwarded-proto');
  const protocol = forwarded === 'https' ? 'https' : 'http';
  return `${protocol}://${req.header('host') ?? 'localhost'}`;
}

function isHttps(req: ApiRequest): boolean {
  return req.header('x-forwarded-proto') === 'https' || (req as { secure?: boolean }).secure === true;
}

/** Lax, not Strict: the directory's redirect back is a cross-site top-level navigation. */
function flowCookie(req: ApiRequest, value: string, maxAge: number): string {
  return [
    `${FLOW_COOKIE}=${value}`,
    `Path=${FLOW_COOKIE_PATH}`,
    `Max-Age=${maxAge}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(isHttps(req) ? ['Secure'] : []),
  ].join('; ');
}

function readCookie(req: ApiRequest, name: string): string | undefined {
  const header = req.header('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
