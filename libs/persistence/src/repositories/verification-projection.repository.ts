import type { VerificationBudgetReflection, VerificationProjectionEvent } from '@pdca/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { appendLedgerEntry } from './audit-ledger.repository';
import { applyOnce, applyReflectionToBudget, insertOutbox } from './cycle-projection.repository';
import { taskLedgerEntry, upsertChainApproval } from './policy-evaluation-projection.repository';

/**
 * 事業検証 (#26) in PostgreSQL, from its round's workflow: each step in one transaction — the round
 * row (and, when it is opened, its team and items), the item's row, the changed approval steps, the
 * budget reflection of HQ's decision (origin 'verification'), one ledger entry (actor, role,
 * comment; item_id set where the step concerns an item, so the item's timeline shows it) and the
 * outbox messages. Idempotent on (workflowId, seq) through projection_log.
 */
export class VerificationProjectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  apply(event: VerificationProjectionEvent): Promise<boolean> {
    return applyOnce(this.dataSource, event, async (manager) => {
      await upsertRound(manager, event);
      if (event.type === 'verification.created') await insertTeamAndItems(manager, event);
      const item = event.item;
      if (item) {
        await upsertItem(manager, event);
        for (const approval of event.approvals) {
          await upsertChainApproval(
            manager,
            { table: 'verification_approvals', parentColumn: 'verification_item_id' },
            event.tenantId,
            item.verificationItemId,
            approval,
          );
        }
      }
      if (event.budgetReflection) await insertVerificationReflection(manager, event, event.budgetReflection);
      await appendLedgerEntry(
        manager,
        taskLedgerEntry(event, event.itemId, item?.verificationItemId ?? event.verification.roundId),
      );
      await insertOutbox(manager, event, event.outbox);
    });
  }
}

async function upsertRound(manager: EntityManager, event: VerificationProjectionEvent): Promise<void> {
  const r = event.verification;
  await manager.query(
    `INSERT INTO verification_rounds (id, tenant_id, fiscal_year, title, criteria, findings_due_at, decision_due_at,
       status, workflow_id, run_id, overdue, escalated_at, reminders_sent, last_reminded_at, created_by, created_at,
       decided_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)
     ON CONFLICT (id) DO UPDATE SET run_id = EXCLUDED.run_id, status = EXCLUDED.status, overdue = EXCLUDED.overdue,
       escalated_at = EXCLUDED.escalated_at, reminders_sent = EXCLUDED.reminders_sent,
       last_reminded_at = EXCLUDED.last_reminded_at, decided_at = EXCLUDED.decided_at,
       updated_at = EXCLUDED.updated_at`,
    [
      r.roundId,
      event.tenantId,
      r.fiscalYear,
      r.title,
      JSON.stringify(event.type === 'verification.created' ? (event.payload.criteria ?? {}) : {}),
      r.findingsDueAt,
      r.decisionDueAt,
      r.status,
      event.workflowId,
      event.runId,
      r.overdue,
      r.escalatedAt,
      r.remindersSent.length,
      r.lastRemindedAt,
      r.createdBy,
      r.startedAt,
      r.decidedAt,
      event.occurredAt,
    ],
  );
}

async function insertTeamAndItems(manager: EntityManager, event: VerificationProjectionEvent): Promise<void> {
  const r = event.verification;
  for (const userId of r.teamUserIds) {
    await manager.query(
      `INSERT INTO verification_team (round_id, user_id, tenant_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [r.roundId, userId, event.tenantId],
    );
  }
  for (const item of r.items) {
    await manager.query(
      `INSERT INTO verification_items (id, tenant_id, round_id, item_id, fiscal_year, workflow_id, position,
         carried_from, current_amount, status, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'open',$10) ON CONFLICT (id) DO NOTHING`,
      [
        item.verificationItemId,
        event.tenantId,
        r.roundId,
        item.itemId,
        r.fiscalYear,
        event.workflowId,
        item.position,
        item.carriedFrom,
        item.currentAmount,
        event.occurredAt,
      ],
    );
  }
}

async function upsertItem(manager: EntityManager, event: VerificationProjectionEvent): Promise<void> {
  const i = event.item!;
  await manager.query(
    `UPDATE verification_items SET status = $3, round = $4, submission = $5, submitted_by = $6, submitted_at = $7,
       approved_at = $8, decision = $9, carries_over = $10, updated_at = $11
     WHERE tenant_id = $1 AND id = $2`,
    [
      event.tenantId,
      i.verificationItemId,
      i.status,
      i.round,
      i.submission === null ? null : JSON.stringify(i.submission),
      i.submittedBy,
      i.submittedAt,
      i.approvedAt,
      i.decision,
      i.carriesOver,
      event.occurredAt,
    ],
  );
}

/**
 * HQ's decision into the budget under formulation: a budget_reflections row of origin
 * 'verification' (one per item of a round), its effect on the item's budgets as an Act
 * decision's (applyReflectionToBudget), and the outbox event `budget.reflected` a cycle's
 * reflection writes too, so that HQ is told and a subscribed budget system hears of every
 * reflection, whichever loop made it (`origin`, `cycleId` null).
 */
export async function insertVerificationReflection(
  manager: EntityManager,
  event: Pick<VerificationProjectionEvent, 'tenantId' | 'workflowId' | 'seq' | 'occurredAt'>,
  b: VerificationBudgetReflection,
): Promise<void> {
  const tenantId = event.tenantId;
  const inserted: unknown[] = await manager.query(
    `INSERT INTO budget_reflections (id, tenant_id, cycle_id, item_id, source_fiscal_year, fiscal_year, decision,
       current_amount, proposed_amount, delta, rule, rule_description, approval_id, created_at, origin,
       verification_item_id)
     VALUES ($1,$2,NULL,$3,$4,$5,$6,$7,$8,$9,$10,$11,NULL,$12,'verification',$13)
     ON CONFLICT (verification_item_id) DO NOTHING RETURNING id`,
    [
      b.id,
      tenantId,
      b.itemId,
      b.sourceFiscalYear,
      b.fiscalYear,
      b.decision,
      b.currentAmount,
      b.proposedAmount,
      b.delta,
      b.rule,
      JSON.stringify(b.ruleDescription),
      b.reflectedAt,
      b.verificationItemId,
    ],
  );
  if (inserted.length === 0) return;
  await applyReflectionToBudget(manager, {
    tenantId,
    itemId: b.itemId,
    fiscalYear: b.fiscalYear,
    amount: b.proposedAmount,
    reflectionId: b.id,
    at: b.reflectedAt,
    endsItem: b.endsItem,
  });
  // The payload of a cycle's budget.reflected (cycle-year-end.ts), with the 事業検証 in place of the cycle.
  await manager.query(
    `INSERT INTO outbox (tenant_id, event_key, type, payload, created_at)
     SELECT $1, $2, 'budget.reflected',
            jsonb_build_object('tenantId', t.id, 'tenantCode', t.code, 'itemId', i.id, 'itemCode', i.code,
              'itemTitle', i.title, 'cycleId', NULL, 'origin', 'verification') || $3::jsonb,
            $4
       FROM items i JOIN tenants t ON t.id = i.tenant_id
      WHERE i.id = $5 AND i.tenant_id = $1
     ON CONFLICT (event_key) DO NOTHING`,
    [
      tenantId,
      `${event.workflowId}#${event.seq}#budget.reflected`,
      JSON.stringify(b),
      event.occurredAt,
      b.itemId,
    ],
  );
}
