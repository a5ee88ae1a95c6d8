/**
 * Least privilege: the application's login (DATABASE_URL, what the API, the worker and every other
 * integration test connect as) is a plain member of pdca_app. It may append to the ledger but not
 * change, delete or truncate it, nor switch its trigger off by any route; the migrations' owner
 * (DATABASE_OWNER_URL) is another role. That the rest of the suite passes on this login is the proof
 * that the application needs nothing more.
 */

import {
  APP_GROUP_ROLE,
  DEV_APP_LOGIN,
  databasePrivileges,
  ensureAppLogin,
  loginOf,
} from '@pdca/persistence';
import { Client } from 'pg';
import { startApiApp } from '../api/api-test-app';
import { asOwner, ownerDatabaseUrl } from '../support/owner-database';

let app: Client;

beforeAll(async () => {
  app = new Client({ connectionString: process.env.DATABASE_URL });
  await app.connect();
});

afterAll(async () => {
  await app?.end();
});

/** Runs one statement as the app's login in a transaction that is always rolled back. */
async function asApp(statement: string, params: unknown[] = []): Promise<unknown> {
  await app.query('BEGIN');
  try {
    return await app.query(statement, params);
  } finally {
    await app.query('ROLLBACK');
  }
}

describe("the application's database login", () => {
  it('is a plain member of pdca_app, not the owner of the schema, and is what the API uses', async () => {
    const owner = loginOf(ownerDatabaseUrl()).user;
    expect(loginOf(process.env.DATABASE_URL!).user).toBe(DEV_APP_LOGIN.user);
    expect(owner).not.toBe(DEV_APP_LOGIN.user);
    const { rows } = await app.query(
      `SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication FROM pg_roles WHERE rolname = current_user`,
    );
    expect(rows[0]).toEqual({
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
      rolreplication: false,
    });
    expect(await databasePrivileges((sql) => app.query(sql).then((r) => r.rows))).toEqual({
      user: DEV_APP_LOGIN.user,
      superuser: false,
      ownsLedger: false,
      memberOfAppRole: true,
    });
    const api = await startApiApp();
    try {
      const [{ user }] = await api.dataSource.query('SELECT current_user AS user');
      expect(user).toBe(DEV_APP_LOGIN.user);
    } finally {
      await api.close();
    }
    // The owner is who the migrations ran as: it owns the ledger.
    const ownerPrivileges = await asOwner((c) =>
      databasePrivileges((sql) => c.query(sql).then((r) => r.rows)),
    );
    expect(ownerPrivileges.ownsLedger).toBe(true);
  });

  it('cannot change, delete or truncate ledger rows, nor disable the append-only trigger by any route', async () => {
    const notOwner = /must be owner of (table|relation) audit_log/;
    const denied = /permission denied/;
    await expect(asApp(`UPDATE audit_log SET comment = 'x'`)).rejects.toThrow(
      'permission denied for table audit_log',
    );
    await expect(asApp('DELETE FROM audit_log')).rejects.toThrow('permission denied for table audit_log');
    await expect(asApp('TRUNCATE audit_log')).rejects.toThrow('permission denied for table audit_log');
    await expect(asApp('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only')).rejects.toThrow(
      notOwner,
    );
    await expect(asApp('ALTER TABLE audit_log DISABLE TRIGGER ALL')).rejects.toThrow(notOwner);
    await expect(asApp('DROP TRIGGER audit_log_append_only ON audit_log')).rejects.toThrow(notOwner);
    await expect(asApp('ALTER TABLE audit_log RENAME TO audit_log_old')).rejects.toThrow(notOwner);
    await expect(asApp('DROP TABLE audit_log')).rejects.toThrow(notOwner);
    await expect(
      asApp(
        `CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      ),
    ).rejects.toThrow(/must be owner of function|permission denied/);
    // Replica mode skips ordinary triggers: a superuser's switch.
    await expect(asApp('SET session_replication_role = replica')).rejects.toThrow(denied);
    // No way up to a role that could.
    await expect(asApp(`SET ROLE ${loginOf(ownerDatabaseUrl()).user}`)).rejects.toThrow(denied);
    await expect(asApp(`ALTER ROLE ${DEV_APP_LOGIN.user} SUPERUSER`)).rejects.toThrow(denied);
    await expect(asApp('CREATE TABLE public.audit_shadow (id int)')).rejects.toThrow(denied);
    // …and the trigger is there, enabled.
    const { rows } = await app.query(
      `SELECT tgenabled FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND tgname = 'audit_log_append_only'`,
    );
    expect(rows).toEqual([{ tgenabled: 'O' }]);
  });

  it('still reads and appends to the ledger, and writes the read models', async () => {
    await expect(asApp('SELECT count(*) FROM audit_log')).resolves.toBeDefined();
    const tenant = await app.query(
      `INSERT INTO tenants (code, name) VALUES ('least-priv-' || md5(random()::text), '最小権限市') RETURNING id`,
    );
    await app.query(
      `INSERT INTO audit_log (tenant_id, seq, occurred_at, actor_type, action, hash) VALUES ($1, 1, now(), 'system', 'test', 'h')`,
      [tenant.rows[0].id],
    );
    await app.query(`UPDATE tenants SET name = '最小権限市（更新）' WHERE id = $1`, [tenant.rows[0].id]);
  });

  it('is created once and left alone afterwards (ensureAppLogin is idempotent)', async () => {
    await expect(ensureAppLogin(ownerDatabaseUrl(), DEV_APP_LOGIN)).resolves.toBe('exists');
    const { rows } = await app.query(`SELECT pg_has_role(current_user, $1, 'MEMBER') AS member`, [
      APP_GROUP_ROLE,
    ]);
    expect(rows).toEqual([{ member: true }]);
  });
});
