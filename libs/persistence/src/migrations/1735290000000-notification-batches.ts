import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One mail per person per occasion (#28 point 14): an email delivery of a kind that comes in bursts
 * (task.assigned, task.opened) carries a batch key (kind and fiscal year); the relay holds it for a
 * short quiet window and sends the recipient's deliveries of one key as one mail. `sent_in` names
 * the delivery whose Message-ID the mail carried, so the log says which mail told whom of what.
 */
export class NotificationBatches1735290000000 implements MigrationInterface {
  name = 'NotificationBatches1735290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notification_deliveries
        ADD COLUMN batch_key text,
        ADD COLUMN sent_in uuid`);
    await q.query(
      `CREATE INDEX notification_deliveries_batch_idx ON notification_deliveries (recipient_user_id, batch_key)
         WHERE status = 'pending' AND batch_key IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS notification_deliveries_batch_idx');
    await q.query(
      'ALTER TABLE notification_deliveries DROP COLUMN IF EXISTS sent_in, DROP COLUMN IF EXISTS batch_key',
    );
  }
}
