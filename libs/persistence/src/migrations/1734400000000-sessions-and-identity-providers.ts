import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that can end and sign-in through a city's own directory (issue #14):
 * - users: `token_version` (an access token carries it; deactivation, sign-out and a password
 *   change bump it, so older tokens are refused at once), `deactivated_at`,
 *   `must_change_password` (one-time passwords), the OpenID Connect identity (`oidc_issuer`,
 *   `oidc_subject`: unique per tenant), and a nullable `password_hash` (directory users have none).
 * - tenant_identity_providers: one OpenID Connect client per tenant. The client secret is kept
 *   only here; no read model or answer carries it.
 * - security_events: who signed in or failed to, and sign-outs. Not in the hash-chained ledger:
 *   failed attempts are unbounded input from anyone, and the ledger is the record of changes.
 */
export class SessionsAndIdentityProviders1734400000000 implements MigrationInterface {
  name = 'SessionsAndIdentityProviders1734400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ALTER COLUMN password_hash DROP NOT NULL,
        ADD COLUMN token_version integer NOT NULL DEFAULT 0,
        ADD COLUMN deactivated_at timestamptz,
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN oidc_issuer text,
        ADD COLUMN oidc_subject text,
        ADD CONSTRAINT users_oidc_identity_both CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL))`);
    await q.query(
      'CREATE UNIQUE INDEX users_oidc_identity_key ON users (tenant_id, oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL',
    );
    await q.query(`
      CREATE TABLE tenant_identity_providers (
        tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
        display_name jsonb NOT NULL,
        issuer text NOT NULL,
        client_id text NOT NULL,
        client_secret text NOT NULL,
        scopes text NOT NULL DEFAULT 'openid email profile',
        roles_claim text NOT NULL DEFAULT 'groups',
        role_mapping jsonb NOT NULL DEFAULT '{}'::jsonb,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE security_events (
        id bigserial PRIMARY KEY,
        tenant_id uuid REFERENCES tenants(id),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL,
        method text NOT NULL,
        user_id uuid REFERENCES users(id),
        reason text,
        client_ip text,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(
      'CREATE INDEX security_events_tenant_idx ON security_events (tenant_id, occurred_at DESC, id DESC)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE security_events');
    await q.query('DROP TABLE tenant_identity_providers');
    await q.query('DROP INDEX users_oidc_identity_key');
    await q.query(`
      ALTER TABLE users
        DROP CONSTRAINT users_oidc_identity_both,
        DROP COLUMN oidc_subject,
        DROP COLUMN oidc_issuer,
        DROP COLUMN must_change_password,
        DROP COLUMN deactivated_at,
        DROP COLUMN token_version`);
    await q.query(`UPDATE users SET password_hash = '' WHERE password_hash IS NULL`);
    await q.query('ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL');
  }
}
