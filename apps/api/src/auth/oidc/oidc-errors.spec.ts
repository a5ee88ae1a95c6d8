/**
 * refusalOf against the errors the real libraries throw: oauth4webapi (what openid-client v6 runs
 * on) validates ID tokens signed here with jose. openid-client, oauth4webapi and jose are ES
 * modules only, so this file also proves the unit project loads them (jest.config.js).
 */
import { generateKeyPair, SignJWT } from 'jose';
import * as oauth from 'oauth4webapi';
import * as openidClient from 'openid-client';
import { OIDC_REFUSALS, OidcRefusal, refusalOf } from './oidc-errors';

const as: oauth.AuthorizationServer = { issuer: 'https://sso.city.example/realms/machida' };
const client: oauth.Client = { client_id: 'pdca-engine' };
const NONCE = 'nonce-of-this-sign-in';

let key: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
beforeAll(async () => {
  ({ privateKey: key } = await generateKeyPair('RS256'));
});

async function idToken(claims: Record<string, unknown>): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ nonce: NONCE, ...claims })
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer((claims.iss as string | undefined) ?? as.issuer)
    .setAudience(client.client_id)
    .setSubject('hanako')
    .setIssuedAt((claims.iat as number | undefined) ?? now)
    .setExpirationTime((claims.exp as number | undefined) ?? now + 300)
    .sign(key);
}

/** What oauth4webapi throws for a token response carrying this ID token (undefined: accepted). */
async function errorFor(claims: Record<string, unknown>): Promise<unknown> {
  const response = new Response(
    JSON.stringify({ access_token: 'a', token_type: 'Bearer', id_token: await idToken(claims) }),
    { status: 200, headers: { 'content-type': 'application/json' } },
  );
  try {
    await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: NONCE });
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('refusalOf (real oauth4webapi errors)', () => {
  it('accepts a correct ID token (the cases below fail for their one reason)', async () => {
    expect(await errorFor({})).toBeUndefined();
  });

  it.each([
    ['a wrong nonce', 'OIDC_NONCE_MISMATCH', { nonce: 'another-sign-in' }],
    ['another issuer', 'OIDC_ISSUER_MISMATCH', { iss: 'https://evil.example/realms/machida' }],
    [
      'an expired token',
      'OIDC_TOKEN_EXPIRED',
      { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 },
    ],
  ])('%s → %s', async (_label, code, claims) => {
    const err = await errorFor(claims);
    expect(err).toBeInstanceOf(Error);
    expect(refusalOf(err)).toBe(code);
  });

  it('an error answer from the directory (error=access_denied) is the directory’s refusal', () => {
    let err: unknown;
    try {
      oauth.validateAuthResponse(
        as,
        client,
        new URLSearchParams({ error: 'access_denied', state: 's' }),
        's',
      );
    } catch (e) {
      err = e;
    }
    expect(refusalOf(err)).toBe('OIDC_DIRECTORY_ERROR');
  });

  it('anything unknown is a generic rejection, never the library’s wording', () => {
    expect(refusalOf(new Error('something else'))).toBe('OIDC_TOKEN_REJECTED');
    expect(refusalOf(undefined)).toBe('OIDC_TOKEN_REJECTED');
    expect(refusalOf(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(
      'OIDC_DIRECTORY_UNREACHABLE',
    );
  });

  it('every refusal answers both languages with its code', () => {
    expect(typeof openidClient.authorizationCodeGrant).toBe('function');
    for (const code of Object.keys(OIDC_REFUSALS) as Array<keyof typeof OIDC_REFUSALS>) {
      const body = new OidcRefusal(code, null).toHttp().getResponse() as Record<string, unknown>;
      expect(body).toMatchObject({ code, messageEn: expect.any(String), messageJa: expect.any(String) });
    }
  });
});
