import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '@pdca/config';
import { managedRoles, mapClaimToRoles } from '@pdca/domain';
import { externalReviewerWithOthers } from '@pdca/domain/sign-in-policy';
import {
  DirectoryUserRepository,
  IdentityProviderRepository,
  type IdentityProviderSettings,
  type IdentityProviderWithSecret,
} from '@pdca/persistence/repositories';
import * as oidc from 'openid-client';
import { APP_CONFIG } from '../../infrastructure/tokens';
import type { LoginResponseDto } from '../auth.dto';
import { AuthService } from '../auth.service';
import { OidcRefusal, refusalOf } from './oidc-errors';

export const CALLBACK_PATH = '/api/v1/auth/oidc/callback';
export const FLOW_COOKIE = 'pdca_oidc_flow';
/** The flow cookie's path: sent to start and callback only. */
export const FLOW_COOKIE_PATH = '/api/v1/auth/oidc';
export const FLOW_TTL_SECONDS = 600;
/** Discovery documents and keys are fetched again after this long (a rotated key is picked up). */
const DISCOVERY_TTL_MS = 10 * 60 * 1000;
/** Seconds for any one request to a directory (discovery, token, keys): bounded cost. */
const DIRECTORY_TIMEOUT_SECONDS = 10;

/**
 * What the browser carries between start and callback, signed with the API's JWT secret (so it
 * cannot be forged or moved to another tenant) and HttpOnly: state, nonce and the PKCE verifier.
 * Nothing is stored server-side, so any API replica can finish a sign-in another one started.
 */
interface FlowClaims {
  purpose: 'oidc-flow';
  tid: string;
  state: string;
  nonce: string;
  cv: string;
  returnTo: string | null;
}

export interface StartedFlow {
  authorizationUrl: string;
  flowCookie: string;
}

export interface FinishedSignIn {
  session: LoginResponseDto;
  returnTo: string | null;
}

@Injectable()
export class OidcService {
  private readonly logger = new Logger('OIDC');
  private readonly configurations = new Map<
    string,
    { key: string; expires: number; configuration: Promise<oidc.Configuration> }
  >();

  constructor(
    private readonly providers: IdentityProviderRepository,
    private readonly directoryUsers: DirectoryUserRepository,
    private readonly auth: AuthService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  listProviders(): Promise<IdentityProviderSettings[]> {
    return this.providers.list();
  }

  redirectUri(requestBaseUrl: string): string {
    return `${this.config.publicUrl ?? requestBaseUrl}${CALLBACK_PATH}`;
  }

  async start(tenantCode: string, returnTo: string | null, requestBaseUrl: string): Promise<StartedFlow> {
    const settings = await this.providers.findByTenantCode(tenantCode);
    if (!settings) throw new OidcRefusal('OIDC_NOT_CONFIGURED', null);
    const provider = await this.providers.findWithSecret(settings.tenantId);
    if (!provider) throw new OidcRefusal('OIDC_NOT_CONFIGURED', null);
    const configuration = await this.configuration(provider);
    const flow: FlowClaims = {
      purpose: 'oidc-flow',
      tid: provider.tenantId,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      cv: oidc.randomPKCECodeVerifier(),
      returnTo,
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri(requestBaseUrl),
      response_type: 'code',
      scope: provider.scopes,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.cv),
      code_challenge_method: 'S256',
    });
    const flowCookie = await this.jwt.signAsync(flow, { expiresIn: FLOW_TTL_SECONDS, audience: 'oidc-flow' });
    return { authorizationUrl: url.href, flowCookie };
  }

  /**
   * Verifies the directory's answer (state, PKCE, ID token signature, issuer, audience, nonce,
   * expiry — by openid-client), then creates or updates the user and issues our own token. A
   * refusal writes nothing but its security-log entry, and carries the flow's `returnTo` (if the
   * flow cookie was valid) so that a browser can be sent back to the app with the reason.
   */
  async callback(
    flowCookie: string | undefined,
    query: Record<string, string>,
    requestBaseUrl: string,
    clientIp: string | null,
  ): Promise<FinishedSignIn> {
    const flow = flowCookie ? await this.readFlow(flowCookie) : null;
    try {
      return await this.finish(flow, query, requestBaseUrl, clientIp);
    } catch (err) {
      if (!(err instanceof OidcRefusal)) throw err;
      await this.auth.recordRefusal(
        err.userId && err.tenantId ? { id: err.userId, tenantId: err.tenantId } : null,
        'oidc',
        err.code,
        clientIp,
        err.tenantId,
      );
      throw new OidcRefusal(err.code, err.tenantId, err.userId, flow?.returnTo ?? null);
    }
  }

  private async finish(
    flow: FlowClaims | null,
    query: Record<string, string>,
    requestBaseUrl: string,
    clientIp: string | null,
  ): Promise<FinishedSignIn> {
    if (!flow) throw new OidcRefusal('OIDC_FLOW_MISSING', null);
    // Checked here as well as by openid-client, so a forged answer never reaches the directory.
    if (typeof query.state !== 'string' || query.state !== flow.state) {
      throw new OidcRefusal('OIDC_STATE_MISMATCH', flow.tid);
    }
    const provider = await this.providers.findWithSecret(flow.tid);
    if (!provider) throw new OidcRefusal('OIDC_NOT_CONFIGURED', flow.tid);
    const configuration = await this.configuration(provider);
    const redirectUri = this.redirectUri(requestBaseUrl);
    const currentUrl = new URL(redirectUri);
    for (const [name, value] of Object.entries(query)) currentUrl.searchParams.set(name, value);

    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(
        configuration,
        currentUrl,
        {
          pkceCodeVerifier: flow.cv,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        },
        undefined,
        { redirectUri } as oidc.AuthorizationCodeGrantOptions,
      );
      const idClaims = tokens.claims();
      if (!idClaims) throw new OidcRefusal('OIDC_TOKEN_REJECTED', flow.tid);
      claims = idClaims as Record<string, unknown>;
    } catch (err) {
      if (err instanceof OidcRefusal) throw err;
      const code = refusalOf(err);
      // The library's message names the failed check; it never contains a token or the secret.
      this.logger.warn(
        `sign-in through ${provider.issuer} refused for tenant ${provider.tenantCode}: ${code} (${(err as Error)?.message ?? err})`,
      );
      throw new OidcRefusal(code, flow.tid);
    }

    const email = emailOf(claims);
    if (!email) throw new OidcRefusal('OIDC_EMAIL_MISSING', flow.tid);
    const grantedRoles = mapClaimToRoles(claims[provider.rolesClaim], provider.roleMapping);
    // Two claim values may each be fine alone and still grant the reviewer role beside another.
    if (externalReviewerWithOthers(grantedRoles)) throw new OidcRefusal('OIDC_ROLE_CONFLICT', flow.tid);
    const outcome = await this.directoryUsers.signIn({
      tenantId: provider.tenantId,
      issuer: String(claims.iss),
      subject: String(claims.sub),
      email,
      displayName: displayNameOf(claims, email),
      grantedRoles,
      managedRoles: managedRoles(provider.roleMapping),
      directoryName: provider.displayName.ja,
    });
    if (outcome.status === 'email_taken') throw new OidcRefusal('OIDC_EMAIL_TAKEN', flow.tid);
    if (outcome.status === 'deactivated') {
      throw new OidcRefusal('ACCOUNT_DEACTIVATED', flow.tid, outcome.user.id);
    }
    const session = await this.auth.issueSession(outcome.user, 'oidc', clientIp, {
      issuer: provider.issuer,
      created: outcome.created,
      ...(Object.keys(outcome.changes).length > 0 ? { changed: Object.keys(outcome.changes) } : {}),
    });
    return { session, returnTo: flow.returnTo };
  }

  private async readFlow(cookie: string): Promise<FlowClaims | null> {
    try {
      const flow = await this.jwt.verifyAsync<FlowClaims>(cookie, { audience: 'oidc-flow' });
      return flow.purpose === 'oidc-flow' ? flow : null;
    } catch {
      return null;
    }
  }

  /** The directory's discovered configuration, cached per tenant for DISCOVERY_TTL_MS. */
  private configuration(provider: IdentityProviderWithSecret): Promise<oidc.Configuration> {
    const key = `${provider.issuer}\n${provider.clientId}\n${provider.clientSecret}`;
    const cached = this.configurations.get(provider.tenantId);
    if (cached && cached.key === key && cached.expires > Date.now()) return cached.configuration;
    const issuer = new URL(provider.issuer);
    const configuration = oidc
      .discovery(issuer, provider.clientId, undefined, oidc.ClientSecretBasic(provider.clientSecret), {
        timeout: DIRECTORY_TIMEOUT_SECONDS,
        // Plain HTTP only for a directory on this machine (tests, a local Keycloak); never across a network.
        execute: isLoopbackHttp(issuer) ? [oidc.allowInsecureRequests] : [],
      })
      .then((discovered) => {
        // Also verify the ID token's signature against the directory's keys. OpenID Connect lets
        // a client skip it for a token fetched over TLS; checking it costs one cached key fetch
        // and refuses a token no key of the directory signed.
        oidc.enableNonRepudiationChecks(discovered);
        return discovered;
      })
      .catch((err: unknown) => {
        this.configurations.delete(provider.tenantId);
        this.logger.warn(
          `discovery of ${provider.issuer} for tenant ${provider.tenantCode} failed: ${(err as Error)?.message ?? err}`,
        );
        throw new OidcRefusal('OIDC_DIRECTORY_UNREACHABLE', provider.tenantId);
      });
    this.configurations.set(provider.tenantId, {
      key,
      expires: Date.now() + DISCOVERY_TTL_MS,
      configuration,
    });
    return configuration;
  }
}

function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}$/;

/** `email`, else Entra ID's `preferred_username` when it is an address (Entra often sends no `email`). */
function emailOf(claims: Record<string, unknown>): string | null {
  for (const candidate of [claims.email, claims.preferred_username]) {
    if (typeof candidate === 'string' && EMAIL.test(candidate.trim())) return candidate.trim();
  }
  return null;
}

function displayNameOf(claims: Record<string, unknown>, email: string): string {
  const family = typeof claims.family_name === 'string' ? claims.family_name : '';
  const given = typeof claims.given_name === 'string' ? claims.given_name : '';
  const name =
    (typeof claims.name === 'string' && claims.name.trim()) || `${family} ${given}`.trim() || email;
  return [...name].slice(0, 100).join('');
}
