import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 外部評価 (#25): a citizens' committee reviews chosen items; the city answers each ruling.
 * - external_reviews: a review round (one or more per fiscal year), the read model of its workflow
 *   (`ext-review/<tenant>/<reviewId>`): title, chair, due date, the members' reminders.
 * - external_review_members: the committee members of a round (users with role external_reviewer).
 * - external_review_items: the items chosen, each with the committee's ruling (委員会の評価) once the
 *   chair has recorded it.
 * - external_review_opinions: one 意見 per member and item; a member's second opinion on an item
 *   replaces the first (revision counts up) until the chair has ruled on that item.
 * - external_responses: 市の対応方針, one per ruled item: the item's leader's task, the read model of
 *   its own workflow (`ext-response/<tenant>/<reviewId>/<itemId>`), approved through HQ's chain;
 *   follow_up is the leader's account, in a later fiscal year's evaluation, of how it was carried out.
 * - external_response_approvals: that chain, one row per step and round, like approvals.
 * Written by the workflows' projection activities (idempotent through projection_log), except
 * follow_up (an API write with its ledger entry).
 */
export class ExternalReview1735800000000 implements MigrationInterface {
  name = 'ExternalReview1735800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE external_reviews (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        fiscal_year int NOT NULL,
        title text NOT NULL,
        chair_user_id uuid NOT NULL REFERENCES users(id),
        due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'ruled')),
        workflow_id text NOT NULL UNIQUE,
        run_id text,
        publish_member_names boolean NOT NULL DEFAULT false,
        overdue boolean NOT NULL DEFAULT false,
        escalated_at timestamptz,
        reminders_sent int NOT NULL DEFAULT 0,
        last_reminded_at timestamptz,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX external_reviews_year_idx ON external_reviews (tenant_id, fiscal_year)');
    await q.query(`
      CREATE TABLE external_review_members (
        review_id uuid NOT NULL REFERENCES external_reviews(id),
        user_id uuid NOT NULL REFERENCES users(id),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        PRIMARY KEY (review_id, user_id)
      )`);
    await q.query(
      'CREATE INDEX external_review_members_user_idx ON external_review_members (tenant_id, user_id)',
    );
    await q.query(`
      CREATE TABLE external_review_items (
        review_id uuid NOT NULL REFERENCES external_reviews(id),
        item_id uuid NOT NULL REFERENCES items(id),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        position int NOT NULL,
        ruling_result text,
        ruling_reason text,
        ruled_by uuid REFERENCES users(id),
        ruled_at timestamptz,
        PRIMARY KEY (review_id, item_id)
      )`);
    await q.query(
      'CREATE INDEX external_review_items_item_idx ON external_review_items (tenant_id, item_id)',
    );
    await q.query(`
      CREATE TABLE external_review_opinions (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        review_id uuid NOT NULL REFERENCES external_reviews(id),
        item_id uuid NOT NULL REFERENCES items(id),
        member_user_id uuid NOT NULL REFERENCES users(id),
        opinion text NOT NULL,
        result text NOT NULL,
        revision int NOT NULL DEFAULT 1,
        submitted_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (review_id, item_id, member_user_id)
      )`);
    await q.query(`
      CREATE TABLE external_responses (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        review_id uuid NOT NULL REFERENCES external_reviews(id),
        item_id uuid NOT NULL REFERENCES items(id),
        fiscal_year int NOT NULL,
        workflow_id text NOT NULL UNIQUE,
        run_id text,
        status text NOT NULL CHECK (status IN ('open', 'submitted', 'returned', 'approved')),
        leader_user_id uuid,
        open_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        overdue boolean NOT NULL DEFAULT false,
        escalated_at timestamptz,
        reminders_sent int NOT NULL DEFAULT 0,
        last_reminded_at timestamptz,
        round int NOT NULL DEFAULT 0,
        submission jsonb,
        submitted_by uuid,
        submitted_at timestamptz,
        approved_at timestamptz,
        follow_up text,
        follow_up_fiscal_year int,
        follow_up_by uuid REFERENCES users(id),
        follow_up_at timestamptz,
        started_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (review_id, item_id)
      )`);
    await q.query(
      'CREATE INDEX external_responses_item_idx ON external_responses (tenant_id, item_id, status)',
    );
    await q.query(`
      CREATE TABLE external_response_approvals (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        response_id uuid NOT NULL REFERENCES external_responses(id),
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
        UNIQUE (response_id, round, step_index)
      )`);
    await q.query(
      'CREATE INDEX external_response_approvals_inbox_idx ON external_response_approvals (tenant_id, status)',
    );
    // Opinions, rulings and responses are the record the committee and the city publish: the
    // application never deletes them.
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pdca_app') THEN
          REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON external_reviews, external_review_members,
            external_review_items, external_review_opinions, external_responses,
            external_response_approvals FROM pdca_app;
          GRANT SELECT, INSERT, UPDATE ON external_reviews, external_review_members,
            external_review_items, external_review_opinions, external_responses,
            external_response_approvals TO pdca_app;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'external_response_approvals',
      'external_responses',
      'external_review_opinions',
      'external_review_items',
      'external_review_members',
      'external_reviews',
    ])
      await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
