import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 効果額 and indicator kinds (#12):
 * - items.effect_targets: 効果額の見込額 per fiscal year from the plan import, in yen
 *   ({"2025": {"spendingReduction": …, "revenueGain": …, "cost": …, "net": …}}; parts null when the
 *   file gives only the net). Actuals live in the CHECK evaluation (cycles.evaluation).
 * - indicators.kind: 成果指標 (outcome) or 活動指標 (activity); null when the file does not say.
 * Progress grade scales live in tenants.settings.progressGrades (no column).
 */
export class EffectsAndGrades1734900000000 implements MigrationInterface {
  name = 'EffectsAndGrades1734900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE items ADD COLUMN effect_targets jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await q.query(
      `ALTER TABLE indicators ADD COLUMN kind text CHECK (kind IS NULL OR kind IN ('outcome', 'activity'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE indicators DROP COLUMN IF EXISTS kind');
    await q.query('ALTER TABLE items DROP COLUMN IF EXISTS effect_targets');
  }
}
