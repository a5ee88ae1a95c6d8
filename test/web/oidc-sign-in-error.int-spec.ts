/**
 * A refused directory sign-in in a real browser (Debian chromium through playwright-core) against a
 * real OpenID Connect provider (`oidc-provider`, with its login form): the browser lands back on the
 * app's sign-in page with the reason in the user's language, not on a JSON error, and the reason is
 * gone from the address bar.
 */
import type { AddressInfo } from 'node:net';
import { TenantRepository } from '@pdca/persistence/repositories';
import type { Browser, Page } from 'playwright-core';
import { type ApiTestApp, startApiApp } from '../api/api-test-app';
import { uniqueCode } from '../api/fixtures';
import {
  connectDirectory,
  signInAtDirectory,
  startOidcProvider,
  type TestOidcProvider,
} from '../support/oidc-provider';
import { uniqueSuffix } from '../support/test-worker';
import { assertWebAppBuilt, launchBrowser, screenshot } from './browser';

jest.setTimeout(120_000);

let api: ApiTestApp;
let idp: TestOidcProvider;
let browser: Browser;
let baseUrl: string;
let tenantCode: string;

beforeAll(async () => {
  assertWebAppBuilt();
  api = await startApiApp();
  baseUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
  idp = await startOidcProvider([`${baseUrl}/api/v1/auth/oidc/callback`]);
  const tenant = await new TenantRepository(api.dataSource).create({
    code: uniqueCode('oidc-web'),
    name: '町田市',
  });
  tenantCode = tenant.code;
  await connectDirectory(api.dataSource, tenant.id, idp, { 'pdca-leaders': ['wg_leader'] });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await idp?.stop();
  await api?.close();
});

/** From the app's sign-in page to the directory's login form, in a fresh browser profile. */
async function openDirectoryLogin(locale: string, button: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  // Other test files' cities may offer a directory of the same name on the shared database: this one's.
  await page
    .getByRole('link', { name: button })
    .and(page.locator(`[href*="/auth/oidc/${tenantCode}/start"]`))
    .click();
  await page.getByLabel('Account').waitFor();
  return page;
}

it('a deactivated account lands on the sign-in page with the reason in Japanese', async () => {
  const id = `leaver-${uniqueSuffix()}`;
  idp.setAccounts({
    [id]: { email: `${id}@machida.example.test`, name: '退職 済み', groups: ['pdca-leaders'] },
  });
  // The account exists (a first sign-in created it) and has since been deactivated.
  const start = await api.http().get(`/api/v1/auth/oidc/${tenantCode}/start`).expect(302);
  const cookie = (start.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  const back = await signInAtDirectory(start.headers.location, id);
  const first = await api.http().get(`${back.pathname}${back.search}`).set('Cookie', cookie).expect(200);
  await api.dataSource.query('UPDATE users SET deactivated_at = now() WHERE id = $1', [first.body.user.id]);

  const page = await openDirectoryLogin('ja-JP', '町田市 職員アカウントでログイン');
  await page.getByLabel('Account').fill(id);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toBe(
    'ディレクトリでのログインを完了できませんでした（このアカウントは無効化されています）。もう一度お試しください。解決しない場合は管理者にお問い合わせください。',
  );
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  expect(new URL(page.url()).hash).toBe('');
  await screenshot(page, 'oidc-01-deactivated');
  await page.context().close();
});

it('cancelling at the directory lands on the sign-in page with the reason in English', async () => {
  const page = await openDirectoryLogin('en-US', 'Sign in with Machida staff account');
  await page.getByRole('button', { name: 'Cancel' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toBe(
    'Signing in through the directory did not complete (the sign-in was cancelled or refused at the directory). Please try again. If it keeps failing, ask your administrator.',
  );
  expect(new URL(page.url()).hash).toBe('');
  await screenshot(page, 'oidc-02-cancelled');
  await page.context().close();
});
