import type { PendingItem } from '@pdca/contracts';
import type { PolicyEvaluationSubmission } from '@pdca/domain';
import { DataSource } from 'typeorm';
import {
  type ApprovalChainRow,
  type ApprovalChainTables,
  approvalChainsOf,
  approvalChainTarget,
  approvalInbox,
} from './approval-chain-rows';

/** The node an evaluation is of. */
export interface PolicyNodeRef {
  nodeId: string;
  nodeCode: string;
  nodeTitle: string;
  nodeLevel: number;
  planId: string;
}

/** One policy_evaluations row with its node. */
export interface PolicyEvaluationRow extends PolicyNodeRef {
  id: string;
  workflowId: string;
  fiscalYear: number;
  status: 'scheduled' | 'open' | 'submitted' | 'returned' | 'approved';
  ownerUserId: string | null;
  scheduledOpenAt: Date;
  openAt: Date | null;
  openedBy: string | null;
  dueAt: Date | null;
  itemsPending: PendingItem[];
  overdue: boolean;
  escalatedAt: Date | null;
  remindersSent: number;
  round: number;
  submission: PolicyEvaluationSubmission | null;
  submittedBy: string | null;
  /** 提出者: users.display_name of submittedBy (null when nothing was submitted or the user is gone). */
  submittedByName: string | null;
  submittedAt: Date | null;
  rating: string | null;
  approvedAt: Date | null;
  startedAt: Date;
}

export type PolicyApprovalRow = ApprovalChainRow<'evaluationId'>;

const CHAIN: ApprovalChainTables<'evaluationId'> = {
  approvals: 'policy_evaluation_approvals',
  subjects: 'policy_evaluations',
  subjectColumn: 'evaluation_id',
  subjectKey: 'evaluationId',
};

/** An item under the node, side by side in the evaluation: its year's results and decisions. */
export interface PolicyItemResult {
  itemId: string;
  itemCode: string;
  itemTitle: string;
  cycleId: string | null;
  stage: string | null;
  cycleStatus: string | null;
  /** cycles.evaluation (EvaluationState: selfRating, grade, effects in its payload; results; hqRating). */
  evaluation: Record<string, unknown> | null;
  hqRating: string | null;
  /** cycles.decision (the ACT submission: 今後の方向性 and budget). */
  decision: Record<string, unknown> | null;
  /** 効果額の見込額 of the year (items.effect_targets). */
  effectTarget: Record<string, unknown> | null;
}

export interface PolicyNodeIndicator {
  id: string;
  name: string;
  unit: string;
  direction: string;
  baseline: number | null;
  targets: Record<string, number>;
}

export interface PolicyListFilter {
  tenantId: string;
  fiscalYear?: number;
  nodeId?: string;
  ownerUserId?: string;
  statuses?: readonly string[];
  offset: number;
  limit: number;
}

// The submitter's display name is joined here: the read model keeps only the user id.
const SELECT = `SELECT e.*, n.code AS node_code, n.title AS node_title, n.level AS node_level, n.plan_id,
       u.display_name AS submitted_by_name
  FROM policy_evaluations e JOIN plan_nodes n ON n.id = e.node_id AND n.tenant_id = e.tenant_id
  LEFT JOIN users u ON u.id = e.submitted_by AND u.tenant_id = e.tenant_id`;

/** Reads of the 施策評価 read model (written only by its workflow's projection). */
export class PolicyEvaluationReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: PolicyListFilter): Promise<{ items: PolicyEvaluationRow[]; total: number }> {
    const where = ['e.tenant_id = $1'];
    const params: unknown[] = [filter.tenantId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.fiscalYear !== undefined) add('e.fiscal_year = ?', filter.fiscalYear);
    if (filter.nodeId !== undefined) add('e.node_id = ?', filter.nodeId);
    if (filter.ownerUserId !== undefined) add('e.owner_user_id = ?', filter.ownerUserId);
    if (filter.statuses !== undefined) add('e.status = ANY(?::text[])', filter.statuses);
    const clause = where.join(' AND ');
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM policy_evaluations e WHERE ${clause}`,
      params,
    );
    const rows = await this.dataSource.query(
      `${SELECT} WHERE ${clause} ORDER BY e.fiscal_year DESC, e.due_at ASC NULLS LAST, n.sort, n.code
        OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, filter.offset, filter.limit],
    );
    return { items: rows.map(toRow), total: count };
  }

  async find(tenantId: string, evaluationId: string): Promise<PolicyEvaluationRow | null> {
    const rows = await this.dataSource.query(`${SELECT} WHERE e.tenant_id = $1 AND e.id = $2`, [
      tenantId,
      evaluationId,
    ]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async approvalsOf(tenantId: string, evaluationIds: readonly string[]): Promise<PolicyApprovalRow[]> {
    return approvalChainsOf(this.dataSource, CHAIN, tenantId, evaluationIds);
  }

  /** Approvals of policy evaluations for HQ's inbox (all of them: a tenant has one per node and year). */
  async listApprovals(
    tenantId: string,
    status?: string,
  ): Promise<Array<PolicyApprovalRow & { evaluation: PolicyEvaluationRow }>> {
    return approvalInbox(this.dataSource, CHAIN, tenantId, status, {
      as: 'evaluation',
      select: SELECT,
      toSubject: toRow,
    });
  }

  /** Which evaluation workflow decides an approval step (null: not a policy evaluation's). */
  async findApprovalTarget(tenantId: string, approvalId: string): Promise<{ workflowId: string } | null> {
    return approvalChainTarget(this.dataSource, CHAIN, tenantId, approvalId);
  }

  /** The running (not approved) evaluations of a node: they learn of a new owner. */
  async runningOfNode(tenantId: string, nodeId: string): Promise<string[]> {
    const rows = await this.dataSource.query(
      `SELECT workflow_id FROM policy_evaluations WHERE tenant_id = $1 AND node_id = $2 AND status <> 'approved'`,
      [tenantId, nodeId],
    );
    return rows.map((r: { workflow_id: string }) => r.workflow_id);
  }

  /** The items under the node (primary parents, its subtree) with their year's results, in plan order. */
  async itemsOf(tenantId: string, nodeId: string, fiscalYear: number): Promise<PolicyItemResult[]> {
    const rows = await this.dataSource.query(
      `WITH RECURSIVE subtree AS (
         SELECT id FROM plan_nodes WHERE tenant_id = $1 AND id = $2
         UNION ALL SELECT n.id FROM plan_nodes n JOIN subtree s ON n.parent_id = s.id WHERE n.tenant_id = $1
       )
       SELECT i.id, i.code, i.title, i.effect_targets->($3::int::text) AS effect_target,
              c.id AS cycle_id, c.stage, c.status, c.evaluation, c.hq_rating, c.decision
         FROM items i LEFT JOIN cycles c ON c.item_id = i.id AND c.fiscal_year = $3 AND c.tenant_id = i.tenant_id
        WHERE i.tenant_id = $1 AND i.theme_id IN (SELECT id FROM subtree) AND i.removed_at IS NULL
        ORDER BY i.sort, i.code`,
      [tenantId, nodeId, fiscalYear],
    );
    return rows.map((r: Record<string, unknown>) => ({
      itemId: r.id as string,
      itemCode: r.code as string,
      itemTitle: r.title as string,
      cycleId: (r.cycle_id as string | null) ?? null,
      stage: (r.stage as string | null) ?? null,
      cycleStatus: (r.status as string | null) ?? null,
      evaluation: (r.evaluation as Record<string, unknown> | null) ?? null,
      hqRating: (r.hq_rating as string | null) ?? null,
      decision: (r.decision as Record<string, unknown> | null) ?? null,
      effectTarget: (r.effect_target as Record<string, unknown> | null) ?? null,
    }));
  }

  async nodeIndicators(tenantId: string, nodeId: string): Promise<PolicyNodeIndicator[]> {
    const rows = await this.dataSource.query(
      `SELECT id, name, unit, direction, baseline, targets FROM indicators
        WHERE tenant_id = $1 AND node_id = $2 ORDER BY sort, name`,
      [tenantId, nodeId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as string,
      name: r.name as string,
      unit: r.unit as string,
      direction: r.direction as string,
      baseline: r.baseline === null ? null : Number(r.baseline),
      targets: r.targets as Record<string, number>,
    }));
  }
}

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

function toRow(r: Record<string, unknown>): PolicyEvaluationRow {
  return {
    id: r.id as string,
    workflowId: r.workflow_id as string,
    nodeId: r.node_id as string,
    nodeCode: r.node_code as string,
    nodeTitle: r.node_title as string,
    nodeLevel: Number(r.node_level),
    planId: r.plan_id as string,
    fiscalYear: Number(r.fiscal_year),
    status: r.status as PolicyEvaluationRow['status'],
    ownerUserId: (r.owner_user_id as string | null) ?? null,
    scheduledOpenAt: date(r.scheduled_open_at)!,
    openAt: date(r.open_at),
    openedBy: (r.opened_by as string | null) ?? null,
    dueAt: date(r.due_at),
    itemsPending: (r.items_pending as PendingItem[]) ?? [],
    overdue: Boolean(r.overdue),
    escalatedAt: date(r.escalated_at),
    remindersSent: Number(r.reminders_sent),
    round: Number(r.round),
    submission: (r.submission as PolicyEvaluationSubmission | null) ?? null,
    submittedBy: (r.submitted_by as string | null) ?? null,
    submittedByName: (r.submitted_by_name as string | null) ?? null,
    submittedAt: date(r.submitted_at),
    rating: (r.rating as string | null) ?? null,
    approvedAt: date(r.approved_at),
    startedAt: date(r.started_at)!,
  };
}
