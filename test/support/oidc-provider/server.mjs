// A real OpenID Connect provider (the `oidc-provider` package, ESM-only, hence its own Node process)
// for the sign-in tests. Prints {"issuer": "..."} on stdout once it listens on a free port.
//
// Test controls (test-only, this process only):
// - accounts are read from ACCOUNTS_FILE at every sign-in, so a test can take a group away;
// - GET /interaction/:uid?account=ID signs that account in and grants consent; ?cancel=1 is the
//   user cancelling there (the sign-in goes back with error=access_denied); with neither it shows
//   that login form (an account field, "Sign in" and "Cancel"), for a test in a real browser;
// - POST /__test/tamper {"mode": …} makes the NEXT token response carry a re-signed ID token that
//   is wrong in one way: "issuer" (another iss), "signature" (another key), "expired", "nonce".
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { decodeJwt, importJWK, SignJWT } from 'jose';
import Provider from 'oidc-provider';

const { CLIENT_ID, CLIENT_SECRET, REDIRECT_URIS, ACCOUNTS_FILE } = process.env;

function rsaJwk(kid) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}
const signingKey = rsaJwk('test-key-1');
// Same kid, other key: what a forger without the directory's key would produce.
const forgedKey = rsaJwk('test-key-1');

const accounts = () => JSON.parse(readFileSync(ACCOUNTS_FILE, 'utf8'));
let tamperMode = null;

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: REDIRECT_URIS.split(' '),
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['oidc-test-cookie-key'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  // The claims of the granted scopes go into the ID token (as Entra ID and Keycloak can be set to do).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  async findAccount(_ctx, id) {
    const account = accounts()[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
});
const handle = provider.callback();

const LOGIN_FORM = `<!doctype html><title>Test directory</title>
<form method="get"><label>Account <input name="account"></label>
<button type="submit">Sign in</button><button type="submit" name="cancel" value="1">Cancel</button></form>`;

async function finishInteraction(req, res, url) {
  const details = await provider.interactionDetails(req, res);
  if (url.searchParams.has('cancel')) {
    const result = { error: 'access_denied', error_description: 'End-User aborted interaction' };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    return;
  }
  const accountId = url.searchParams.get('account');
  if (!accountId) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(LOGIN_FORM);
    return;
  }
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

async function tamper(idToken, mode) {
  const claims = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  let key = signingKey;
  if (mode === 'issuer') claims.iss = 'http://127.0.0.1:1/another-directory';
  if (mode === 'signature') key = forgedKey;
  if (mode === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  if (mode === 'nonce') claims.nonce = 'not-the-nonce-of-this-sign-in';
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .sign(await importJWK(key, 'RS256'));
}

server.on('request', async (req, res) => {
  const url = new URL(req.url, issuer);
  try {
    if (req.method === 'POST' && url.pathname === '/__test/tamper') {
      let body = '';
      for await (const chunk of req) body += chunk;
      tamperMode = JSON.parse(body).mode ?? null;
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && /^\/interaction\/[^/]+$/.test(url.pathname)) {
      await finishInteraction(req, res, url);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/token' && tamperMode) {
      const mode = tamperMode;
      tamperMode = null;
      const end = res.end.bind(res);
      res.end = (chunk, ...rest) => {
        const body = JSON.parse(String(chunk));
        if (!body.id_token) return end(chunk, ...rest);
        tamper(body.id_token, mode).then((idToken) => {
          const text = JSON.stringify({ ...body, id_token: idToken });
          res.setHeader('content-length', Buffer.byteLength(text));
          end(text);
        });
        return res;
      };
    }
    handle(req, res);
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err?.stack ?? err));
  }
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
