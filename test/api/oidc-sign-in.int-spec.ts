/**
 * Sign-in through a city's directory against a real OpenID Connect provider (`oidc-provider`,
 * started on a free port with test accounts and groups): code + PKCE through the API, the
 * claim → role mapping, a group taken away, and every forged or stale answer refused with a clear
 * error and nothing written but the security-log entry.
 */
import type { AddressInfo } from 'node:net';
import { TenantRepository } from '@pdca/persistence/repositories';
import {
  cancelAtDirectory,
  connectDirectory,
  signInAtDirectory,
  startOidcProvider,
  type TestOidcProvider,
} from '../support/oidc-provider';
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { uniqueCode } from './fixtures';

let api: ApiTestApp;
let idp: TestOidcProvider;
let tenant: { id: string; code: string };
const MAPPING = { 'pdca-hq': ['hq_approver'], 'pdca-leaders': ['wg_leader'], 'pdca-audit': ['auditor'] };

beforeAll(async () => {
  api = await startApiApp();
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  idp = await startOidcProvider([`http://127.0.0.1:${port}/api/v1/auth/oidc/callback`]);
  const created = await new TenantRepository(api.dataSource).create({
    code: uniqueCode('oidc'),
    name: '町田市',
  });
  tenant = { id: created.id, code: created.code };
  await connectDirectory(api.dataSource, tenant.id, idp, MAPPING);
}, 60_000);

afterAll(async () => {
  await idp?.stop();
  await api?.close();
});

const unique = (key: string) => `${key}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** GET …/start: the redirect to the directory and the flow cookie. */
async function start(returnTo?: string) {
  const res = await api
    .http()
    .get(
      `/api/v1/auth/oidc/${tenant.code}/start${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
    )
    .expect(302);
  const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
    c.startsWith('pdca_oidc_flow='),
  );
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  return { location: res.headers.location as string, cookie: cookie!.split(';')[0] };
}

async function callback(url: URL, cookie: string | null, accept?: string) {
  const req = api.http().get(`${url.pathname}${url.search}`);
  if (cookie) req.set('Cookie', cookie);
  if (accept) req.set('Accept', accept);
  return req;
}

/** A whole sign-in as `account`, answering the callback's response. */
async function signIn(account: string) {
  const { location, cookie } = await start();
  return callback(await signInAtDirectory(location, account), cookie);
}

async function counts() {
  const [row] = await api.dataSource.query(
    `SELECT (SELECT count(*) FROM users WHERE tenant_id = $1)::int AS users,
            (SELECT count(*) FROM audit_log WHERE tenant_id = $1)::int AS ledger,
            (SELECT coalesce(string_agg(email || ':' || array_to_string(roles, ','), ' ' ORDER BY email), '')
               FROM users WHERE tenant_id = $1) AS roles`,
    [tenant.id],
  );
  return row as { users: number; ledger: number; roles: string };
}

async function lastFailure() {
  const [row] = await api.dataSource.query(
    `SELECT kind, method, reason, detail FROM security_events WHERE tenant_id = $1 ORDER BY id DESC LIMIT 1`,
    [tenant.id],
  );
  return row;
}

describe('GET /auth/providers', () => {
  it('tells the sign-in page which cities have a directory and where to start, without secrets', async () => {
    const res = await api.http().get('/api/v1/auth/providers').expect(200);
    const mine = res.body.items.find((p: { tenantCode: string }) => p.tenantCode === tenant.code);
    expect(mine).toEqual({
      tenantCode: tenant.code,
      tenantName: '町田市',
      directoryName: { ja: '町田市 職員アカウント', en: 'Machida staff account' },
      startUrl: `/api/v1/auth/oidc/${tenant.code}/start`,
      passwordSignIn: true,
    });
    expect(JSON.stringify(res.body)).not.toContain(idp.clientSecret);
  });
});

describe('code + PKCE sign-in through the API', () => {
  it('redirects to the directory with PKCE (S256), state and nonce', async () => {
    const { location } = await start();
    const url = new URL(location);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('client_id')).toBe(idp.clientId);
  });

  it('creates the user just in time with name, email and mapped roles; the token works; a group removed → role gone', async () => {
    const id = unique('hanako');
    const email = `${id}@machida.example.test`;
    idp.setAccounts({
      [id]: { email, email_verified: true, name: '町田 花子', groups: ['pdca-hq', 'pdca-leaders', 'other'] },
    });
    const before = await counts();
    const first = await signIn(id);
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({
      email,
      displayName: '町田 花子',
      tenantCode: tenant.code,
      roles: ['wg_leader', 'hq_approver'],
      signInMethod: 'oidc',
      mustChangePassword: false,
    });
    const me = await api.http().get('/api/v1/auth/me').set(bearer(first.body.accessToken)).expect(200);
    expect(me.body.id).toBe(first.body.user.id);
    const after = await counts();
    expect(after.users).toBe(before.users + 1);
    const [created] = await api.dataSource.query(
      `SELECT action, actor_type, actor_name, payload FROM audit_log WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1`,
      [tenant.id],
    );
    expect(created).toMatchObject({
      action: 'user.created',
      actor_type: 'system',
      actor_name: '町田市 職員アカウント',
      payload: { email, roles: ['wg_leader', 'hq_approver'], source: 'oidc', issuer: idp.issuer },
    });

    // The directory takes pdca-hq away and renames her: the next sign-in follows.
    idp.setAccounts({ [id]: { email, name: '町田 花子（企画）', groups: ['pdca-leaders'] } });
    const second = await signIn(id);
    expect(second.status).toBe(200);
    expect(second.body.user.id).toBe(first.body.user.id);
    expect(second.body.user.roles).toEqual(['wg_leader']);
    expect(second.body.user.displayName).toBe('町田 花子（企画）');
    const [updated] = await api.dataSource.query(
      `SELECT action, payload FROM audit_log WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1`,
      [tenant.id],
    );
    expect(updated.action).toBe('user.updated');
    expect(updated.payload.changes.roles).toEqual({ from: ['wg_leader', 'hq_approver'], to: ['wg_leader'] });
    // The roles are read on every request: the token of the first sign-in lost hq_approver too.
    await api.http().get('/api/v1/approvals').set(bearer(first.body.accessToken)).expect(403);

    // Same roles again: nothing changes, nothing is written to the ledger.
    const ledgerBefore = (await counts()).ledger;
    expect((await signIn(id)).status).toBe(200);
    expect((await counts()).ledger).toBe(ledgerBefore);

    const events = await api.dataSource.query(
      `SELECT kind, method, user_id FROM security_events WHERE tenant_id = $1 AND user_id = $2 ORDER BY id`,
      [tenant.id, first.body.user.id],
    );
    expect(events).toEqual(
      Array.from({ length: 3 }, () => ({
        kind: 'sign_in.succeeded',
        method: 'oidc',
        user_id: first.body.user.id,
      })),
    );
    const all = JSON.stringify(
      await api.dataSource.query('SELECT * FROM security_events WHERE tenant_id = $1', [tenant.id]),
    );
    expect(all).not.toContain(idp.clientSecret);
    expect(all).not.toContain(first.body.accessToken);
  });

  it('redirects to returnTo with the token in the fragment when the sign-in started with one', async () => {
    const id = unique('taro');
    idp.setAccounts({
      [id]: { email: `${id}@machida.example.test`, name: '町田 太郎', groups: ['pdca-audit'] },
    });
    const { location, cookie } = await start('/items?mine=true');
    const res = await callback(await signInAtDirectory(location, id), cookie);
    expect(res.status).toBe(303);
    const target = new URL(res.headers.location, 'http://x');
    expect(target.pathname + target.search).toBe('/items?mine=true');
    const fragment = new URLSearchParams(target.hash.slice(1));
    expect(fragment.get('token_type')).toBe('Bearer');
    const me = await api
      .http()
      .get('/api/v1/auth/me')
      .set(bearer(fragment.get('access_token')!))
      .expect(200);
    expect(me.body.roles).toEqual(['auditor']);
  });

  it('refuses an open redirect as returnTo (400 naming the field)', async () => {
    const res = await api
      .http()
      .get(`/api/v1/auth/oidc/${tenant.code}/start?returnTo=//evil.example/`)
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['returnTo']);
  });

  it('answers 404 for a tenant without a directory', async () => {
    const res = await api.http().get('/api/v1/auth/oidc/no-such-city/start').expect(404);
    expect(res.body.code).toBe('OIDC_NOT_CONFIGURED');
  });

  it('sends a browser back to the app when the city has no directory (303 with the code)', async () => {
    const res = await api
      .http()
      .get('/api/v1/auth/oidc/no-such-city/start?returnTo=%2Fitems')
      .set('Accept', 'text/html,application/xhtml+xml')
      .expect(303);
    expect(res.headers.location).toBe('/items#sign_in_error=OIDC_NOT_CONFIGURED');
    const bad = await api
      .http()
      .get('/api/v1/auth/oidc/NOT%20A%20CODE/start')
      .set('Accept', 'text/html')
      .expect(303);
    expect(bad.headers.location).toBe('/#sign_in_error=OIDC_NOT_CONFIGURED');
  });
});

describe('forged, foreign or stale answers are refused and nothing is written', () => {
  const id = unique('mallory');
  beforeAll(() => {
    idp.setAccounts({
      [id]: { email: `${id}@machida.example.test`, name: '不正 試行', groups: ['pdca-hq'] },
    });
  });

  async function expectRefused(
    res: { status: number; body: Record<string, unknown> },
    status: number,
    code: string,
  ) {
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(res.body.messageJa).toEqual(expect.any(String));
    expect(res.body.messageEn).toEqual(expect.any(String));
    expect(JSON.stringify(res.body)).not.toMatch(/stack|at \w+ \(/);
    expect(await lastFailure()).toMatchObject({ kind: 'sign_in.failed', method: 'oidc', reason: code });
  }

  it('a wrong state', async () => {
    const before = await counts();
    const { location, cookie } = await start();
    const back = await signInAtDirectory(location, id);
    back.searchParams.set('state', 'another-sign-in');
    await expectRefused(await callback(back, cookie), 400, 'OIDC_STATE_MISMATCH');
    expect(await counts()).toEqual(before);
  });

  it('no flow cookie (the answer arrives in another browser)', async () => {
    const before = await counts();
    const { location } = await start();
    const res = await callback(await signInAtDirectory(location, id), null);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('OIDC_FLOW_MISSING');
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['issued for another sign-in (nonce)', 'nonce', 'OIDC_NONCE_MISMATCH'],
    ['from another issuer', 'issuer', 'OIDC_ISSUER_MISMATCH'],
    ['signed with another key', 'signature', 'OIDC_BAD_SIGNATURE'],
    ['expired an hour ago', 'expired', 'OIDC_TOKEN_EXPIRED'],
  ] as const)('an ID token %s', async (_label, mode, code) => {
    const before = await counts();
    const { location, cookie } = await start();
    const back = await signInAtDirectory(location, id);
    await idp.tamperNextIdToken(mode);
    await expectRefused(await callback(back, cookie), 401, code);
    expect(await counts()).toEqual(before);
  });

  it('and the same account signs in fine without tampering (the refusals were the tampering)', async () => {
    const res = await signIn(id);
    expect(res.status).toBe(200);
    expect(res.body.user.roles).toEqual(['hq_approver']);
  });
});

describe('deactivation and password sign-in switched off', () => {
  it('a deactivated directory user is refused at the directory sign-in and their old token at once', async () => {
    const id = unique('leaver');
    idp.setAccounts({
      [id]: { email: `${id}@machida.example.test`, name: '退職 予定', groups: ['pdca-leaders'] },
      [`${id}-admin`]: { email: `${id}-admin@machida.example.test`, name: '管理 者', groups: [] },
    });
    const leaver = await signIn(id);
    expect(leaver.status).toBe(200);
    // An admin (roles outside the mapping are this system's own: set here, kept at sign-in).
    const adminSignIn = await signIn(`${id}-admin`);
    await api.dataSource.query(`UPDATE users SET roles = '{admin}' WHERE id = $1`, [
      adminSignIn.body.user.id,
    ]);
    const adminAgain = await signIn(`${id}-admin`);
    expect(adminAgain.body.user.roles).toEqual(['admin']);

    await api.http().get('/api/v1/auth/me').set(bearer(leaver.body.accessToken)).expect(200);
    const deactivated = await api
      .http()
      .post(`/api/v1/users/${leaver.body.user.id}/deactivate`)
      .set(bearer(adminAgain.body.accessToken))
      .send({ reason: '退職' })
      .expect(200);
    expect(deactivated.body.active).toBe(false);
    const refused = await api.http().get('/api/v1/auth/me').set(bearer(leaver.body.accessToken)).expect(401);
    expect(refused.body.code).toBe('ACCOUNT_DEACTIVATED');

    const before = await counts();
    const again = await signIn(id);
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('ACCOUNT_DEACTIVATED');
    expect(await counts()).toEqual(before);
  });

  it('the tenant switches password sign-in off: a correct password gets 403 naming the directory way', async () => {
    const id = unique('pw');
    idp.setAccounts({ [id]: { email: `${id}@machida.example.test`, name: 'パス 利用' } });
    const signedIn = await signIn(id);
    expect(signedIn.status).toBe(200);
    await api.dataSource.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [
      signedIn.body.user.id,
      (await import('bcryptjs')).default.hashSync('a-long-enough-password', 4),
    ]);
    const tenants = new TenantRepository(api.dataSource);
    await tenants.mergeSettings(tenant.id, 'signIn', { passwordSignIn: false });
    try {
      const res = await api
        .http()
        .post('/api/v1/auth/login')
        .send({ email: `${id}@machida.example.test`, password: 'a-long-enough-password' })
        .expect(403);
      expect(res.body.code).toBe('PASSWORD_SIGN_IN_DISABLED');
      const providers = await api.http().get('/api/v1/auth/providers').expect(200);
      expect(
        providers.body.items.find((p: { tenantCode: string }) => p.tenantCode === tenant.code).passwordSignIn,
      ).toBe(false);
    } finally {
      await tenants.mergeSettings(tenant.id, 'signIn', { passwordSignIn: true });
    }
  });
});

describe('the security log and the ledger, through the API', () => {
  it('show directory sign-ins (succeeded and refused, with the reason), role changes and deactivations; no code, token or secret', async () => {
    const id = unique('audited');
    const email = `${id}@machida.example.test`;
    idp.setAccounts({
      [id]: { email, name: '監査 対象', groups: ['pdca-hq', 'pdca-leaders'] },
      [`${id}-auditor`]: {
        email: `${id}-auditor@machida.example.test`,
        name: '監査 委員',
        groups: ['pdca-audit'],
      },
    });
    const seen: string[] = [idp.clientSecret];
    const { location, cookie } = await start();
    const back = await signInAtDirectory(location, id);
    seen.push(back.searchParams.get('code')!, back.searchParams.get('state')!, cookie.split('=')[1]);
    const first = await callback(back, cookie);
    expect(first.status).toBe(200);
    seen.push(first.body.accessToken);
    // A refusal of the same account: a forged signature.
    const again = await start();
    const forged = await signInAtDirectory(again.location, id);
    await idp.tamperNextIdToken('signature');
    expect((await callback(forged, again.cookie)).status).toBe(401);
    // The directory takes pdca-hq away.
    idp.setAccounts({
      [id]: { email, name: '監査 対象', groups: ['pdca-leaders'] },
      [`${id}-auditor`]: {
        email: `${id}-auditor@machida.example.test`,
        name: '監査 委員',
        groups: ['pdca-audit'],
      },
    });
    const second = await signIn(id);
    expect(second.body.user.roles).toEqual(['wg_leader']);
    seen.push(second.body.accessToken);
    const auditor = await signIn(`${id}-auditor`);
    expect(auditor.body.user.roles).toEqual(['auditor']);
    seen.push(auditor.body.accessToken);

    const userId = first.body.user.id;
    const events = await api
      .http()
      .get(`/api/v1/security-events?userId=${userId}`)
      .set(bearer(auditor.body.accessToken))
      .expect(200);
    expect(
      events.body.items.map((e: { kind: string; method: string; reason: string | null }) => [
        e.kind,
        e.method,
        e.reason,
      ]),
    ).toEqual([
      ['sign_in.succeeded', 'oidc', null],
      ['sign_in.succeeded', 'oidc', null],
    ]);
    expect(events.body.items[0]).toMatchObject({
      userDisplayName: '監査 対象',
      detail: { issuer: idp.issuer, created: false, changed: ['roles'] },
    });
    // A refused ID token names nobody (its claims are not to be believed), nor does a refusal
    // before the directory answered (wrong state …): they are the tenant's, with their reason. (An
    // answer without the flow cookie names no tenant at all: it is in the log with tenant null.)
    const refused = await api
      .http()
      .get('/api/v1/security-events?kind=sign_in.failed&limit=100')
      .set(bearer(auditor.body.accessToken))
      .expect(200);
    expect(refused.body.items[0]).toMatchObject({ reason: 'OIDC_BAD_SIGNATURE', userId: null });
    expect(refused.body.items.map((e: { reason: string }) => e.reason)).toEqual(
      expect.arrayContaining([
        'OIDC_STATE_MISMATCH',
        'OIDC_NONCE_MISMATCH',
        'OIDC_ISSUER_MISMATCH',
        'OIDC_BAD_SIGNATURE',
        'OIDC_TOKEN_EXPIRED',
        'ACCOUNT_DEACTIVATED',
      ]),
    );

    const ledger = await api
      .http()
      .get('/api/v1/audit/log?action=user.updated,user.deactivated')
      .set(bearer(auditor.body.accessToken))
      .expect(200);
    const roleChange = ledger.body.find(
      (e: { action: string; payload: { userId?: string } }) =>
        e.action === 'user.updated' && e.payload.userId === userId,
    );
    expect(roleChange).toMatchObject({
      actorType: 'system',
      actorName: '町田市 職員アカウント',
      payload: { changes: { roles: { from: ['wg_leader', 'hq_approver'], to: ['wg_leader'] } } },
    });
    // The leaver of the deactivation test above.
    expect(ledger.body.map((e: { action: string }) => e.action)).toContain('user.deactivated');

    const text = JSON.stringify([events.body, refused.body, ledger.body]);
    for (const secret of seen) expect(text).not.toContain(secret);
  });
});

describe('a refused sign-in sends the browser back to the app with the reason', () => {
  // What a browser sends for a top-level navigation.
  const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  const id = unique('returning');
  beforeAll(() => {
    idp.setAccounts({ [id]: { email: `${id}@machida.example.test`, name: '戻り 確認', groups: [] } });
  });

  function expectSentBack(res: { status: number; headers: Record<string, unknown> }, location: string) {
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(location);
    const cookies = res.headers['set-cookie'] as unknown as string[];
    expect(cookies.find((c) => c.startsWith('pdca_oidc_flow='))).toMatch(/^pdca_oidc_flow=; .*Max-Age=0/);
  }

  it('a wrong state: to the returnTo given at start, the code in the fragment, and in the security log', async () => {
    const before = await counts();
    const { location, cookie } = await start('/items?mine=true');
    const back = await signInAtDirectory(location, id);
    back.searchParams.set('state', 'another-sign-in');
    expectSentBack(
      await callback(back, cookie, BROWSER),
      '/items?mine=true#sign_in_error=OIDC_STATE_MISMATCH',
    );
    expect(await lastFailure()).toMatchObject({ kind: 'sign_in.failed', reason: 'OIDC_STATE_MISMATCH' });
    expect(await counts()).toEqual(before);
  });

  it('no flow cookie: a browser goes to the app’s root, an API client gets the JSON error as before', async () => {
    const { location } = await start('/items');
    const back = await signInAtDirectory(location, id);
    const missing = () =>
      api.dataSource
        .query(
          `SELECT count(*)::int AS n FROM security_events WHERE tenant_id IS NULL AND reason = 'OIDC_FLOW_MISSING'`,
        )
        .then(([row]) => row.n as number);
    const logged = await missing();
    expectSentBack(await callback(back, null, BROWSER), '/#sign_in_error=OIDC_FLOW_MISSING');
    expect(await missing()).toBe(logged + 1);
    const json = await callback(back, null, 'application/json');
    expect(json.status).toBe(400);
    expect(json.headers['content-type']).toMatch(/json/);
    expect(json.body).toMatchObject({ code: 'OIDC_FLOW_MISSING', messageJa: expect.any(String) });
  });

  it('a wrong state of a sign-in started without returnTo, not from a browser: the JSON error as before', async () => {
    const { location, cookie } = await start();
    const back = await signInAtDirectory(location, id);
    back.searchParams.set('state', 'another-sign-in');
    const res = await callback(back, cookie, 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('OIDC_STATE_MISMATCH');
  });

  it('the user cancels at the directory (error=access_denied): back to returnTo with the code', async () => {
    const before = await counts();
    const { location, cookie } = await start('/approvals');
    const back = await cancelAtDirectory(location);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expectSentBack(await callback(back, cookie, BROWSER), '/approvals#sign_in_error=OIDC_DIRECTORY_ERROR');
    expect(await lastFailure()).toMatchObject({ kind: 'sign_in.failed', reason: 'OIDC_DIRECTORY_ERROR' });
    expect(await counts()).toEqual(before);
    // Without returnTo and from an API client, the same cancel answers the JSON error.
    const plain = await start();
    const json = await callback(await cancelAtDirectory(plain.location), plain.cookie);
    expect(json.status).toBe(401);
    expect(json.body.code).toBe('OIDC_DIRECTORY_ERROR');
  });
});
