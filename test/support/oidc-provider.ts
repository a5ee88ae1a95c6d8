import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IdentityProviderRepository } from '@pdca/persistence/repositories';
import type { DataSource } from 'typeorm';

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Replaces the directory's accounts (read at every sign-in). */
  setAccounts(accounts: Record<string, TestAccount>): void;
  /** The next token response carries an ID token wrong in this one way. */
  tamperNextIdToken(mode: 'issuer' | 'signature' | 'expired' | 'nonce'): Promise<void>;
  stop(): Promise<void>;
}

/** Starts test/support/oidc-provider/server.mjs (a real `oidc-provider`) on a free port. */
export async function startOidcProvider(redirectUris: string[]): Promise<TestOidcProvider> {
  const accountsFile = path.join(tmpdir(), `pdca-oidc-accounts-${process.pid}-${Date.now()}.json`);
  writeFileSync(accountsFile, '{}');
  const clientId = 'pdca-engine-test';
  const clientSecret = `secret-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'oidc-provider', 'server.mjs')], {
    env: {
      ...process.env,
      CLIENT_ID: clientId,
      CLIENT_SECRET: clientSecret,
      REDIRECT_URIS: redirectUris.join(' '),
      ACCOUNTS_FILE: accountsFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(JSON.parse(line).issuer);
    });
    child.once('exit', (code) => reject(new Error(`oidc-provider exited with ${code}: ${stderr}`)));
  });
  return {
    issuer,
    clientId,
    clientSecret,
    setAccounts: (accounts) => writeFileSync(accountsFile, JSON.stringify(accounts)),
    async tamperNextIdToken(mode) {
      const res = await fetch(`${issuer}/__test/tamper`, { method: 'POST', body: JSON.stringify({ mode }) });
      if (res.status !== 204) throw new Error(`tamper: ${res.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Connects `idp` as the tenant's directory ("町田市 職員アカウント"), roles from the `groups` claim. */
export async function connectDirectory(
  dataSource: DataSource,
  tenantId: string,
  idp: TestOidcProvider,
  roleMapping: Record<string, string[]>,
): Promise<void> {
  await new IdentityProviderRepository(dataSource).save({
    tenantId,
    displayName: { ja: '町田市 職員アカウント', en: 'Machida staff account' },
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    scopes: 'openid email profile groups',
    rolesClaim: 'groups',
    roleMapping,
  });
}

/** A browser's cookies for one host (enough for the provider's interaction cookies). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(header) || /expires=thu, 01 jan 1970/i.test(header))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/**
 * What a browser does between the API's start redirect and the callback: follows the directory's
 * redirects, signs in as `account` at the interaction step, and stops at the redirect back to the
 * API's callback, answering that URL.
 */
export function signInAtDirectory(authorizationUrl: string, account: string): Promise<URL> {
  return throughDirectory(authorizationUrl, ['account', account]);
}

/** The same, but the user cancels at the directory's login form (answered with error=access_denied). */
export function cancelAtDirectory(authorizationUrl: string): Promise<URL> {
  return throughDirectory(authorizationUrl, ['cancel', '1']);
}

async function throughDirectory(authorizationUrl: string, [name, value]: [string, string]): Promise<URL> {
  const jar = new CookieJar();
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < 10; hop++) {
    if (/^\/interaction\/[^/]+$/.test(url.pathname)) url.searchParams.set(name, value);
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(res);
    const location = res.headers.get('location');
    if (!location)
      throw new Error(`the directory answered ${res.status} at ${url.pathname}: ${await res.text()}`);
    const next = new URL(location, url);
    if (next.pathname.endsWith('/api/v1/auth/oidc/callback')) return next;
    url = next;
  }
  throw new Error('too many redirects at the directory');
}
