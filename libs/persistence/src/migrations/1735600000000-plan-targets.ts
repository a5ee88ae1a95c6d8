import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The plan's own targets (主要目標, #24): indicators on the plan or on a node get
 * - `period_target`: the whole period's target (福知山's 目標値 for 削減効果額, Machida's 経常収支比率
 *   in the last year); null = derived from the yearly targets (see libs/domain plan-targets.ts);
 * - `accumulation`: how the period's figures add up — `sum` for flows (削減効果額: 累計 = the sum of
 *   the years' actuals) or `latest` for stocks (職員数, 延床面積, 経常収支比率: the latest actual);
 * - `indicator_actuals`: each year's actual HQ enters, with where it comes from (出典) and as of
 *   when (時点). One row per indicator and year: a correction replaces the value, and the ledger
 *   entry `indicator.actual_recorded` keeps before and after. An item's indicators take their
 *   actuals through the CHECK evaluation instead, so the API refuses them here.
 *
 * pdca_app gets SELECT, INSERT and UPDATE on indicator_actuals (no DELETE: an actual is corrected,
 * never removed without a trace).
 */
export class PlanTargets1735600000000 implements MigrationInterface {
  name = 'PlanTargets1735600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE indicators ADD COLUMN period_target numeric,
         ADD COLUMN accumulation text NOT NULL DEFAULT 'latest' CHECK (accumulation IN ('sum', 'latest'))`,
    );
    await q.query(`
      CREATE TABLE indicator_actuals (
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        indicator_id uuid NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
        fiscal_year int NOT NULL CHECK (fiscal_year BETWEEN 1900 AND 2200),
        value numeric NOT NULL,
        source text NOT NULL CHECK (source <> '' AND char_length(source) <= 200),
        as_of date NOT NULL,
        entered_by uuid REFERENCES users(id),
        entered_at timestamptz NOT NULL DEFAULT now(),
        note text,
        PRIMARY KEY (indicator_id, fiscal_year)
      )`);
    await q.query('CREATE INDEX indicator_actuals_tenant_idx ON indicator_actuals (tenant_id)');
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pdca_app') THEN
          REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON indicator_actuals FROM pdca_app;
          GRANT SELECT, INSERT, UPDATE ON indicator_actuals TO pdca_app;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS indicator_actuals');
    await q.query(
      'ALTER TABLE indicators DROP COLUMN IF EXISTS accumulation, DROP COLUMN IF EXISTS period_target',
    );
  }
}
