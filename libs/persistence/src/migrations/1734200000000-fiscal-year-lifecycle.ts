import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Overlapping fiscal years (#9):
 * - item_budgets: an item's budget per fiscal year. The plan import seeds every year of the plan
 *   period with the amount it has; a budget reflection sets its target year (source 'reflection',
 *   which a later import does not overwrite). Backfilled from items.budget_current_amount.
 * - items.last_fiscal_year: set when an approved Act decision abolishes or completes the item; no
 *   cycle opens for a later year.
 */
export class FiscalYearLifecycle1734200000000 implements MigrationInterface {
  name = 'FiscalYearLifecycle1734200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE item_budgets (
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        item_id uuid NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        fiscal_year int NOT NULL,
        amount bigint NOT NULL CHECK (amount >= 0),
        source text NOT NULL CHECK (source IN ('import', 'reflection')),
        budget_reflection_id uuid REFERENCES budget_reflections(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (item_id, fiscal_year),
        CHECK ((source = 'reflection') = (budget_reflection_id IS NOT NULL))
      )`);
    await q.query(`
      INSERT INTO item_budgets (tenant_id, item_id, fiscal_year, amount, source)
      SELECT i.tenant_id, i.id, fy, i.budget_current_amount, 'import'
        FROM items i JOIN plans p ON p.id = i.plan_id,
             generate_series(p.period_start_fy, p.period_end_fy) AS fy
       WHERE p.period_start_fy IS NOT NULL AND p.period_end_fy IS NOT NULL`);
    await q.query(`ALTER TABLE items ADD COLUMN last_fiscal_year int`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE items DROP COLUMN last_fiscal_year`);
    await q.query(`DROP TABLE item_budgets`);
  }
}
