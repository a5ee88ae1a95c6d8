import type { ExternalReviewProjectionEvent } from '@pdca/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { appendLedgerEntry } from './audit-ledger.repository';
import { applyOnce, insertOutbox, workflowLedgerEntry } from './cycle-projection.repository';

/**
 * Writes one step of a review round (外部評価, #25) to PostgreSQL in one transaction: the
 * external_reviews row, its members and items (at creation), the item's ruling, the member's
 * opinion (replaced in place, revision counted up), one ledger entry (actor, role, the ruling's
 * reason as comment; item_id set where the step concerns one item, so the item's timeline shows
 * it) and the outbox messages. Idempotent on (workflowId, seq) through projection_log.
 */
export class ExternalReviewProjectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  apply(event: ExternalReviewProjectionEvent): Promise<boolean> {
    return applyOnce(this.dataSource, event, async (manager) => {
      await upsertReview(manager, event);
      if (event.type === 'external_review.created') await insertMembersAndItems(manager, event);
      if (event.opinion) await upsertOpinion(manager, event);
      if (event.type === 'external_review.ruled' && event.itemId) await writeRuling(manager, event);
      await appendLedgerEntry(
        manager,
        workflowLedgerEntry(event, {
          itemId: event.itemId,
          cycleId: null,
          taskId: event.review.reviewId,
          approvalId: null,
        }),
      );
      await insertOutbox(manager, event, event.outbox);
    });
  }
}

async function upsertReview(manager: EntityManager, event: ExternalReviewProjectionEvent): Promise<void> {
  const r = event.review;
  await manager.query(
    `INSERT INTO external_reviews (id, tenant_id, fiscal_year, title, chair_user_id, due_at, status, workflow_id,
       run_id, overdue, escalated_at, reminders_sent, last_reminded_at, created_by, created_at, updated_at,
       publish_member_names)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)
     ON CONFLICT (id) DO UPDATE SET run_id = EXCLUDED.run_id, status = EXCLUDED.status,
       overdue = EXCLUDED.overdue, escalated_at = EXCLUDED.escalated_at,
       reminders_sent = EXCLUDED.reminders_sent, last_reminded_at = EXCLUDED.last_reminded_at,
       updated_at = EXCLUDED.updated_at`,
    [
      r.reviewId,
      event.tenantId,
      r.fiscalYear,
      r.title,
      r.chairUserId,
      r.dueAt,
      r.status,
      event.workflowId,
      event.runId,
      r.overdue,
      r.escalatedAt,
      r.remindersSent.length,
      r.lastRemindedAt,
      r.createdBy,
      r.startedAt,
      event.occurredAt,
      r.publishMemberNames,
    ],
  );
}

async function insertMembersAndItems(
  manager: EntityManager,
  event: ExternalReviewProjectionEvent,
): Promise<void> {
  const r = event.review;
  await manager.query(
    `INSERT INTO external_review_members (review_id, user_id, tenant_id)
     SELECT $1, u, $2 FROM unnest($3::uuid[]) AS u ON CONFLICT DO NOTHING`,
    [r.reviewId, event.tenantId, r.memberUserIds],
  );
  await manager.query(
    `INSERT INTO external_review_items (review_id, item_id, tenant_id, position)
     SELECT $1, i.item_id, $2, i.position FROM unnest($3::uuid[], $4::int[]) AS i(item_id, position)
     ON CONFLICT DO NOTHING`,
    [r.reviewId, event.tenantId, r.items.map((i) => i.itemId), r.items.map((i) => i.position)],
  );
}

async function upsertOpinion(manager: EntityManager, event: ExternalReviewProjectionEvent): Promise<void> {
  const o = event.opinion!;
  await manager.query(
    `INSERT INTO external_review_opinions (id, tenant_id, review_id, item_id, member_user_id, opinion, result,
       revision, submitted_at, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $8)
     ON CONFLICT (review_id, item_id, member_user_id) DO UPDATE SET opinion = EXCLUDED.opinion,
       result = EXCLUDED.result, revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at`,
    [
      event.tenantId,
      event.review.reviewId,
      o.itemId,
      o.memberUserId,
      o.opinion,
      o.result,
      o.revision,
      o.submittedAt,
    ],
  );
}

async function writeRuling(manager: EntityManager, event: ExternalReviewProjectionEvent): Promise<void> {
  const ruling = event.review.items.find((i) => i.itemId === event.itemId)?.ruling;
  if (!ruling) return;
  await manager.query(
    `UPDATE external_review_items SET ruling_result = $3, ruling_reason = $4, ruled_by = $5, ruled_at = $6
      WHERE review_id = $1 AND item_id = $2`,
    [event.review.reviewId, event.itemId, ruling.result, ruling.reason, ruling.ruledBy, ruling.ruledAt],
  );
}
