import { Client } from 'pg';

/**
 * Least privilege: the API, the worker, the relay and the CLI's data commands connect as a login
 * role that is a member of `pdca_app` (created by the AuditLedgerGuards migration): read and write
 * on the read models, SELECT and INSERT only on the audit ledger, and — not owning any table — no
 * way to disable the ledger's append-only trigger. Only migrations run as the schema's owner.
 */
export interface AppLogin {
  user: string;
  password: string;
}

/** The group role every application login belongs to. */
export const APP_GROUP_ROLE = 'pdca_app';

/**
 * The login of the development and test servers (the embedded PostgreSQL on 127.0.0.1 whose owner
 * is postgres/postgres): a fixed, public password is no weaker than the owner's there.
 * Production chooses its own (DATABASE_URL); see docs/operations.md.
 */
export const DEV_APP_LOGIN: AppLogin = { user: 'pdca_service', password: 'pdca-service-dev-only' };

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** `url` with another user and password (same server and database). */
export function withLogin(url: string, login: AppLogin): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(login.user);
  parsed.password = encodeURIComponent(login.password);
  return parsed.toString();
}

/** The user and password of a connection string. */
export function loginOf(url: string): AppLogin {
  const parsed = new URL(url);
  return { user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
}

export type AppLoginOutcome = 'created' | 'granted' | 'exists';

/**
 * Makes sure `login` exists, may log in and is a member of pdca_app, connecting with `ownerUrl`
 * (the migrations' role, which needs CREATEROLE to create it; an existing login needs nothing).
 * An existing login keeps its password: a DBA may have set it. Idempotent; safe to run concurrently
 * from several databases on one server (roles are server-wide).
 */
export async function ensureAppLogin(ownerUrl: string, login: AppLogin): Promise<AppLoginOutcome> {
  if (!ROLE_NAME.test(login.user)) {
    throw new Error(`the application's database user "${login.user}" must match ${ROLE_NAME.source}`);
  }
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const group = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_GROUP_ROLE]);
    if (group.rowCount === 0) {
      throw new Error(
        `role ${APP_GROUP_ROLE} does not exist: run the migrations as a user with CREATEROLE, or create it (docs/operations.md)`,
      );
    }
    const existing = await client.query<{ member: boolean; login: boolean; super: boolean }>(
      `SELECT pg_has_role(oid, $2, 'MEMBER') AS member, rolcanlogin AS login, rolsuper AS super
         FROM pg_roles WHERE rolname = $1`,
      [login.user, APP_GROUP_ROLE],
    );
    if (existing.rowCount === 0) {
      try {
        await execFormatted(
          client,
          `format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS INHERIT PASSWORD %L IN ROLE %I', $1::text, $2::text, $3::text)`,
          [login.user, login.password, APP_GROUP_ROLE],
        );
        return 'created';
      } catch (err) {
        // Another database on the same server created it at the same moment.
        if ((err as { code?: string }).code !== '42710') throw err;
        return ensureAppLogin(ownerUrl, login);
      }
    }
    const role = existing.rows[0];
    if (role.super) {
      throw new Error(`the application's database user "${login.user}" is a superuser: use a plain login`);
    }
    if (!role.login) throw new Error(`role "${login.user}" cannot log in (ALTER ROLE … LOGIN)`);
    if (role.member) return 'exists';
    await execFormatted(client, `format('GRANT %I TO %I', $1::text, $2::text)`, [APP_GROUP_ROLE, login.user]);
    return 'granted';
  } finally {
    await client.end();
  }
}

/** Quoting by PostgreSQL's own format() (%I identifiers, %L literals): no hand-made escaping. */
async function execFormatted(client: Client, formatCall: string, params: string[]): Promise<void> {
  const { rows } = await client.query<{ sql: string }>(`SELECT ${formatCall} AS sql`, params);
  await client.query(rows[0].sql);
}

export interface DatabasePrivileges {
  user: string;
  superuser: boolean;
  /** The connected role owns (or is a member of the owner of) the audit ledger's table. */
  ownsLedger: boolean;
  memberOfAppRole: boolean;
}

/** What the connected role could do to the ledger, for a warning at start-up. */
export async function databasePrivileges(
  query: (sql: string) => Promise<unknown[]>,
): Promise<DatabasePrivileges> {
  const [row] = (await query(
    `SELECT current_user AS user,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
            COALESCE((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c
                       WHERE c.oid = to_regclass('audit_log')), false) AS owns_ledger,
            EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_GROUP_ROLE}'
                     AND pg_has_role(current_user, oid, 'MEMBER')) AS member`,
  )) as Array<{ user: string; superuser: boolean; owns_ledger: boolean; member: boolean }>;
  return {
    user: row.user,
    superuser: row.superuser,
    ownsLedger: row.owns_ledger,
    memberOfAppRole: row.member,
  };
}

/** One line for the logs when the service runs with more rights than it needs; null when fine. */
function privilegeWarning(p: DatabasePrivileges): string | null {
  if (!p.superuser && !p.ownsLedger) return null;
  const what = p.superuser ? 'a superuser' : 'the owner of the audit ledger';
  return (
    `connected to PostgreSQL as "${p.user}", ${what}: it could disable the ledger's append-only trigger. ` +
    `Connect the API and worker as a login in role ${APP_GROUP_ROLE} (docs/operations.md, "Database roles").`
  );
}

/** Logs privilegeWarning() once at start-up; a failing check never stops the service. */
export async function warnWhenPrivileged(
  query: (sql: string) => Promise<unknown[]>,
  warn: (message: string) => void,
): Promise<void> {
  try {
    const warning = privilegeWarning(await databasePrivileges(query));
    if (warning) warn(warning);
  } catch {
    // best effort: the service works either way
  }
}
