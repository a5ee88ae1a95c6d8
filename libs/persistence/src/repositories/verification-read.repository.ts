import type { VerificationFindingsInput } from '@pdca/domain/business-verification';
import { DataSource } from 'typeorm';
import {
  type ApprovalChainRow,
  type ApprovalChainTables,
  approvalChainsOf,
  approvalChainTarget,
  approvalInbox,
} from './approval-chain-rows';

export interface VerificationRoundRow {
  id: string;
  fiscalYear: number;
  title: string;
  criteria: Record<string, unknown>;
  status: 'open' | 'decided';
  workflowId: string;
  findingsDueAt: Date;
  decisionDueAt: Date;
  overdue: boolean;
  escalatedAt: Date | null;
  remindersSent: number;
  createdBy: string;
  createdAt: Date;
  decidedAt: Date | null;
  itemCount: number;
  decidedCount: number;
  carriedOverCount: number;
}

/** Last year's 検証結果 and 本部の決定 of an item carried over 方向性未決定. */
export interface VerificationHistoryRow {
  verificationItemId: string;
  roundId: string;
  roundTitle: string;
  fiscalYear: number;
  submission: VerificationFindingsInput | null;
  decision: string | null;
  approvedAt: Date | null;
}

export interface VerificationItemRow {
  id: string;
  roundId: string;
  roundTitle: string;
  fiscalYear: number;
  workflowId: string;
  itemId: string;
  code: string;
  title: string;
  planId: string;
  projectKind: string | null;
  position: number;
  currentAmount: number;
  status: 'open' | 'submitted' | 'returned' | 'approved';
  round: number;
  submission: VerificationFindingsInput | null;
  submittedBy: string | null;
  submittedByName: string | null;
  submittedAt: Date | null;
  approvedAt: Date | null;
  decision: string | null;
  carriesOver: boolean;
  carriedFrom: VerificationHistoryRow | null;
  /** The budget reflection of HQ's decision (null: none, or nothing to reflect). */
  reflection: {
    fiscalYear: number;
    currentAmount: number;
    proposedAmount: number;
    delta: number;
    rule: string;
  } | null;
}

/** A team member's round with items still waiting for findings (GET /tasks). */
export interface FindingsTaskRow {
  roundId: string;
  fiscalYear: number;
  title: string;
  dueAt: Date;
  overdue: boolean;
  createdAt: Date;
  missingItems: number;
}

export type VerificationApprovalRow = ApprovalChainRow<'verificationItemId'>;

const CHAIN: ApprovalChainTables<'verificationItemId'> = {
  approvals: 'verification_approvals',
  subjects: 'verification_items',
  subjectColumn: 'verification_item_id',
  subjectKey: 'verificationItemId',
};

const ROUND_COLUMNS = `r.id, r.fiscal_year AS "fiscalYear", r.title, r.criteria, r.status, r.workflow_id AS "workflowId",
  r.findings_due_at AS "findingsDueAt", r.decision_due_at AS "decisionDueAt", r.overdue,
  r.escalated_at AS "escalatedAt", r.reminders_sent AS "remindersSent", r.created_by AS "createdBy",
  r.created_at AS "createdAt", r.decided_at AS "decidedAt",
  (SELECT count(*)::int FROM verification_items v WHERE v.round_id = r.id) AS "itemCount",
  (SELECT count(*)::int FROM verification_items v WHERE v.round_id = r.id AND v.status = 'approved') AS "decidedCount",
  (SELECT count(*)::int FROM verification_items v WHERE v.round_id = r.id AND v.carried_from IS NOT NULL) AS "carriedOverCount"`;

const ITEM_SELECT = `SELECT v.*, r.title AS round_title, i.code, i.title AS item_title, i.plan_id, i.sort,
       to_jsonb(i) ->> 'project_kind' AS project_kind, u.display_name AS submitted_by_name,
       p.id AS p_id, p.round_id AS p_round_id, pr.title AS p_round_title, p.fiscal_year AS p_fiscal_year,
       p.submission AS p_submission, p.decision AS p_decision, p.approved_at AS p_approved_at,
       b.fiscal_year AS b_fiscal_year, b.current_amount AS b_current_amount, b.proposed_amount AS b_proposed_amount,
       b.delta AS b_delta, b.rule AS b_rule
  FROM verification_items v
  JOIN verification_rounds r ON r.id = v.round_id
  JOIN items i ON i.id = v.item_id AND i.tenant_id = v.tenant_id
  LEFT JOIN users u ON u.id = v.submitted_by AND u.tenant_id = v.tenant_id
  LEFT JOIN verification_items p ON p.id = v.carried_from
  LEFT JOIN verification_rounds pr ON pr.id = p.round_id
  LEFT JOIN budget_reflections b ON b.verification_item_id = v.id`;

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

function toItem(r: Record<string, unknown>): VerificationItemRow {
  return {
    id: r.id as string,
    roundId: r.round_id as string,
    roundTitle: r.round_title as string,
    fiscalYear: Number(r.fiscal_year),
    workflowId: r.workflow_id as string,
    itemId: r.item_id as string,
    code: r.code as string,
    title: r.item_title as string,
    planId: r.plan_id as string,
    projectKind: (r.project_kind as string | null) ?? null,
    position: Number(r.position),
    currentAmount: Number(r.current_amount),
    status: r.status as VerificationItemRow['status'],
    round: Number(r.round),
    submission: (r.submission as VerificationFindingsInput | null) ?? null,
    submittedBy: (r.submitted_by as string | null) ?? null,
    submittedByName: (r.submitted_by_name as string | null) ?? null,
    submittedAt: date(r.submitted_at),
    approvedAt: date(r.approved_at),
    decision: (r.decision as string | null) ?? null,
    carriesOver: r.carries_over === true,
    carriedFrom: r.p_id
      ? {
          verificationItemId: r.p_id as string,
          roundId: r.p_round_id as string,
          roundTitle: r.p_round_title as string,
          fiscalYear: Number(r.p_fiscal_year),
          submission: (r.p_submission as VerificationFindingsInput | null) ?? null,
          decision: (r.p_decision as string | null) ?? null,
          approvedAt: date(r.p_approved_at),
        }
      : null,
    reflection:
      r.b_fiscal_year === null || r.b_fiscal_year === undefined
        ? null
        : {
            fiscalYear: Number(r.b_fiscal_year),
            currentAmount: Number(r.b_current_amount),
            proposedAmount: Number(r.b_proposed_amount),
            delta: Number(r.b_delta),
            rule: r.b_rule as string,
          },
  };
}

/** Reads of the 事業検証 rounds (#26), tenant-scoped, written by the round's projection. */
export class VerificationReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The tenant's rounds, newest year first (at most 200); `teamUserId`: only the rounds that user is on the team of. */
  list(
    tenantId: string,
    filter: { fiscalYear?: number; teamUserId?: string },
  ): Promise<VerificationRoundRow[]> {
    return this.dataSource.query(
      `SELECT ${ROUND_COLUMNS} FROM verification_rounds r
        WHERE r.tenant_id = $1 AND ($2::int IS NULL OR r.fiscal_year = $2)
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM verification_team t WHERE t.round_id = r.id AND t.user_id = $3))
        ORDER BY r.fiscal_year DESC, r.created_at DESC LIMIT 200`,
      [tenantId, filter.fiscalYear ?? null, filter.teamUserId ?? null],
    );
  }

  async find(tenantId: string, roundId: string): Promise<VerificationRoundRow | null> {
    const rows = await this.dataSource.query(
      `SELECT ${ROUND_COLUMNS} FROM verification_rounds r WHERE r.tenant_id = $1 AND r.id = $2`,
      [tenantId, roundId],
    );
    return rows[0] ?? null;
  }

  team(tenantId: string, roundId: string): Promise<Array<{ userId: string; displayName: string }>> {
    return this.dataSource.query(
      `SELECT t.user_id AS "userId", u.display_name AS "displayName" FROM verification_team t
         JOIN users u ON u.id = t.user_id WHERE t.tenant_id = $1 AND t.round_id = $2 ORDER BY u.display_name`,
      [tenantId, roundId],
    );
  }

  /** The round's items in its order (carried-over first), each with last year's findings when carried over. */
  async items(tenantId: string, roundId: string): Promise<VerificationItemRow[]> {
    const rows = await this.dataSource.query(
      `${ITEM_SELECT} WHERE v.tenant_id = $1 AND v.round_id = $2 ORDER BY v.position`,
      [tenantId, roundId],
    );
    return rows.map(toItem);
  }

  /** The item rows of a fiscal year's rounds, for the 事業検証結果 (plan order). */
  async itemsOfYear(tenantId: string, fiscalYear: number): Promise<VerificationItemRow[]> {
    const rows = await this.dataSource.query(
      `${ITEM_SELECT} WHERE v.tenant_id = $1 AND v.fiscal_year = $2 ORDER BY r.created_at, i.sort, i.code LIMIT 1000`,
      [tenantId, fiscalYear],
    );
    return rows.map(toItem);
  }

  /** The open rounds `userId` is on the team of with items waiting for findings (new or returned). */
  findingsTasks(tenantId: string, userId: string): Promise<FindingsTaskRow[]> {
    return this.dataSource.query(
      `SELECT r.id AS "roundId", r.fiscal_year AS "fiscalYear", r.title, r.findings_due_at AS "dueAt",
              r.overdue, r.created_at AS "createdAt", count(*)::int AS "missingItems"
         FROM verification_rounds r
         JOIN verification_team t ON t.round_id = r.id AND t.user_id = $2
         JOIN verification_items v ON v.round_id = r.id AND v.status IN ('open', 'returned')
        WHERE r.tenant_id = $1 AND r.status = 'open'
        GROUP BY r.id ORDER BY r.findings_due_at, r.id LIMIT 200`,
      [tenantId, userId],
    );
  }

  approvalsOf(tenantId: string, verificationItemIds: string[]): Promise<VerificationApprovalRow[]> {
    return approvalChainsOf(this.dataSource, CHAIN, tenantId, verificationItemIds);
  }

  /** HQ's inbox: the tenant's steps (of one status, or all), each with its item's row. */
  listApprovals(tenantId: string, status?: string) {
    return approvalInbox(this.dataSource, CHAIN, tenantId, status, {
      as: 'verification',
      select: `${ITEM_SELECT} WHERE v.tenant_id = $1`,
      toSubject: toItem,
    });
  }

  /** Which round's workflow decides an approval step (null: not a verification's). */
  findApprovalTarget(tenantId: string, approvalId: string): Promise<{ workflowId: string } | null> {
    return approvalChainTarget(this.dataSource, CHAIN, tenantId, approvalId);
  }
}
