import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole first schema. Every row carries its tenant. Read models are written only by workflow
 * activities; `projection_log` makes those writes idempotent (one row per workflow event).
 */
export class InitialSchema1732147200000 implements MigrationInterface {
  name = 'InitialSchema1732147200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        name text NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        audit_seq bigint NOT NULL DEFAULT 0,
        audit_head_hash text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        email text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL DEFAULT '{}',
        is_demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_tenant_idx ON users (tenant_id)`);
    await q.query(`
      CREATE TABLE working_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        name text NOT NULL,
        leader_user_id uuid REFERENCES users(id),
        member_user_ids uuid[] NOT NULL DEFAULT '{}',
        UNIQUE (tenant_id, name)
      )`);
    await q.query(`
      CREATE TABLE plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        title text NOT NULL,
        period_start_fy int,
        period_end_fy int,
        source jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, title),
        CHECK (period_start_fy IS NULL OR period_end_fy IS NULL OR period_start_fy <= period_end_fy)
      )`);
    await q.query(`
      CREATE TABLE plan_nodes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        parent_id uuid REFERENCES plan_nodes(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('goal', 'theme')),
        code text NOT NULL,
        title text NOT NULL,
        sort int NOT NULL DEFAULT 0,
        UNIQUE (plan_id, kind, code)
      )`);
    await q.query(`
      CREATE TABLE items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        plan_id uuid NOT NULL REFERENCES plans(id),
        theme_id uuid REFERENCES plan_nodes(id),
        code text NOT NULL,
        title text NOT NULL,
        summary text NOT NULL DEFAULT '',
        working_group_id uuid REFERENCES working_groups(id),
        review_cadence text CHECK (review_cadence IN ('monthly', 'quarterly')),
        budget_current_amount bigint NOT NULL DEFAULT 0 CHECK (budget_current_amount >= 0),
        sort int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (plan_id, code)
      )`);
    await q.query(`CREATE INDEX items_tenant_idx ON items (tenant_id)`);
    await q.query(`
      CREATE TABLE indicators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        item_id uuid NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        name text NOT NULL,
        unit text NOT NULL DEFAULT '',
        baseline numeric,
        direction text NOT NULL DEFAULT 'higher_is_better' CHECK (direction IN ('higher_is_better', 'lower_is_better')),
        targets jsonb NOT NULL DEFAULT '{}'::jsonb,
        sort int NOT NULL DEFAULT 0,
        UNIQUE (item_id, name)
      )`);
    await q.query(`
      CREATE TABLE cycles (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        item_id uuid NOT NULL REFERENCES items(id),
        fiscal_year int NOT NULL,
        workflow_id text NOT NULL UNIQUE,
        run_id text,
        stage text NOT NULL CHECK (stage IN ('PLAN', 'DO', 'CHECK', 'ACT')),
        status text NOT NULL,
        awaiting_approval boolean NOT NULL DEFAULT false,
        plan jsonb,
        execution_report jsonb,
        evaluation jsonb,
        decision jsonb,
        hq_rating text,
        carried_over jsonb,
        started_at timestamptz NOT NULL,
        closed_at timestamptz,
        close_reason text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, item_id, fiscal_year)
      )`);
    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        cycle_id uuid NOT NULL REFERENCES cycles(id),
        kind text NOT NULL CHECK (kind IN ('plan', 'review', 'execution_report', 'evaluation', 'action')),
        period_index int,
        title jsonb NOT NULL,
        assignee_user_id uuid REFERENCES users(id),
        due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'submitted', 'done', 'cancelled')),
        overdue boolean NOT NULL DEFAULT false,
        escalated_at timestamptz,
        reminders_sent int NOT NULL DEFAULT 0,
        last_reminded_at timestamptz,
        submitted_at timestamptz,
        submitted_by uuid,
        payload jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tasks_cycle_idx ON tasks (cycle_id)`);
    await q.query(`CREATE INDEX tasks_inbox_idx ON tasks (tenant_id, assignee_user_id, status)`);
    await q.query(`
      CREATE TABLE approvals (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        cycle_id uuid NOT NULL REFERENCES cycles(id),
        stage text NOT NULL,
        submission_kind text NOT NULL,
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
        rating text,
        payload jsonb,
        UNIQUE (cycle_id, submission_kind, round, step_index)
      )`);
    await q.query(`CREATE INDEX approvals_inbox_idx ON approvals (tenant_id, status)`);
    await q.query(`
      CREATE TABLE budget_reflections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        cycle_id uuid NOT NULL UNIQUE REFERENCES cycles(id),
        item_id uuid NOT NULL REFERENCES items(id),
        source_fiscal_year int NOT NULL,
        fiscal_year int NOT NULL,
        decision text NOT NULL,
        current_amount bigint NOT NULL,
        proposed_amount bigint NOT NULL,
        delta bigint NOT NULL,
        rule text NOT NULL,
        rule_description jsonb NOT NULL,
        approval_id uuid REFERENCES approvals(id),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX budget_reflections_fy_idx ON budget_reflections (tenant_id, fiscal_year)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        seq bigint NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'system')),
        actor_id uuid,
        actor_name text,
        actor_role text,
        action text NOT NULL,
        item_id uuid,
        cycle_id uuid,
        task_id uuid,
        approval_id uuid,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        comment text,
        workflow_id text,
        run_id text,
        event_key text UNIQUE,
        prev_hash text,
        hash text NOT NULL,
        UNIQUE (tenant_id, seq)
      )`);
    await q.query(`CREATE INDEX audit_log_cycle_idx ON audit_log (cycle_id)`);
    await q.query(`CREATE INDEX audit_log_item_idx ON audit_log (item_id)`);
    await q.query(`CREATE INDEX audit_log_time_idx ON audit_log (tenant_id, occurred_at)`);
    // The ledger is append-only for everyone, whatever the role: a trigger refuses changes.
    await q.query(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        event_key text NOT NULL UNIQUE,
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`);
    await q.query(`
      CREATE TABLE projection_log (
        workflow_id text NOT NULL,
        run_id text NOT NULL,
        seq int NOT NULL,
        event_type text NOT NULL,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workflow_id, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'projection_log',
      'outbox',
      'audit_log',
      'budget_reflections',
      'approvals',
      'tasks',
      'cycles',
      'indicators',
      'items',
      'plan_nodes',
      'plans',
      'working_groups',
      'users',
      'tenants',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await q.query('DROP FUNCTION IF EXISTS audit_log_refuse_change()');
  }
}
