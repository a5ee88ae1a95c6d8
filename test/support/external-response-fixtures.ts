import { randomUUID } from 'node:crypto';
import type { ExternalResponseInput } from '@pdca/contracts';
import type { DataSource } from 'typeorm';
import { createExternalResponseActivities } from '../../apps/worker/src/external-response.activities';

/** The item ruled on and the round's chair. */
export interface RuledItem {
  tenantId: string;
  tenantCode: string;
  itemId: string;
  chairUserId: string;
}

/**
 * A review round of `fiscalYear` with the fixture's item ruled 見直し, written straight to the
 * round's tables (the round's own workflow writes them in production), and the response input the
 * round's workflow would start 市の対応方針 with: the context read by the worker's activity.
 */
export async function ruledItemFixture(
  db: DataSource,
  f: RuledItem,
  fiscalYear: number,
  businessStartMs?: number,
): Promise<ExternalResponseInput> {
  const reviewId = randomUUID();
  const ruledAt = new Date(businessStartMs ?? Date.now()).toISOString();
  await db.query(
    `INSERT INTO external_reviews (id, tenant_id, fiscal_year, title, chair_user_id, due_at, status, workflow_id,
       created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'ruled', $7, $5, $6, $6)`,
    [
      reviewId,
      f.tenantId,
      fiscalYear,
      `${fiscalYear}年度 外部評価`,
      f.chairUserId,
      ruledAt,
      `ext-review/${f.tenantCode}/${reviewId}`,
    ],
  );
  const reason = '利用者が減っており、運営方法の見直しが必要である。';
  await db.query(
    `INSERT INTO external_review_items (review_id, item_id, tenant_id, position, ruling_result, ruling_reason, ruled_by, ruled_at)
     VALUES ($1, $2, $3, 1, 'revise', $4, $5, $6)`,
    [reviewId, f.itemId, f.tenantId, reason, f.chairUserId, ruledAt],
  );
  const context = await createExternalResponseActivities(db).externalResponseContext({
    tenantId: f.tenantId,
    itemId: f.itemId,
  });
  return {
    responseId: randomUUID(),
    tenantId: f.tenantId,
    tenantCode: f.tenantCode,
    reviewId,
    reviewTitle: `${fiscalYear}年度 外部評価`,
    itemId: f.itemId,
    fiscalYear,
    timeScale: 1,
    ...(businessStartMs !== undefined ? { businessStartMs } : {}),
    ruling: {
      result: 'revise',
      resultLabel: { ja: '見直し', en: 'Revise' },
      reason,
      ruledBy: f.chairUserId,
      ruledAt,
    },
    context,
  };
}
