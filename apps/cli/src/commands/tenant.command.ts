import { CITY_PRESETS, findCityPreset } from '@pdca/domain';
import { UsageError } from './cli-args';
import type { CliCommand, CliOutput } from './command';
import {
  parseCreateArgs,
  parseListArgs,
  parseOidcArgs,
  parsePasswordSignInArgs,
  type TenantCreateArgs,
  type TenantOidcArgs,
} from './tenant-args';

export const EXIT_OK = 0;
const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const TENANT_DETAILS = `Usage: pdca tenant create --code CODE --name NAME [--admin-email EMAIL] [--admin-name NAME]
                          [--min-password-length N] [--preset NAME] [--json]
       pdca tenant list [--json]
       pdca tenant oidc --code CODE --issuer URL --client-id ID --client-secret-env VAR
                        --directory-name 'JA|EN' [--roles-claim groups] [--role-map 'value=role,role;…']
                        [--scopes 'openid email profile'] [--skip-check]
       pdca tenant oidc --code CODE --remove
       pdca tenant password-sign-in --code CODE on|off

create  A new city (tenant) with the default policies (one-step HQ approval, reminders 7 and 1 days
        before, sign-in by password with at least 12 characters) and its first user, an \`admin\`
        with a one-time password printed once: it must be changed at the first sign-in
        (POST /api/v1/auth/password) before anything else is allowed. \`pdca import --tenant CODE\`
        then loads its reform plan. --admin-email defaults to admin@CODE.invalid. --preset sets the
        city's own words from a seed city (${CITY_PRESETS.map((p) => p.key).join(', ')}; default
        standard): plan levels, decisions, 一次/二次評価 scales, review cadence, 目標達成率 formula.
        They can be changed later (PUT /api/v1/settings, or the web app's 市の設定 page (管理 › 市の設定)).
list    Every tenant: code, name, users, directory.
oidc    Connects the tenant to its directory (OpenID Connect: Entra ID, Keycloak, AD FS …). The
        client secret is read from the environment variable named by --client-secret-env, so it
        stays out of the shell history and the process list; it is stored in the database only
        and never printed. --role-map maps values of the --roles-claim claim to roles, e.g.
        'pdca-hq=hq_approver;pdca-admin=admin,hq_admin'. Register
        <PUBLIC_URL>/api/v1/auth/oidc/callback as the redirect URI at the directory. Before
        saving, the directory's discovery document (<issuer>/.well-known/openid-configuration) is
        fetched and its issuer compared; --skip-check saves without (a directory not reachable
        from here yet).
password-sign-in  Switches email + password sign-in on or off for the tenant's users.

Database: DATABASE_URL, or else the development PostgreSQL in .data/postgres (as \`pdca import\`).
Exit codes: 0 done, 1 refused (code taken, unknown tenant …), 2 usage errors.`;

/**
 * Fetches the directory's discovery document the way the API will at sign-in (openid-client):
 * a typo in the issuer, a directory not reachable from here, or an issuer that differs from the
 * document's (Entra ID by domain name instead of directory id) is found now, not by the first
 * official who tries to sign in. Answers why not, or null.
 */
async function discoveryProblem(issuer: string, clientId: string): Promise<string | null> {
  const oidc = await import('openid-client');
  const url = new URL(issuer);
  const loopbackHttp = url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  try {
    await oidc.discovery(url, clientId, undefined, undefined, {
      timeout: 10,
      execute: loopbackHttp ? [oidc.allowInsecureRequests] : [],
    });
    return null;
  } catch (err) {
    const e = err as { message?: string; cause?: { message?: string; code?: string } };
    const cause = e.cause?.message ?? e.cause?.code;
    return `${e.message ?? String(err)}${cause ? ` (${cause})` : ''}`;
  }
}

/** A one-time password people can type: 4 groups of 5 from an alphabet without look-alikes. */
export function oneTimePassword(randomInt: (max: number) => number): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => alphabet[randomInt(alphabet.length)]).join(''),
  ).join('-');
}

async function withDatabase<T>(
  output: CliOutput,
  work: (dataSource: import('typeorm').DataSource, describe: string) => Promise<T>,
): Promise<T> {
  const { openDatabase } = await import('./cli-database');
  const database = await openDatabase(output, 'pdca tenant');
  const { createDataSource } = await import('@pdca/persistence/data-source');
  const dataSource = createDataSource(database.url, { poolSize: 2, applicationName: 'pdca-tenant' });
  try {
    await dataSource.initialize();
    return await work(dataSource, database.describe);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.close();
  }
}

/**
 * The rule POST /auth/login applies to the email (class-validator's isEmail): an address it
 * refuses would lock the first admin out. Imported here, not at the top: `pdca help` stays instant.
 */
async function assertSignInEmail(email: string): Promise<void> {
  const { isEmail } = await import('class-validator');
  if (email.length > 254 || !isEmail(email)) {
    throw new UsageError(`--admin-email must be an email address (name@city.example.jp), got "${email}"`);
  }
}

async function create(args: TenantCreateArgs, output: CliOutput): Promise<number> {
  await assertSignInEmail(args.adminEmail);
  const { randomInt } = await import('node:crypto');
  const bcrypt = (await import('bcryptjs')).default;
  const { DEFAULT_APPROVAL_POLICY, DEFAULT_REMINDER_POLICIES, DEFAULT_SIGN_IN_POLICY } = await import(
    '@pdca/domain'
  );
  const { TenantCodeTakenError, TenantRepository, UserRepository } = await import(
    '@pdca/persistence/repositories'
  );
  const password = oneTimePassword((max) => randomInt(max));
  const passwordHash = await bcrypt.hash(password, 10);
  return withDatabase(output, async (dataSource, describe) => {
    if (await new UserRepository(dataSource).findByEmail(args.adminEmail)) {
      output.err(
        `pdca tenant: ${args.adminEmail} is already a user's email / このメールアドレスは既に使われています; choose another with --admin-email\n`,
      );
      return EXIT_FAILED;
    }
    try {
      const { tenant, admin } = await new TenantRepository(dataSource).createWithAdmin({
        code: args.code,
        name: args.name,
        // Written out, so an operator sees (and may edit) what the city starts with.
        settings: {
          approvalPolicy: DEFAULT_APPROVAL_POLICY,
          reminderPolicies: DEFAULT_REMINDER_POLICIES,
          allowMembersToSubmit: false,
          ...findCityPreset(args.preset)!.settings,
          signIn: {
            ...DEFAULT_SIGN_IN_POLICY,
            ...(args.minPasswordLength !== undefined ? { minPasswordLength: args.minPasswordLength } : {}),
          },
        },
        admin: { email: args.adminEmail, displayName: args.adminName, passwordHash },
        provisionedBy: 'pdca tenant create',
      });
      if (args.json) {
        output.out(
          `${JSON.stringify({ tenant: { id: tenant.id, code: tenant.code, name: tenant.name }, admin: { id: admin.id, email: admin.email, oneTimePassword: password } }, null, 2)}\n`,
        );
      } else {
        output.out(
          [
            `テナントを作成しました / Tenant created in ${describe}: ${tenant.code} (${tenant.name})`,
            `  最初の管理者 / First admin: ${admin.email}`,
            `  初回パスワード / One-time password: ${password}`,
            '  初回ログイン後にパスワードの変更が必要です / It must be changed at the first sign-in',
            '  (POST /api/v1/auth/password). This password is shown only now.',
            `  次に / Next: npm run pdca -- import PLAN-FILE --tenant ${tenant.code}`,
            '',
          ].join('\n'),
        );
      }
      return EXIT_OK;
    } catch (err) {
      if (err instanceof TenantCodeTakenError) {
        output.err(
          `pdca tenant: a tenant with code "${args.code}" exists already / テナント「${args.code}」は既にあります\n`,
        );
        return EXIT_FAILED;
      }
      throw err;
    }
  });
}

async function list(json: boolean, output: CliOutput): Promise<number> {
  const { TenantRepository } = await import('@pdca/persistence/repositories');
  return withDatabase(output, async (dataSource) => {
    const tenants = await new TenantRepository(dataSource).listWithCounts();
    if (json) {
      output.out(`${JSON.stringify(tenants, null, 2)}\n`);
      return EXIT_OK;
    }
    if (tenants.length === 0) {
      output.out('テナントはありません / no tenants yet (pdca tenant create --code … --name …)\n');
      return EXIT_OK;
    }
    const width = Math.max(4, ...tenants.map((t) => t.code.length));
    output.out(`${'code'.padEnd(width)}  users  directory  name\n`);
    for (const t of tenants) {
      output.out(
        `${t.code.padEnd(width)}  ${String(t.users).padStart(5)}  ${(t.identityProvider ? 'oidc' : '—').padEnd(9)}  ${t.name}\n`,
      );
    }
    return EXIT_OK;
  });
}

async function configureOidc(args: TenantOidcArgs, output: CliOutput): Promise<number> {
  const { validateRoleMapping } = await import('@pdca/domain');
  const { IdentityProviderRepository, TenantRepository } = await import('@pdca/persistence/repositories');
  let secret: string | undefined;
  if (!args.remove) {
    const problems = validateRoleMapping(args.roleMapping);
    if (problems.length > 0) {
      output.err(`pdca tenant: --role-map: ${problems.map((p) => p.message.en).join(' ')}\n`);
      return EXIT_USAGE;
    }
    secret = process.env[args.clientSecretEnv ?? ''];
    if (!secret) {
      output.err(
        `pdca tenant: the environment variable ${args.clientSecretEnv} (the client secret) is not set\n`,
      );
      return EXIT_USAGE;
    }
  }
  if (!args.remove && !args.skipCheck) {
    const problem = await discoveryProblem(args.issuer!, args.clientId!);
    if (problem) {
      output.err(
        [
          `pdca tenant: the directory's discovery document at ${args.issuer}/.well-known/openid-configuration could not be used: ${problem}`,
          '  ディレクトリの設定情報（discovery）を取得できませんでした。--issuer を確認してください。何も保存していません / Nothing was saved.',
          '  Entra ID: https://login.microsoftonline.com/<directory (tenant) id>/v2.0 — the id, not the domain name;',
          '  Keycloak: https://<host>/realms/<realm> (before Keycloak 17: https://<host>/auth/realms/<realm>).',
          '  --skip-check saves it anyway (a directory not reachable from this machine).',
          '',
        ].join('\n'),
      );
      return EXIT_FAILED;
    }
  }
  return withDatabase(output, async (dataSource) => {
    const tenant = await new TenantRepository(dataSource).findByCode(args.code);
    if (!tenant) {
      output.err(
        `pdca tenant: tenant "${args.code}" does not exist / テナント「${args.code}」がありません\n`,
      );
      return EXIT_FAILED;
    }
    const providers = new IdentityProviderRepository(dataSource);
    if (args.remove) {
      const removed = await providers.remove(tenant.id);
      output.out(
        removed ? `${args.code}: directory sign-in removed\n` : `${args.code}: had no directory sign-in\n`,
      );
      return EXIT_OK;
    }
    await providers.save({
      tenantId: tenant.id,
      displayName: args.directoryName!,
      issuer: args.issuer!,
      clientId: args.clientId!,
      clientSecret: secret!,
      scopes: args.scopes,
      rolesClaim: args.rolesClaim,
      roleMapping: args.roleMapping,
    });
    output.out(
      `${args.code}: directory sign-in configured (issuer ${args.issuer}${args.skipCheck ? ', not checked' : ', discovery checked'}, client ${args.clientId}, claim "${args.rolesClaim}" → ${Object.keys(args.roleMapping).length} mapped values; secret stored, not shown)\n`,
    );
    return EXIT_OK;
  });
}

async function passwordSignIn(
  { code, on }: { code: string; on: boolean },
  output: CliOutput,
): Promise<number> {
  const { TenantRepository } = await import('@pdca/persistence/repositories');
  return withDatabase(output, async (dataSource) => {
    const tenants = new TenantRepository(dataSource);
    const tenant = await tenants.findByCode(code);
    if (!tenant) {
      output.err(`pdca tenant: tenant "${code}" does not exist / テナント「${code}」がありません\n`);
      return EXIT_FAILED;
    }
    await tenants.mergeSettings(tenant.id, 'signIn', { passwordSignIn: on });
    output.out(`${code}: password sign-in ${on ? 'on' : 'off'}\n`);
    return EXIT_OK;
  });
}

export const tenantCommand: CliCommand = {
  summary: 'create and list tenants (cities), connect a tenant to its directory (OpenID Connect)',
  details: TENANT_DETAILS,
  async run(args, { output }) {
    const [sub, ...rest] = args;
    try {
      switch (sub) {
        case 'create':
          return await create(parseCreateArgs(rest), output);
        case 'list':
          return await list(parseListArgs(rest).json, output);
        case 'oidc':
          return await configureOidc(parseOidcArgs(rest), output);
        case 'password-sign-in':
          return await passwordSignIn(parsePasswordSignInArgs(rest), output);
        default:
          throw new UsageError(
            sub ? `unknown subcommand "${sub}"` : 'say create, list, oidc or password-sign-in',
          );
      }
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      output.err(`pdca tenant: ${err.message}\n\n${TENANT_DETAILS.split('\n\n')[0]}\n`);
      return EXIT_USAGE;
    }
  },
};
