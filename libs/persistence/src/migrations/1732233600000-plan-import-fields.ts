import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a plan import keeps besides the first schema, so that importing the same file again compares
 * equal field by field (issue 5): an item's 現状と課題 (background), an indicator's final target as
 * written in the file (目標値 without a year, which may have no fiscal year to be filed under), and
 * whether a goal/theme node was made up for rows that named none.
 */
export class PlanImportFields1732233600000 implements MigrationInterface {
  name = 'PlanImportFields1732233600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE items ADD COLUMN background text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE indicators ADD COLUMN target numeric`);
    await q.query(`ALTER TABLE plan_nodes ADD COLUMN is_default boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE plan_nodes DROP COLUMN IF EXISTS is_default');
    await q.query('ALTER TABLE indicators DROP COLUMN IF EXISTS target');
    await q.query('ALTER TABLE items DROP COLUMN IF EXISTS background');
  }
}
