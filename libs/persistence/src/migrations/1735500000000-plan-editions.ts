import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published editions (公表版, #23): HQ freezes a fiscal year's 進捗管理表 and 評価シート of a plan
 * as files whose bytes never change. A correction is a new edition (第2版) naming the one it
 * supersedes; the `edition.published` ledger entry, written in the same transaction, carries every
 * file's SHA-256.
 *
 * Immutable twice over: a trigger refuses UPDATE, DELETE and TRUNCATE for every role (the owner
 * too, as audit_log's does), and pdca_app keeps only SELECT and INSERT on both tables.
 */
export class PlanEditions1735500000000 implements MigrationInterface {
  name = 'PlanEditions1735500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plan_editions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        plan_id uuid NOT NULL REFERENCES plans(id),
        fiscal_year int NOT NULL,
        edition_number int NOT NULL CHECK (edition_number >= 1),
        title text NOT NULL CHECK (title <> ''),
        reason text NOT NULL CHECK (reason <> ''),
        supersedes_edition_id uuid REFERENCES plan_editions(id),
        published_by uuid REFERENCES users(id),
        published_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (plan_id, fiscal_year, edition_number),
        CHECK ((edition_number = 1) = (supersedes_edition_id IS NULL))
      )`);
    await q.query(
      'CREATE INDEX plan_editions_plan_idx ON plan_editions (tenant_id, plan_id, published_at DESC)',
    );
    await q.query(`
      CREATE TABLE plan_edition_files (
        edition_id uuid NOT NULL REFERENCES plan_editions(id),
        name text NOT NULL CHECK (name ~ '^[A-Za-z0-9._-]+$'),
        content_type text NOT NULL,
        bytes bytea NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size int NOT NULL CHECK (size = octet_length(bytes)),
        sort int NOT NULL,
        PRIMARY KEY (edition_id, name)
      )`);
    await q.query(`
      CREATE FUNCTION plan_editions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is immutable (a published edition never changes): % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['plan_editions', 'plan_edition_files']) {
      await q.query(`
        CREATE TRIGGER ${table}_immutable BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION plan_editions_refuse_change()`);
    }
    // The default privileges gave pdca_app UPDATE and DELETE: take them back (where the role exists).
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pdca_app') THEN
          REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON plan_editions, plan_edition_files FROM pdca_app;
          GRANT SELECT, INSERT ON plan_editions, plan_edition_files TO pdca_app;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS plan_edition_files');
    await q.query('DROP TABLE IF EXISTS plan_editions');
    await q.query('DROP FUNCTION IF EXISTS plan_editions_refuse_change()');
  }
}
