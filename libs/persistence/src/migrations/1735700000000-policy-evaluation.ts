import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 施策評価 (#24): the evaluation above the items.
 * - plan_nodes.owner_user_id: the node's owner (the responsible 部長), set by HQ with a reason
 *   (ledger `node.owner_assigned`).
 * - policy_evaluations: one row per node and fiscal year, the read model of its workflow
 *   (`policy-eval/<tenant>/<nodeId>/<fy>`). The evaluation is its own task: the task's fields
 *   (open_at, due_at, reminders, overdue) live on the row.
 * - policy_evaluation_approvals: its approval chain, one row per step and round, like approvals.
 * - audit_log_node_idx: a node's timeline reads the ledger by payload.nodeId (kept in the hashed
 *   payload rather than a new column, so the ledger's hash covers it).
 * Written only by the workflow's projection activity (idempotent through projection_log).
 */
export class PolicyEvaluation1735700000000 implements MigrationInterface {
  name = 'PolicyEvaluation1735700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE plan_nodes ADD COLUMN owner_user_id uuid REFERENCES users(id)');
    await q.query(`
      CREATE TABLE policy_evaluations (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        node_id uuid NOT NULL REFERENCES plan_nodes(id),
        fiscal_year int NOT NULL,
        workflow_id text NOT NULL UNIQUE,
        run_id text,
        status text NOT NULL CHECK (status IN ('scheduled', 'open', 'submitted', 'returned', 'approved')),
        owner_user_id uuid,
        open_at timestamptz,
        opened_by text CHECK (opened_by IN ('items_approved', 'date')),
        scheduled_open_at timestamptz NOT NULL,
        due_at timestamptz,
        items_pending jsonb NOT NULL DEFAULT '[]'::jsonb,
        overdue boolean NOT NULL DEFAULT false,
        escalated_at timestamptz,
        reminders_sent int NOT NULL DEFAULT 0,
        last_reminded_at timestamptz,
        round int NOT NULL DEFAULT 0,
        submission jsonb,
        submitted_by uuid,
        submitted_at timestamptz,
        rating text,
        approved_at timestamptz,
        started_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (tenant_id, node_id, fiscal_year)
      )`);
    await q.query(
      'CREATE INDEX policy_evaluations_inbox_idx ON policy_evaluations (tenant_id, owner_user_id, status)',
    );
    await q.query(`
      CREATE TABLE policy_evaluation_approvals (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        evaluation_id uuid NOT NULL REFERENCES policy_evaluations(id),
        round int NOT NULL,
        step_index int NOT NULL,
        step_key text NOT NULL,
        step_label jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'returned', 'cancelled')),
        submitted_by uuid NOT NULL,
        submitted_at timestamptz NOT NULL,
        decided_by uuid,
        decided_at timestamptz,
        comment text,
        UNIQUE (evaluation_id, round, step_index)
      )`);
    await q.query(
      'CREATE INDEX policy_evaluation_approvals_inbox_idx ON policy_evaluation_approvals (tenant_id, status)',
    );
    await q.query(
      `CREATE INDEX audit_log_node_idx ON audit_log (tenant_id, (payload->>'nodeId')) WHERE payload ? 'nodeId'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS audit_log_node_idx');
    await q.query('DROP TABLE IF EXISTS policy_evaluation_approvals');
    await q.query('DROP TABLE IF EXISTS policy_evaluations');
    await q.query('ALTER TABLE plan_nodes DROP COLUMN IF EXISTS owner_user_id');
  }
}
