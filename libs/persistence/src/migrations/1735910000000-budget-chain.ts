import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The budget chain (#26): 予算要求額 (the department) → 査定額 (財政課) → 当初予算額 (議決).
 * - item_budget_amounts: what the finance division (role `finance`) records per item and budget
 *   year — 査定額 (kind 'assessed') and 当初予算額 (kind 'adopted') — by hand or by the finance
 *   system's file (source 'import', import_id naming the file's ledger entry).
 * - item_budgets.source 'adopted': once 当初予算額 is set, it is the item's budget for that year; a
 *   later budget reflection (an approved Act decision, or 事業検証) or plan import no longer
 *   overwrites it — the reflection row still records its proposal (反映額).
 */
export class BudgetChain1735910000000 implements MigrationInterface {
  name = 'BudgetChain1735910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE item_budget_amounts (
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        item_id uuid NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        budget_year int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('assessed', 'adopted')),
        amount bigint NOT NULL CHECK (amount >= 0),
        reason text NOT NULL,
        set_by uuid REFERENCES users(id),
        set_at timestamptz NOT NULL,
        source text NOT NULL CHECK (source IN ('manual', 'import')),
        import_id uuid,
        PRIMARY KEY (item_id, budget_year, kind),
        CHECK ((source = 'import') = (import_id IS NOT NULL))
      )`);
    await q.query(
      'CREATE INDEX item_budget_amounts_year_idx ON item_budget_amounts (tenant_id, budget_year)',
    );
    await q.query('ALTER TABLE item_budgets DROP CONSTRAINT item_budgets_source_check');
    await q.query(
      `ALTER TABLE item_budgets ADD CONSTRAINT item_budgets_source_check
         CHECK (source IN ('import', 'reflection', 'adopted'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM item_budgets WHERE source = 'adopted'`);
    await q.query('ALTER TABLE item_budgets DROP CONSTRAINT item_budgets_source_check');
    await q.query(
      `ALTER TABLE item_budgets ADD CONSTRAINT item_budgets_source_check
         CHECK (source IN ('import', 'reflection'))`,
    );
    await q.query('DROP TABLE item_budget_amounts');
  }
}
