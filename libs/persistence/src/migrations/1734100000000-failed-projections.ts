import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dead letters of the projection: a workflow event PostgreSQL refused as data (SQLSTATE class
 * 22/23) or that ran out of retries. One row per (workflow id, event seq), so a cycle whose read
 * model stopped following its workflow is visible (GET /health counts the open ones) instead of
 * silently stuck. No event payload is kept: the event is in the workflow history.
 */
export class FailedProjections1734100000000 implements MigrationInterface {
  name = 'FailedProjections1734100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE failed_projections (
        workflow_id text NOT NULL,
        seq int NOT NULL,
        run_id text NOT NULL,
        event_type text NOT NULL,
        tenant_id uuid,
        cycle_id uuid,
        error_code text NOT NULL,
        error_message text NOT NULL,
        attempts int NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        PRIMARY KEY (workflow_id, seq)
      )`);
    await q.query(
      'CREATE INDEX failed_projections_open ON failed_projections (failed_at) WHERE resolved_at IS NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS failed_projections');
  }
}
