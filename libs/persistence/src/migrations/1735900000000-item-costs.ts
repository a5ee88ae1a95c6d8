import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Costs per item and fiscal year (#26, 平塚市's 事業評価シート):
 * - item_costs: 事業費, 人工 and the 人件費単価 used (a snapshot of the city's setting when written),
 *   人件費 = round(人工 × 単価) and フルコスト = 事業費 + 人件費, with the 財源内訳 (一般財源 / 国・県支出金
 *   / その他, all three or none, summing to 事業費). basis 'estimate' (見込: PLAN or the plan import)
 *   or 'actual' (実績: CHECK). Written by the cycle projection in the submission's transaction
 *   (source 'plan' / 'check') and by the plan import (source 'import', which never overwrites a
 *   submitted row).
 * - items.project_kind: 事業区分 (市単独 / 上乗せ・横出し / 国・県補助 / 法定受託), null when unknown.
 * 事業検証 (part C) selects items by project_kind and item_costs.full_cost.
 */
export class ItemCosts1735900000000 implements MigrationInterface {
  name = 'ItemCosts1735900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE item_costs (
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        item_id uuid NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        fiscal_year int NOT NULL,
        basis text NOT NULL CHECK (basis IN ('estimate', 'actual')),
        project_cost bigint NOT NULL CHECK (project_cost >= 0),
        staff_fte numeric(7, 2) NOT NULL CHECK (staff_fte >= 0 AND staff_fte <= 1000),
        unit_cost bigint NOT NULL CHECK (unit_cost >= 0),
        staff_cost bigint NOT NULL CHECK (staff_cost >= 0),
        full_cost bigint NOT NULL CHECK (full_cost = project_cost + staff_cost),
        funding_general bigint CHECK (funding_general >= 0),
        funding_national_prefectural bigint CHECK (funding_national_prefectural >= 0),
        funding_other bigint CHECK (funding_other >= 0),
        source text NOT NULL CHECK (source IN ('plan', 'check', 'import')),
        set_by uuid REFERENCES users(id),
        set_at timestamptz NOT NULL,
        PRIMARY KEY (item_id, fiscal_year, basis),
        CHECK ((funding_general IS NULL) = (funding_national_prefectural IS NULL)
           AND (funding_general IS NULL) = (funding_other IS NULL)),
        CHECK (funding_general IS NULL
           OR funding_general + funding_national_prefectural + funding_other = project_cost)
      )`);
    await q.query('CREATE INDEX item_costs_year_idx ON item_costs (tenant_id, fiscal_year, basis)');
    await q.query(`
      ALTER TABLE items ADD COLUMN project_kind text
        CHECK (project_kind IN ('city_only', 'top_up', 'subsidized', 'statutory'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE items DROP COLUMN project_kind');
    await q.query('DROP TABLE item_costs');
  }
}
