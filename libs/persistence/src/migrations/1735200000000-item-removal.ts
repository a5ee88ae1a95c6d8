import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Removing a reform item from a plan with a reason (#22, plan revision): the row stays (its cycles,
 * ledger entries and history keep pointing at it) and says when, why and by whom it was removed.
 * The three columns are set together or not at all; the ledger entry `item.removed` is written in
 * the same transaction.
 */
export class ItemRemoval1735200000000 implements MigrationInterface {
  name = 'ItemRemoval1735200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE items
        ADD COLUMN removed_at timestamptz,
        ADD COLUMN removed_reason text,
        ADD COLUMN removed_by uuid REFERENCES users(id),
        ADD CONSTRAINT items_removal_complete CHECK (
          (removed_at IS NULL AND removed_reason IS NULL AND removed_by IS NULL)
          OR (removed_at IS NOT NULL AND removed_reason IS NOT NULL AND removed_reason <> ''))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE items
        DROP CONSTRAINT IF EXISTS items_removal_complete,
        DROP COLUMN IF EXISTS removed_by,
        DROP COLUMN IF EXISTS removed_reason,
        DROP COLUMN IF EXISTS removed_at`);
  }
}
