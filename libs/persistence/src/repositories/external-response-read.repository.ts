import type { ExternalResponseSubmission } from '@pdca/domain';
import { DataSource } from 'typeorm';
import {
  type ApprovalChainRow,
  type ApprovalChainTables,
  approvalChainsOf,
  approvalChainTarget,
  approvalInbox,
} from './approval-chain-rows';
import { appendLedgerEntry, type LedgerUserActor } from './audit-ledger.repository';

/** One external_responses row with its item, round and the committee's ruling. */
export interface ExternalResponseRow {
  id: string;
  workflowId: string;
  reviewId: string;
  reviewTitle: string;
  /** The round's fiscal year. */
  fiscalYear: number;
  itemId: string;
  itemCode: string;
  itemTitle: string;
  planId: string;
  status: 'open' | 'submitted' | 'returned' | 'approved';
  leaderUserId: string | null;
  rulingResult: string | null;
  rulingReason: string | null;
  ruledAt: Date | null;
  openAt: Date;
  dueAt: Date;
  overdue: boolean;
  escalatedAt: Date | null;
  remindersSent: number;
  round: number;
  submission: ExternalResponseSubmission | null;
  submittedBy: string | null;
  submittedByName: string | null;
  submittedAt: Date | null;
  approvedAt: Date | null;
  followUp: string | null;
  followUpFiscalYear: number | null;
  followUpBy: string | null;
  followUpAt: Date | null;
  startedAt: Date;
}

export type ExternalResponseApprovalRow = ApprovalChainRow<'responseId'>;

const CHAIN: ApprovalChainTables<'responseId'> = {
  approvals: 'external_response_approvals',
  subjects: 'external_responses',
  subjectColumn: 'response_id',
  subjectKey: 'responseId',
};

export interface ExternalResponseFilter {
  tenantId: string;
  fiscalYear?: number;
  itemId?: string;
  leaderUserId?: string;
  statuses?: readonly string[];
  offset: number;
  limit: number;
}

const SELECT = `SELECT r.*, rv.title AS review_title, i.code AS item_code, i.title AS item_title, i.plan_id,
       ri.ruling_result, ri.ruling_reason, ri.ruled_at, u.display_name AS submitted_by_name
  FROM external_responses r
  JOIN external_reviews rv ON rv.id = r.review_id
  JOIN items i ON i.id = r.item_id AND i.tenant_id = r.tenant_id
  LEFT JOIN external_review_items ri ON ri.review_id = r.review_id AND ri.item_id = r.item_id
  LEFT JOIN users u ON u.id = r.submitted_by AND u.tenant_id = r.tenant_id`;

/**
 * Reads of 市の対応方針 (written by its workflow's projection) and the one API write: the leader's
 * follow-up (対応方針の実施状況) with its ledger entry in one transaction.
 */
export class ExternalResponseReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: ExternalResponseFilter): Promise<{ items: ExternalResponseRow[]; total: number }> {
    const where = ['r.tenant_id = $1'];
    const params: unknown[] = [filter.tenantId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.fiscalYear !== undefined) add('r.fiscal_year = ?', filter.fiscalYear);
    if (filter.itemId !== undefined) add('r.item_id = ?', filter.itemId);
    if (filter.leaderUserId !== undefined) add('r.leader_user_id = ?', filter.leaderUserId);
    if (filter.statuses !== undefined) add('r.status = ANY(?::text[])', filter.statuses);
    const clause = where.join(' AND ');
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM external_responses r WHERE ${clause}`,
      params,
    );
    const rows = await this.dataSource.query(
      `${SELECT} WHERE ${clause} ORDER BY r.fiscal_year DESC, r.due_at ASC, i.sort, i.code
        OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, filter.offset, filter.limit],
    );
    return { items: rows.map(toRow), total: count };
  }

  async find(tenantId: string, responseId: string): Promise<ExternalResponseRow | null> {
    const rows = await this.dataSource.query(`${SELECT} WHERE r.tenant_id = $1 AND r.id = $2`, [
      tenantId,
      responseId,
    ]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** The item's approved responses from rounds of fiscal years before `fiscalYear` (carried to its cycle). */
  async approvedBefore(tenantId: string, itemId: string, fiscalYear: number): Promise<ExternalResponseRow[]> {
    const rows = await this.dataSource.query(
      `${SELECT} WHERE r.tenant_id = $1 AND r.item_id = $2 AND r.fiscal_year < $3 AND r.status = 'approved'
        ORDER BY r.fiscal_year DESC, r.approved_at DESC`,
      [tenantId, itemId, fiscalYear],
    );
    return rows.map(toRow);
  }

  async approvalsOf(
    tenantId: string,
    responseIds: readonly string[],
  ): Promise<ExternalResponseApprovalRow[]> {
    return approvalChainsOf(this.dataSource, CHAIN, tenantId, responseIds);
  }

  /** Approval steps of responses for HQ's inbox (a tenant has a handful per round). */
  async listApprovals(
    tenantId: string,
    status?: string,
  ): Promise<Array<ExternalResponseApprovalRow & { response: ExternalResponseRow }>> {
    return approvalInbox(this.dataSource, CHAIN, tenantId, status, {
      as: 'response',
      select: SELECT,
      toSubject: toRow,
    });
  }

  /** Which response workflow decides an approval step (null: not a response's). */
  async findApprovalTarget(tenantId: string, approvalId: string): Promise<{ workflowId: string } | null> {
    return approvalChainTarget(this.dataSource, CHAIN, tenantId, approvalId);
  }

  /**
   * The leader's account of how the response was carried out, written with its
   * `external_response.follow_up` ledger entry (before and after) in one transaction. The same
   * text and year again change nothing (changed: false, no entry).
   */
  async recordFollowUp(
    tenantId: string,
    responseId: string,
    followUp: { fiscalYear: number; text: string },
    actor: LedgerUserActor,
  ): Promise<{ changed: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `SELECT item_id, review_id, fiscal_year, follow_up, follow_up_fiscal_year FROM external_responses
          WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
        [tenantId, responseId],
      );
      if (!row) throw new Error(`external response ${responseId} not found`);
      const before = { fiscalYear: row.follow_up_fiscal_year, text: row.follow_up };
      if (before.text === followUp.text && before.fiscalYear === followUp.fiscalYear)
        return { changed: false };
      const at = new Date().toISOString();
      await manager.query(
        `UPDATE external_responses SET follow_up = $3, follow_up_fiscal_year = $4, follow_up_by = $5,
           follow_up_at = $6, updated_at = $6 WHERE tenant_id = $1 AND id = $2`,
        [tenantId, responseId, followUp.text, followUp.fiscalYear, actor.userId, at],
      );
      await appendLedgerEntry(manager, {
        tenantId,
        occurredAt: at,
        actorType: 'user',
        actorId: actor.userId,
        actorName: actor.displayName,
        actorRole: actor.role,
        action: 'external_response.follow_up',
        itemId: row.item_id,
        cycleId: null,
        taskId: responseId,
        approvalId: null,
        payload: {
          responseId,
          reviewId: row.review_id,
          itemId: row.item_id,
          fiscalYear: row.fiscal_year,
          before,
          after: followUp,
        },
        comment: null,
        workflowId: null,
        runId: null,
        eventKey: null,
      });
      return { changed: true };
    });
  }
}

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function toRow(r: Record<string, unknown>): ExternalResponseRow {
  return {
    id: r.id as string,
    workflowId: r.workflow_id as string,
    reviewId: r.review_id as string,
    reviewTitle: r.review_title as string,
    fiscalYear: Number(r.fiscal_year),
    itemId: r.item_id as string,
    itemCode: r.item_code as string,
    itemTitle: r.item_title as string,
    planId: r.plan_id as string,
    status: r.status as ExternalResponseRow['status'],
    leaderUserId: text(r.leader_user_id),
    rulingResult: text(r.ruling_result),
    rulingReason: text(r.ruling_reason),
    ruledAt: date(r.ruled_at),
    openAt: date(r.open_at)!,
    dueAt: date(r.due_at)!,
    overdue: Boolean(r.overdue),
    escalatedAt: date(r.escalated_at),
    remindersSent: Number(r.reminders_sent),
    round: Number(r.round),
    submission: (r.submission as ExternalResponseSubmission | null) ?? null,
    submittedBy: text(r.submitted_by),
    submittedByName: text(r.submitted_by_name),
    submittedAt: date(r.submitted_at),
    approvedAt: date(r.approved_at),
    followUp: text(r.follow_up),
    followUpFiscalYear:
      r.follow_up_fiscal_year === null || r.follow_up_fiscal_year === undefined
        ? null
        : Number(r.follow_up_fiscal_year),
    followUpBy: text(r.follow_up_by),
    followUpAt: date(r.follow_up_at),
    startedAt: date(r.started_at)!,
  };
}
