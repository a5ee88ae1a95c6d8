import type { PendingItem, PolicyApprovalState, PolicyProjectionEvent } from '@pdca/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { appendLedgerEntry, type LedgerEntryInput } from './audit-ledger.repository';
import { applyOnce, insertOutbox, workflowLedgerEntry } from './cycle-projection.repository';

/**
 * Writes one 施策評価 workflow step to PostgreSQL in one transaction: the policy_evaluations row,
 * the changed approval steps, one ledger entry (actor, role, comment; the payload names the node)
 * and the outbox messages. Idempotent on (workflowId, seq) through projection_log, as the cycle
 * projection is.
 */
export class PolicyEvaluationProjectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  apply(event: PolicyProjectionEvent): Promise<boolean> {
    return applyOnce(this.dataSource, event, async (manager) => {
      await upsertEvaluation(manager, event);
      for (const approval of event.approvals) {
        await upsertChainApproval(
          manager,
          { table: 'policy_evaluation_approvals', parentColumn: 'evaluation_id' },
          event.tenantId,
          event.evaluation.evaluationId,
          approval,
        );
      }
      // The evaluation is its own task.
      await appendLedgerEntry(manager, taskLedgerEntry(event, null, event.evaluation.evaluationId));
      await insertOutbox(manager, event, event.outbox);
    });
  }

  /**
   * The items under `nodeId` (its subtree, by each item's primary parent: a 再掲 item counts under
   * its primary node only) whose cycle of `fiscalYear` has no approved CHECK evaluation yet (its
   * cycle has not reached ACT). Removed items, items whose plan does not cover the year or that
   * ended before it, and withdrawn cycles are not waited for. An item with no cycle that year is.
   */
  async itemsPending(tenantId: string, nodeId: string, fiscalYear: number): Promise<PendingItem[]> {
    const rows: Array<{ id: string; code: string; title: string }> = await this.dataSource.query(
      `WITH RECURSIVE subtree AS (
         SELECT id FROM plan_nodes WHERE tenant_id = $1 AND id = $2
         UNION ALL
         SELECT n.id FROM plan_nodes n JOIN subtree s ON n.parent_id = s.id WHERE n.tenant_id = $1
       )
       SELECT i.id, i.code, i.title FROM items i
         JOIN plans p ON p.id = i.plan_id
         LEFT JOIN cycles c ON c.item_id = i.id AND c.fiscal_year = $3 AND c.tenant_id = i.tenant_id
        WHERE i.tenant_id = $1 AND i.theme_id IN (SELECT id FROM subtree)
          AND i.removed_at IS NULL
          AND (p.period_start_fy IS NULL OR p.period_start_fy <= $3)
          AND (p.period_end_fy IS NULL OR p.period_end_fy >= $3)
          AND (i.last_fiscal_year IS NULL OR i.last_fiscal_year >= $3)
          AND (c.id IS NULL OR (c.stage <> 'ACT' AND c.status <> 'withdrawn'))
        ORDER BY i.sort, i.code`,
      [tenantId, nodeId, fiscalYear],
    );
    return rows.map((r) => ({ itemId: r.id, itemCode: r.code, itemTitle: r.title }));
  }

  /** The evaluated-level ancestors (or the node itself) of an item's primary parent. */
  async evaluatedNodesOfItem(tenantId: string, itemId: string, level: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `WITH RECURSIVE path AS (
         SELECT n.id, n.parent_id, n.level FROM items i JOIN plan_nodes n ON n.id = i.theme_id
          WHERE i.tenant_id = $1 AND i.id = $2
         UNION ALL
         SELECT n.id, n.parent_id, n.level FROM plan_nodes n JOIN path p ON n.id = p.parent_id
       )
       SELECT id FROM path WHERE level = $3`,
      [tenantId, itemId, level],
    );
    return rows.map((r) => r.id);
  }
}

async function upsertEvaluation(manager: EntityManager, event: PolicyProjectionEvent): Promise<void> {
  const e = event.evaluation;
  await manager.query(
    `INSERT INTO policy_evaluations (id, tenant_id, node_id, fiscal_year, workflow_id, run_id, status, owner_user_id,
       open_at, opened_by, scheduled_open_at, due_at, items_pending, overdue, escalated_at, reminders_sent,
       last_reminded_at, round, submission, submitted_by, submitted_at, rating, approved_at, started_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25)
     ON CONFLICT (id) DO UPDATE SET run_id = EXCLUDED.run_id, status = EXCLUDED.status,
       owner_user_id = EXCLUDED.owner_user_id, open_at = EXCLUDED.open_at, opened_by = EXCLUDED.opened_by,
       due_at = EXCLUDED.due_at, items_pending = EXCLUDED.items_pending, overdue = EXCLUDED.overdue,
       escalated_at = EXCLUDED.escalated_at, reminders_sent = EXCLUDED.reminders_sent,
       last_reminded_at = EXCLUDED.last_reminded_at, round = EXCLUDED.round, submission = EXCLUDED.submission,
       submitted_by = EXCLUDED.submitted_by, submitted_at = EXCLUDED.submitted_at, rating = EXCLUDED.rating,
       approved_at = EXCLUDED.approved_at, updated_at = EXCLUDED.updated_at`,
    [
      e.evaluationId,
      event.tenantId,
      e.nodeId,
      e.fiscalYear,
      event.workflowId,
      event.runId,
      e.status,
      e.ownerUserId,
      e.openAt,
      e.openedBy,
      e.scheduledOpenAt,
      e.dueAt,
      JSON.stringify(e.itemsPending),
      e.overdue,
      e.escalatedAt,
      e.remindersSent.length,
      e.lastRemindedAt,
      e.round,
      e.submission === null ? null : JSON.stringify(e.submission),
      e.submittedBy,
      e.submittedAt,
      e.submission?.rating ?? null,
      e.approvedAt,
      e.startedAt,
      event.occurredAt,
    ],
  );
}

/** A step of a task of its own (施策評価, 市の対応方針) as its ledger entry: actor, role, comment, event key. */
export function taskLedgerEntry(
  event: Omit<PolicyProjectionEvent, 'evaluation'>,
  itemId: string | null,
  taskId: string,
): LedgerEntryInput {
  return workflowLedgerEntry(event, { itemId, cycleId: null, taskId, approvalId: event.approvalId });
}

/** One step of HQ's chain on a task of its own, in its table (`<table>.<parentColumn>` names the task). */
export async function upsertChainApproval(
  manager: EntityManager,
  target: {
    table: 'policy_evaluation_approvals' | 'external_response_approvals' | 'verification_approvals';
    parentColumn: string;
  },
  tenantId: string,
  parentId: string,
  a: PolicyApprovalState,
): Promise<void> {
  await manager.query(
    `INSERT INTO ${target.table} (id, tenant_id, ${target.parentColumn}, round, step_index, step_key, step_label,
       status, submitted_by, submitted_at, decided_by, decided_at, comment)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, decided_by = EXCLUDED.decided_by,
       decided_at = EXCLUDED.decided_at, comment = EXCLUDED.comment`,
    [
      a.id,
      tenantId,
      parentId,
      a.round,
      a.stepIndex,
      a.stepKey,
      JSON.stringify(a.stepLabel),
      a.status,
      a.submittedBy,
      a.submittedAt,
      a.decidedBy,
      a.decidedAt,
      a.comment,
    ],
  );
}
