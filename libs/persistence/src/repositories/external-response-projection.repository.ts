import type { ExternalResponseContext, ExternalResponseProjectionEvent } from '@pdca/contracts';
import { DEFAULT_APPROVAL_POLICY, resolveReminderPolicies } from '@pdca/domain';
import { DataSource, EntityManager } from 'typeorm';
import { appendLedgerEntry } from './audit-ledger.repository';
import { citySettingsOf, type TenantSettings } from './cycle-context.repository';
import { applyOnce, insertOutbox } from './cycle-projection.repository';
import { taskLedgerEntry, upsertChainApproval } from './policy-evaluation-projection.repository';

/**
 * 市の対応方針 (#25) in PostgreSQL, from its workflow: what a response starts with (the item, its
 * leader, the city's policies) and each step in one transaction — the external_responses row, the
 * changed approval steps, one ledger entry (actor, role, comment; item_id set so the item's
 * timeline shows it) and the outbox messages. Idempotent on (workflowId, seq) through projection_log.
 */
export class ExternalResponseProjectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The item's code, title and working group leader; the city's policies and responseDueDays (its plan's override winning). */
  async context(tenantId: string, itemId: string): Promise<ExternalResponseContext> {
    const [row] = await this.dataSource.query(
      `SELECT i.code, i.title, wg.leader_user_id, t.settings, p.settings AS plan_settings
         FROM items i JOIN tenants t ON t.id = i.tenant_id JOIN plans p ON p.id = i.plan_id
         LEFT JOIN working_groups wg ON wg.id = i.working_group_id
        WHERE i.tenant_id = $1 AND i.id = $2`,
      [tenantId, itemId],
    );
    if (!row) throw new Error(`item ${itemId} not found in tenant ${tenantId}`);
    const settings = (row.settings ?? {}) as TenantSettings;
    return {
      itemCode: row.code,
      itemTitle: row.title,
      leaderUserId: row.leader_user_id ?? null,
      approvalPolicy: settings.approvalPolicy ?? DEFAULT_APPROVAL_POLICY,
      reminderPolicy: resolveReminderPolicies(settings.reminderPolicies ?? {}).evaluation,
      dueDays: citySettingsOf(settings, row.plan_settings).externalReview.responseDueDays,
    };
  }

  apply(event: ExternalResponseProjectionEvent): Promise<boolean> {
    return applyOnce(this.dataSource, event, async (manager) => {
      await upsertResponse(manager, event);
      for (const approval of event.approvals) {
        await upsertChainApproval(
          manager,
          { table: 'external_response_approvals', parentColumn: 'response_id' },
          event.tenantId,
          event.response.responseId,
          approval,
        );
      }
      // The response is its own task; item_id set so the item's timeline shows it.
      const r = event.response;
      await appendLedgerEntry(manager, taskLedgerEntry(event, r.itemId, r.responseId));
      await insertOutbox(manager, event, event.outbox);
    });
  }
}

async function upsertResponse(manager: EntityManager, event: ExternalResponseProjectionEvent): Promise<void> {
  const r = event.response;
  await manager.query(
    `INSERT INTO external_responses (id, tenant_id, review_id, item_id, fiscal_year, workflow_id, run_id, status,
       leader_user_id, open_at, due_at, overdue, escalated_at, reminders_sent, last_reminded_at, round,
       submission, submitted_by, submitted_at, approved_at, started_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22)
     ON CONFLICT (id) DO UPDATE SET run_id = EXCLUDED.run_id, status = EXCLUDED.status,
       leader_user_id = EXCLUDED.leader_user_id, due_at = EXCLUDED.due_at, overdue = EXCLUDED.overdue,
       escalated_at = EXCLUDED.escalated_at, reminders_sent = EXCLUDED.reminders_sent,
       last_reminded_at = EXCLUDED.last_reminded_at, round = EXCLUDED.round, submission = EXCLUDED.submission,
       submitted_by = EXCLUDED.submitted_by, submitted_at = EXCLUDED.submitted_at,
       approved_at = EXCLUDED.approved_at, updated_at = EXCLUDED.updated_at`,
    [
      r.responseId,
      event.tenantId,
      r.reviewId,
      r.itemId,
      r.fiscalYear,
      event.workflowId,
      event.runId,
      r.status,
      r.leaderUserId,
      r.openAt,
      r.dueAt,
      r.overdue,
      r.escalatedAt,
      r.remindersSent.length,
      r.lastRemindedAt,
      r.round,
      r.submission === null ? null : JSON.stringify(r.submission),
      r.submittedBy,
      r.submittedAt,
      r.approvedAt,
      r.startedAt,
      event.occurredAt,
    ],
  );
}
