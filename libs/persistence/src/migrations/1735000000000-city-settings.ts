import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A city's own words (#22):
 * - plans.settings: one plan's overrides of the city's settings (tenants.settings), e.g. its level
 *   names when the city's plans differ;
 * - items.review_cadence: also half-yearly and yearly;
 * - indicators.achievement_formula: `ratio` (実績 ÷ 目標) or `progress` (from the baseline); null =
 *   the city's default.
 */
export class CitySettings1735000000000 implements MigrationInterface {
  name = 'CitySettings1735000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await q.query('ALTER TABLE items DROP CONSTRAINT IF EXISTS items_review_cadence_check');
    await q.query(
      `ALTER TABLE items ADD CONSTRAINT items_review_cadence_check
         CHECK (review_cadence IN ('monthly', 'quarterly', 'half_yearly', 'yearly'))`,
    );
    await q.query(
      `ALTER TABLE indicators ADD COLUMN achievement_formula text
         CHECK (achievement_formula IS NULL OR achievement_formula IN ('ratio', 'progress'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE indicators DROP COLUMN IF EXISTS achievement_formula');
    await q.query('ALTER TABLE items DROP CONSTRAINT IF EXISTS items_review_cadence_check');
    await q.query(
      `ALTER TABLE items ADD CONSTRAINT items_review_cadence_check CHECK (review_cadence IN ('monthly', 'quarterly'))`,
    );
    await q.query('ALTER TABLE plans DROP COLUMN IF EXISTS settings');
  }
}
