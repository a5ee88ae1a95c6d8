import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The city's decisions and 一次/二次評価 scales a cycle's fiscal year runs on (#22), written with its
 * cycle.started event: the web offers what the year takes even after the city changed its settings.
 * Null for cycles started before (the city's current settings apply there).
 */
export class CycleSettings1735400000000 implements MigrationInterface {
  name = 'CycleSettings1735400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cycles ADD COLUMN city_settings jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cycles DROP COLUMN IF EXISTS city_settings');
  }
}
