import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Task opening dates (issue #15): a task may be `scheduled` (予定) until `open_at`, when it opens
 * for submission. Tasks projected before have no opening date (open from their creation).
 */
export class TaskOpeningDates1734800000000 implements MigrationInterface {
  name = 'TaskOpeningDates1734800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN open_at timestamptz`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_status_check`);
    await q.query(`
      ALTER TABLE tasks ADD CONSTRAINT tasks_status_check
        CHECK (status IN ('scheduled', 'open', 'submitted', 'done', 'cancelled'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE tasks SET status = 'open' WHERE status = 'scheduled'`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_status_check`);
    await q.query(`
      ALTER TABLE tasks ADD CONSTRAINT tasks_status_check
        CHECK (status IN ('open', 'submitted', 'done', 'cancelled'))`);
    await q.query(`ALTER TABLE tasks DROP COLUMN open_at`);
  }
}
