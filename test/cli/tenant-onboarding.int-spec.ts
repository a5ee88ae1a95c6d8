/**
 * A new city from nothing, as an operator and its first administrator do it: the built `pdca`
 * command (dist/, so `npm test` builds first) creates the tenant and prints the first admin's
 * one-time password, imports the reform plan and connects the city's directory; the admin signs in
 * over HTTP, must change the password first (to the tenant's minimum length), starts cycles, adds a
 * user, deactivates them (their token is refused at once) and reads who signed in. Then a staff
 * member signs in through the directory the CLI connected (a real `oidc-provider`), and the tenant
 * switches password sign-in off and on again with the CLI.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type ApiTestApp, bearer, startApiApp } from '../api/api-test-app';
import { uniqueCode } from '../api/fixtures';
import { SAMPLES } from '../api/plans-fixtures';
import { signInAtDirectory, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';
import { assertCliBuilt, pdca } from '../support/pdca-cli';
import { type RunningWorker, startWorker, uniqueSuffix } from '../support/test-worker';

const FY = 2027;
const MIN_LENGTH = 14;

const taskQueue = `tenant-onboarding-${uniqueSuffix()}`;
let api: ApiTestApp;
let worker: RunningWorker;
let idp: TestOidcProvider;
const code = uniqueCode('machida');
const adminEmail = `admin@${code}.example.test`;

const v1 = (p: string) => `/api/v1${p}`;
const get = (token: string, p: string) => api.http().get(v1(p)).set(bearer(token));
const post = (token: string, p: string, body: object = {}) =>
  api.http().post(v1(p)).set(bearer(token)).send(body);
const login = (email: string, password: string) =>
  api.http().post(v1('/auth/login')).send({ email, password });

beforeAll(async () => {
  assertCliBuilt();
  api = await startApiApp({ TEMPORAL_TASK_QUEUE: taskQueue });
  worker = await startWorker(api.dataSource, taskQueue);
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  idp = await startOidcProvider([`http://127.0.0.1:${port}/api/v1/auth/oidc/callback`]);
}, 60_000);

afterAll(async () => {
  await idp?.stop();
  await worker?.stop();
  await api?.close();
});

// One story, in order: each step needs the one before.
let oneTimePassword: string;
let adminToken: string;
const newPassword = 'まちだ-reform-2027!';
let items: Array<{ id: string; code: string }>;

it('pdca tenant create: the tenant, its first admin and a one-time password printed once', async () => {
  const res = await pdca([
    'tenant',
    'create',
    '--code',
    code,
    '--name',
    '町田市',
    '--admin-email',
    adminEmail,
    '--min-password-length',
    String(MIN_LENGTH),
    // The plan imported below is Hiratsuka's: its levels and decisions.
    '--preset',
    'hiratsuka',
  ]);
  expect(res).toMatchObject({ code: 0, err: '' });
  expect(res.out).toContain(`${code} (町田市)`);
  expect(res.out).toContain(`最初の管理者 / First admin: ${adminEmail}`);
  expect(res.out).toContain(`npm run pdca -- import PLAN-FILE --tenant ${code}`);
  oneTimePassword = res.out.match(/One-time password: (\S+)/)![1];
  expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);

  // Nothing but a hash is kept; the ledger has the tenant and its admin, without the password.
  const [tenant] = await api.dataSource.query(`SELECT id, settings FROM tenants WHERE code = $1`, [code]);
  expect(tenant.settings.signIn).toEqual({ passwordSignIn: true, minPasswordLength: MIN_LENGTH });
  expect(tenant.settings.levels.map((l: { name: { ja: string } }) => l.name.ja)).toEqual([
    '目標',
    '改革テーマ',
    '実施計画事業',
  ]);
  expect(tenant.settings.decisions.map((d: { code: string }) => d.code)).toEqual([
    'keep_as_is',
    'revise',
    'abolish',
    'complete',
  ]);
  const ledger = await api.dataSource.query(
    `SELECT action, payload FROM audit_log WHERE tenant_id = $1 ORDER BY seq`,
    [tenant.id],
  );
  expect(ledger.map((e: { action: string }) => e.action)).toEqual(['tenant.created', 'user.created']);
  expect(JSON.stringify(ledger)).not.toContain(oneTimePassword);

  const again = await pdca(['tenant', 'create', '--code', code, '--name', '町田市（二重）']);
  expect(again.code).toBe(1);
  expect(again.err).toContain(`a tenant with code "${code}" exists already`);
  expect(again.out).toBe('');

  const list = await pdca(['tenant', 'list', '--json']);
  expect(list.code).toBe(0);
  expect(JSON.parse(list.out)).toContainEqual(
    expect.objectContaining({ code, name: '町田市', users: 1, identityProvider: null }),
  );
});

it('pdca import --tenant: the reform plan goes into the new tenant', async () => {
  const res = await pdca(['import', path.join(SAMPLES, 'hiratsuka-2024-2027.tsv'), '--tenant', code]);
  expect(res.code).toBe(0);
  expect(res.out).toContain(`into tenant ${code} (町田市)`);
  expect(res.out).toContain('状態 / Status: 新規作成 / created');
});

it('the first admin signs in with the one-time password and must change it first (tenant minimum length)', async () => {
  const first = await login(adminEmail, oneTimePassword).expect(200);
  expect(first.body.user).toMatchObject({ email: adminEmail, roles: ['admin'], mustChangePassword: true });
  const otpToken: string = first.body.accessToken;

  const blocked = await get(otpToken, '/items').expect(403);
  expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
  await get(otpToken, '/auth/me').expect(200);

  // One character short of this tenant's minimum (the default would be 12).
  const short = await post(otpToken, '/auth/password', {
    currentPassword: oneTimePassword,
    newPassword: 'x'.repeat(MIN_LENGTH - 1),
  }).expect(400);
  expect(short.body.details).toEqual([
    expect.objectContaining({
      field: 'newPassword',
      rule: 'minLength',
      messageEn: expect.stringContaining(`at least ${MIN_LENGTH} characters`),
      messageJa: expect.stringContaining(`${MIN_LENGTH}文字以上`),
    }),
  ]);

  const changed = await post(otpToken, '/auth/password', {
    currentPassword: oneTimePassword,
    newPassword,
  }).expect(200);
  expect(changed.body.user.mustChangePassword).toBe(false);
  adminToken = changed.body.accessToken;
  // The one-time session ended with the change; the one-time password is gone too.
  await get(otpToken, '/auth/me').expect(401);
  await login(adminEmail, oneTimePassword).expect(401);
  expect((await login(adminEmail, newPassword).expect(200)).body.user.mustChangePassword).toBe(false);
});

it('the admin sees the imported items and starts cycles (starting again is safe)', async () => {
  const res = await get(adminToken, '/items?limit=100').expect(200);
  expect(res.body.total).toBe(19);
  items = res.body.items;
  const started = [];
  for (const item of items.slice(0, 2)) {
    const cycle = await post(adminToken, `/items/${item.id}/cycles`, { fiscalYear: FY }).expect(201);
    expect(cycle.body).toMatchObject({ itemId: item.id, fiscalYear: FY, stage: 'PLAN' });
    started.push(cycle.body.id);
  }
  const again = await post(adminToken, `/items/${items[0].id}/cycles`, { fiscalYear: FY }).expect(200);
  expect(again.body.id).toBe(started[0]);
  const cycle = await get(adminToken, `/cycles/${started[1]}`).expect(200);
  expect(cycle.body.stage).toBe('PLAN');
});

it('users the admin adds follow the tenant’s minimum length; a deactivated user’s token is refused at once', async () => {
  const email = `leader@${code}.example.test`;
  const body = { email, displayName: '町田 リーダー', roles: ['wg_leader'] };
  const weak = await post(adminToken, '/users', { ...body, password: 'twelve-chars' }).expect(400);
  expect(weak.body.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`)).toEqual([
    'password:minLength',
  ]);
  const created = await post(adminToken, '/users', { ...body, password: 'fourteen-chars' }).expect(201);
  const leader = await login(email, 'fourteen-chars').expect(200);
  await get(leader.body.accessToken, '/auth/me').expect(200);

  await post(adminToken, `/users/${created.body.id}/deactivate`, { reason: '異動' }).expect(200);
  const refused = await get(leader.body.accessToken, '/auth/me').expect(401);
  expect(refused.body.code).toBe('ACCOUNT_DEACTIVATED');
  expect((await login(email, 'fourteen-chars').expect(403)).body.code).toBe('ACCOUNT_DEACTIVATED');
});

it('pdca tenant oidc connects the directory: a staff member signs in with the mapped role', async () => {
  const secretEnv = `PDCA_TEST_OIDC_SECRET_${uniqueSuffix().toUpperCase()}`;
  const missing = await pdca([
    'tenant',
    'oidc',
    '--code',
    code,
    '--issuer',
    idp.issuer,
    '--client-id',
    idp.clientId,
    '--client-secret-env',
    secretEnv,
    '--directory-name',
    '町田市 職員アカウント|Machida staff account',
  ]);
  expect(missing.code).toBe(2);
  expect(missing.err).toContain(`${secretEnv} (the client secret) is not set`);

  // A wrong issuer is found by the command (discovery), not by the first official signing in.
  const wrong = await pdca(
    [
      'tenant',
      'oidc',
      '--code',
      code,
      '--issuer',
      `${idp.issuer}/realms/no-such-realm`,
      '--client-id',
      idp.clientId,
      '--client-secret-env',
      secretEnv,
      '--directory-name',
      '町田市 職員アカウント',
    ],
    { [secretEnv]: idp.clientSecret },
  );
  expect(wrong.code).toBe(1);
  expect(wrong.err).toContain(`${idp.issuer}/realms/no-such-realm/.well-known/openid-configuration`);
  expect(wrong.err).toContain('Nothing was saved');
  const tenants = JSON.parse((await pdca(['tenant', 'list', '--json'])).out);
  expect(tenants.find((t: { code: string }) => t.code === code).identityProvider).toBeNull();

  const res = await pdca(
    [
      'tenant',
      'oidc',
      '--code',
      code,
      '--issuer',
      idp.issuer,
      '--client-id',
      idp.clientId,
      '--client-secret-env',
      secretEnv,
      '--directory-name',
      '町田市 職員アカウント|Machida staff account',
      '--scopes',
      'openid email profile groups',
      '--role-map',
      'pdca-hq=hq_approver;pdca-leaders=wg_leader',
    ],
    { [secretEnv]: idp.clientSecret },
  );
  expect(res).toMatchObject({ code: 0, err: '' });
  expect(res.out).toContain('directory sign-in configured (issuer');
  expect(res.out).toContain('discovery checked');
  expect(res.out).not.toContain(idp.clientSecret);
  const list = await pdca(['tenant', 'list', '--json']);
  expect(JSON.stringify(JSON.parse(list.out))).not.toContain(idp.clientSecret);

  const providers = await api.http().get(v1('/auth/providers')).expect(200);
  const mine = providers.body.items.find((p: { tenantCode: string }) => p.tenantCode === code);
  expect(mine).toMatchObject({ directoryName: { ja: '町田市 職員アカウント', en: 'Machida staff account' } });

  const account = `staff-${uniqueSuffix()}`;
  idp.setAccounts({
    [account]: { email: `${account}@${code}.example.test`, name: '町田 職員', groups: ['pdca-hq'] },
  });
  const start = await api.http().get(mine.startUrl).expect(302);
  const cookie = (start.headers['set-cookie'] as unknown as string[])
    .find((c) => c.startsWith('pdca_oidc_flow='))!
    .split(';')[0];
  const back = await signInAtDirectory(start.headers.location, account);
  const signedIn = await api.http().get(`${back.pathname}${back.search}`).set('Cookie', cookie).expect(200);
  expect(signedIn.body.user).toMatchObject({
    tenantCode: code,
    roles: ['hq_approver'],
    signInMethod: 'oidc',
  });
  await get(signedIn.body.accessToken, '/approvals').expect(200);
});

it('pdca tenant password-sign-in off refuses a correct password; on lets it in again', async () => {
  const off = await pdca(['tenant', 'password-sign-in', '--code', code, 'off']);
  expect(off).toMatchObject({ code: 0, out: `${code}: password sign-in off\n` });
  try {
    const refused = await login(adminEmail, newPassword).expect(403);
    expect(refused.body.code).toBe('PASSWORD_SIGN_IN_DISABLED');
    expect(refused.body.messageJa).toContain('パスワードでのログインは無効');
  } finally {
    const on = await pdca(['tenant', 'password-sign-in', '--code', code, 'on']);
    expect(on.code).toBe(0);
  }
  adminToken = (await login(adminEmail, newPassword).expect(200)).body.accessToken;
  const usage = await pdca(['tenant', 'password-sign-in', '--code', code, 'maybe']);
  expect(usage.code).toBe(2);
});

it('who signed in is in the security log, role changes and deactivations in the ledger; no secrets in either', async () => {
  await login(adminEmail, 'not-the-password').expect(401);
  const events = await get(adminToken, '/security-events?limit=100').expect(200);
  const seen = events.body.items.map(
    (e: { kind: string; method: string; reason: string | null }) => `${e.kind}:${e.method}:${e.reason ?? ''}`,
  );
  expect(seen).toEqual(
    expect.arrayContaining([
      'sign_in.succeeded:password:',
      'sign_in.succeeded:oidc:',
      'sign_in.failed:password:BAD_PASSWORD',
      'sign_in.failed:password:ACCOUNT_DEACTIVATED',
      'sign_in.failed:password:PASSWORD_SIGN_IN_DISABLED',
    ]),
  );
  const failed = await get(adminToken, '/security-events?kind=sign_in.failed').expect(200);
  expect(failed.body.items.every((e: { kind: string }) => e.kind === 'sign_in.failed')).toBe(true);

  const ledger = await get(adminToken, '/audit/log?action=user.*,tenant.created').expect(200);
  const actions = ledger.body.map((e: { action: string }) => e.action);
  expect(actions).toEqual(
    expect.arrayContaining(['tenant.created', 'user.created', 'user.password_changed', 'user.deactivated']),
  );
  const text = JSON.stringify([events.body, ledger.body]);
  for (const secret of [oneTimePassword, newPassword, 'fourteen-chars', idp.clientSecret, adminToken]) {
    expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/\$2[aby]\$/);
});
