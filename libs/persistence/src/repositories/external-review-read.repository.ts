import { DataSource } from 'typeorm';

export interface ExternalReviewRow {
  id: string;
  fiscalYear: number;
  title: string;
  status: 'open' | 'ruled';
  workflowId: string;
  chairUserId: string;
  dueAt: Date;
  overdue: boolean;
  escalatedAt: Date | null;
  remindersSent: number;
  publishMemberNames: boolean;
  createdBy: string;
  createdAt: Date;
  itemCount: number;
  ruledCount: number;
  memberCount: number;
}

export interface ExternalReviewMemberRow {
  userId: string;
  displayName: string;
}

export interface ExternalReviewItemRow {
  itemId: string;
  position: number;
  code: string;
  title: string;
  /** The round's year: HQ's 二次評価, else the 一次評価 (null: not evaluated). */
  grade: string | null;
  /** The round's year: the ACT decision (null: none yet). */
  decision: string | null;
  rulingResult: string | null;
  rulingReason: string | null;
  ruledBy: string | null;
  ruledAt: Date | null;
  responseId: string | null;
  responseStatus: string | null;
}

export interface ExternalOpinionRow {
  itemId: string;
  memberUserId: string;
  memberName: string;
  opinion: string;
  result: string;
  revision: number;
  submittedAt: Date;
  updatedAt: Date;
}

/** A member's round with items still missing their opinion (GET /tasks). */
export interface OpinionTaskRow {
  reviewId: string;
  fiscalYear: number;
  title: string;
  dueAt: Date;
  overdue: boolean;
  missingItems: number;
}

const REVIEW_COLUMNS = `r.id, r.fiscal_year AS "fiscalYear", r.title, r.status, r.workflow_id AS "workflowId",
  r.chair_user_id AS "chairUserId", r.due_at AS "dueAt", r.overdue, r.escalated_at AS "escalatedAt",
  r.reminders_sent AS "remindersSent", r.publish_member_names AS "publishMemberNames",
  r.created_by AS "createdBy", r.created_at AS "createdAt",
  (SELECT count(*)::int FROM external_review_items i WHERE i.review_id = r.id) AS "itemCount",
  (SELECT count(*)::int FROM external_review_items i WHERE i.review_id = r.id AND i.ruled_at IS NOT NULL) AS "ruledCount",
  (SELECT count(*)::int FROM external_review_members m WHERE m.review_id = r.id) AS "memberCount"`;

/** Reads of the review rounds (外部評価, #25), tenant-scoped, written by the round's projection. */
export class ExternalReviewReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The tenant's rounds, newest year first; `memberUserId`: only the rounds that user sits on. */
  list(
    tenantId: string,
    filter: { fiscalYear?: number; memberUserId?: string },
  ): Promise<ExternalReviewRow[]> {
    return this.dataSource.query(
      `SELECT ${REVIEW_COLUMNS} FROM external_reviews r
        WHERE r.tenant_id = $1 AND ($2::int IS NULL OR r.fiscal_year = $2)
          AND ($3::uuid IS NULL OR EXISTS (
            SELECT 1 FROM external_review_members m WHERE m.review_id = r.id AND m.user_id = $3))
        ORDER BY r.fiscal_year DESC, r.created_at DESC`,
      [tenantId, filter.fiscalYear ?? null, filter.memberUserId ?? null],
    );
  }

  /** The rounds in which `userId` has given their own 意見 on the item. */
  async roundsWithOwnOpinion(tenantId: string, itemId: string, userId: string): Promise<Set<string>> {
    const rows: Array<{ review_id: string }> = await this.dataSource.query(
      `SELECT review_id FROM external_review_opinions
        WHERE tenant_id = $1 AND item_id = $2 AND member_user_id = $3`,
      [tenantId, itemId, userId],
    );
    return new Set(rows.map((r) => r.review_id));
  }

  async find(tenantId: string, reviewId: string): Promise<ExternalReviewRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT ${REVIEW_COLUMNS} FROM external_reviews r WHERE r.tenant_id = $1 AND r.id = $2`,
      [tenantId, reviewId],
    );
    return row ?? null;
  }

  members(tenantId: string, reviewId: string): Promise<ExternalReviewMemberRow[]> {
    return this.dataSource.query(
      `SELECT m.user_id AS "userId", u.display_name AS "displayName"
         FROM external_review_members m JOIN users u ON u.id = m.user_id
        WHERE m.tenant_id = $1 AND m.review_id = $2 ORDER BY u.display_name, u.id`,
      [tenantId, reviewId],
    );
  }

  items(tenantId: string, reviewId: string, fiscalYear: number): Promise<ExternalReviewItemRow[]> {
    return this.dataSource.query(
      `SELECT ri.item_id AS "itemId", ri.position, i.code, i.title,
              COALESCE(c.hq_rating, c.evaluation->'payload'->>'selfRating') AS grade, c.decision->'payload'->>'decision' AS decision,
              ri.ruling_result AS "rulingResult", ri.ruling_reason AS "rulingReason", ri.ruled_by AS "ruledBy",
              ri.ruled_at AS "ruledAt", er.id AS "responseId", er.status AS "responseStatus"
         FROM external_review_items ri JOIN items i ON i.id = ri.item_id
         LEFT JOIN cycles c ON c.item_id = ri.item_id AND c.tenant_id = ri.tenant_id AND c.fiscal_year = $3
         LEFT JOIN external_responses er ON er.review_id = ri.review_id AND er.item_id = ri.item_id
        WHERE ri.tenant_id = $1 AND ri.review_id = $2 ORDER BY i.sort, i.code, ri.position`,
      [tenantId, reviewId, fiscalYear],
    );
  }

  opinions(tenantId: string, reviewId: string): Promise<ExternalOpinionRow[]> {
    return this.dataSource.query(
      `SELECT o.item_id AS "itemId", o.member_user_id AS "memberUserId", u.display_name AS "memberName",
              o.opinion, o.result, o.revision, o.submitted_at AS "submittedAt", o.updated_at AS "updatedAt"
         FROM external_review_opinions o JOIN users u ON u.id = o.member_user_id
        WHERE o.tenant_id = $1 AND o.review_id = $2 ORDER BY o.submitted_at, o.id`,
      [tenantId, reviewId],
    );
  }

  /** The open rounds `userId` sits on with items not ruled yet that lack their opinion. */
  opinionTasks(tenantId: string, userId: string): Promise<OpinionTaskRow[]> {
    return this.dataSource.query(
      `SELECT r.id AS "reviewId", r.fiscal_year AS "fiscalYear", r.title, r.due_at AS "dueAt", r.overdue,
              count(*)::int AS "missingItems"
         FROM external_reviews r
         JOIN external_review_members m ON m.review_id = r.id AND m.user_id = $2
         JOIN external_review_items ri ON ri.review_id = r.id AND ri.ruled_at IS NULL
        WHERE r.tenant_id = $1 AND r.status = 'open'
          AND NOT EXISTS (SELECT 1 FROM external_review_opinions o
                           WHERE o.review_id = r.id AND o.item_id = ri.item_id AND o.member_user_id = $2)
        GROUP BY r.id ORDER BY r.due_at, r.id`,
      [tenantId, userId],
    );
  }
}
