import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Defence in depth for the audit ledger, on top of the append-only trigger:
 * - `pdca_app`, a NOLOGIN group role for the API and worker logins (`GRANT pdca_app TO <login>`):
 *   it may read and write the read models but only SELECT and INSERT on audit_log. Not being the
 *   table's owner, it cannot disable the trigger either. Roles are server-wide; where the
 *   migrating user may not create roles the step is skipped with a notice.
 * - the tenant's ledger counter never goes backwards, so deleted tail entries cannot be hidden by
 *   rewinding tenants.audit_seq.
 */
export class AuditLedgerGuards1733000000000 implements MigrationInterface {
  name = 'AuditLedgerGuards1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pdca_app') THEN
            CREATE ROLE pdca_app NOLOGIN;
          END IF;
        EXCEPTION
          -- another database on the same server created it at the same moment
          WHEN duplicate_object THEN NULL;
          WHEN insufficient_privilege THEN
            RAISE NOTICE 'role pdca_app not created (no CREATEROLE privilege); the audit_log trigger still applies';
            RETURN;
        END;
        GRANT USAGE ON SCHEMA public TO pdca_app;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO pdca_app;
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO pdca_app;
        REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM pdca_app;
        -- tables created by later migrations (run by the same owner) get the same grants
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO pdca_app;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO pdca_app;
      END $$`);
    await q.query(`
      CREATE FUNCTION tenants_audit_seq_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.audit_seq < OLD.audit_seq THEN
          RAISE EXCEPTION 'tenants.audit_seq may only grow (% → % refused)', OLD.audit_seq, NEW.audit_seq
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER tenants_audit_seq_forward_only BEFORE UPDATE OF audit_seq ON tenants
      FOR EACH ROW EXECUTE FUNCTION tenants_audit_seq_forward_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS tenants_audit_seq_forward_only ON tenants');
    await q.query('DROP FUNCTION IF EXISTS tenants_audit_seq_forward_only()');
    // The role is server-wide (other databases may use it): only this database's grants go.
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pdca_app') THEN
          ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM pdca_app;
          ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM pdca_app;
          REVOKE ALL ON ALL TABLES IN SCHEMA public FROM pdca_app;
          REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM pdca_app;
          REVOKE USAGE ON SCHEMA public FROM pdca_app;
        END IF;
      END $$`);
  }
}
