import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 外部評価 (#25) on an item's timeline: a review round's creation (`external_review.created`) is one
 * ledger entry for all the items the round chose, so it carries no item_id; it names them in its
 * hashed payload (`itemIds`). audit_log_review_items_idx finds the rounds that chose an item
 * (`payload->'itemIds' ? <itemId>`) without reading the rest of the ledger.
 */
export class ExternalReviewTimeline1735840000000 implements MigrationInterface {
  name = 'ExternalReviewTimeline1735840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX audit_log_review_items_idx ON audit_log USING gin ((payload->'itemIds'))
        WHERE action = 'external_review.created'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS audit_log_review_items_idx');
  }
}
