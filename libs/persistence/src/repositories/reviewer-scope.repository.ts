import { DataSource } from 'typeorm';

/**
 * What an external reviewer (外部評価委員, #25) may read: the items of the review rounds they sit
 * on. One indexed lookup per request (external_review_members by user, external_review_items by
 * item), read by the API's guard before an opted-in endpoint runs.
 */
export class ReviewerScopeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether the item is under a round the user sits on. */
  async itemUnderReview(tenantId: string, userId: string, itemId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM external_review_items i
         JOIN external_review_members m ON m.review_id = i.review_id AND m.tenant_id = i.tenant_id
        WHERE i.tenant_id = $1 AND m.user_id = $2 AND i.item_id = $3
        LIMIT 1`,
      [tenantId, userId, itemId],
    );
    return rows.length > 0;
  }

  /** Whether the cycle's item is under a round the user sits on. */
  async cycleUnderReview(tenantId: string, userId: string, cycleId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM cycles c
         JOIN external_review_items i ON i.tenant_id = c.tenant_id AND i.item_id = c.item_id
         JOIN external_review_members m ON m.review_id = i.review_id AND m.tenant_id = i.tenant_id
        WHERE c.tenant_id = $1 AND m.user_id = $2 AND c.id = $3
        LIMIT 1`,
      [tenantId, userId, cycleId],
    );
    return rows.length > 0;
  }
}
