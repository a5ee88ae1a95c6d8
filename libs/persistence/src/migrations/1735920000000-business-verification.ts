import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 事業検証 (#26): in autumn HQ picks 事業, a 検証チーム examines each, HQ decides per item in time
 * for the next budget.
 * - verification_rounds: a round of one fiscal year, the read model of its workflow
 *   (`verification/<tenant>/<roundId>`): title, the criteria it chose its items by, the team's and
 *   HQ's due dates and their reminders.
 * - verification_team: the 検証チーム of a round (users of the city).
 * - verification_items: the items chosen; each is the team's task (検証結果 + 方向性, submitted
 *   once per chain round) and HQ's decision (本部の決定) through the city's approval chain.
 *   carried_from links an item carried over undecided (方向性未決定) to last year's row.
 * - verification_approvals: that chain, one row per step and round, like approvals.
 * - budget_reflections: a decision of a round reaches the budget as a row of origin
 *   'verification' (no cycle; verification_item_id instead), the Act decisions' rows being 'cycle'.
 * Written by the round's projection activity (idempotent through projection_log).
 */
export class BusinessVerification1735920000000 implements MigrationInterface {
  name = 'BusinessVerification1735920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE verification_rounds (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        fiscal_year int NOT NULL,
        title text NOT NULL,
        criteria jsonb NOT NULL,
        findings_due_at timestamptz NOT NULL,
        decision_due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'decided')),
        workflow_id text NOT NULL UNIQUE,
        run_id text,
        overdue boolean NOT NULL DEFAULT false,
        escalated_at timestamptz,
        reminders_sent int NOT NULL DEFAULT 0,
        last_reminded_at timestamptz,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        decided_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(
      'CREATE INDEX verification_rounds_year_idx ON verification_rounds (tenant_id, fiscal_year)',
    );
    await q.query(`
      CREATE TABLE verification_team (
        round_id uuid NOT NULL REFERENCES verification_rounds(id),
        user_id uuid NOT NULL REFERENCES users(id),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        PRIMARY KEY (round_id, user_id)
      )`);
    await q.query('CREATE INDEX verification_team_user_idx ON verification_team (tenant_id, user_id)');
    await q.query(`
      CREATE TABLE verification_items (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        round_id uuid NOT NULL REFERENCES verification_rounds(id),
        item_id uuid NOT NULL REFERENCES items(id),
        fiscal_year int NOT NULL,
        workflow_id text NOT NULL,
        position int NOT NULL,
        carried_from uuid REFERENCES verification_items(id),
        current_amount bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'submitted', 'returned', 'approved')),
        round int NOT NULL DEFAULT 0,
        submission jsonb,
        submitted_by uuid,
        submitted_at timestamptz,
        approved_at timestamptz,
        decision text,
        carries_over boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL,
        UNIQUE (round_id, item_id)
      )`);
    await q.query('CREATE INDEX verification_items_item_idx ON verification_items (tenant_id, item_id)');
    // An undecided item is carried into one later round only.
    await q.query(
      'CREATE UNIQUE INDEX verification_items_carried_from_idx ON verification_items (carried_from) WHERE carried_from IS NOT NULL',
    );
    await q.query(`
      CREATE TABLE verification_approvals (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        verification_item_id uuid NOT NULL REFERENCES verification_items(id),
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
        UNIQUE (verification_item_id, round, step_index)
      )`);
    await q.query(
      'CREATE INDEX verification_approvals_inbox_idx ON verification_approvals (tenant_id, status)',
    );
    // A reflection comes from a cycle's Act decision or from a round's decision, never both.
    await q.query('ALTER TABLE budget_reflections ALTER COLUMN cycle_id DROP NOT NULL');
    await q.query(`ALTER TABLE budget_reflections
      ADD COLUMN origin text NOT NULL DEFAULT 'cycle' CHECK (origin IN ('cycle', 'verification')),
      ADD COLUMN verification_item_id uuid UNIQUE REFERENCES verification_items(id)`);
    await q.query(`ALTER TABLE budget_reflections ADD CONSTRAINT budget_reflections_origin_link CHECK (
      (origin = 'cycle' AND cycle_id IS NOT NULL AND verification_item_id IS NULL)
      OR (origin = 'verification' AND cycle_id IS NULL AND verification_item_id IS NOT NULL))`);
    // Findings and decisions are the record the city publishes: the application never deletes them.
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pdca_app') THEN
          REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON verification_rounds, verification_team,
            verification_items, verification_approvals FROM pdca_app;
          GRANT SELECT, INSERT, UPDATE ON verification_rounds, verification_team, verification_items,
            verification_approvals TO pdca_app;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM budget_reflections WHERE origin = 'verification'");
    await q.query('ALTER TABLE budget_reflections DROP CONSTRAINT budget_reflections_origin_link');
    await q.query('ALTER TABLE budget_reflections DROP COLUMN verification_item_id, DROP COLUMN origin');
    await q.query('ALTER TABLE budget_reflections ALTER COLUMN cycle_id SET NOT NULL');
    for (const table of [
      'verification_approvals',
      'verification_items',
      'verification_team',
      'verification_rounds',
    ])
      await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
