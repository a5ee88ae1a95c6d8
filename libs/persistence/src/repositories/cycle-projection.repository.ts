import type { ApprovalState, ProjectionEvent, TaskState } from '@pdca/contracts';
import { endsPlan } from '@pdca/domain';
import { DataSource, EntityManager } from 'typeorm';
import { appendLedgerEntry, type LedgerEntryInput } from './audit-ledger.repository';
import { writeSubmittedCosts } from './item-costs.repository';

/**
 * Writes one workflow event to PostgreSQL: the cycle row, the changed tasks and approvals, the
 * budget reflection, one ledger entry and the outbox messages, all in one transaction. The first
 * statement claims (workflowId, seq) in projection_log with ON CONFLICT DO NOTHING; when the claim
 * fails the event was applied before (a retried activity) and nothing else is written.
 */
export class CycleProjectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  apply(event: ProjectionEvent): Promise<boolean> {
    return applyOnce(this.dataSource, event, async (manager) => {
      await upsertCycle(manager, event);
      // One statement per table, whatever the number of rows (a stage entry writes five or more tasks).
      await upsertTasks(manager, event, lastOfEach(event.tasks));
      await upsertApprovals(manager, event, lastOfEach(event.approvals));
      if (event.budgetReflection) await insertBudgetReflection(manager, event);
      // 事業費・人工 of a PLAN (見込) or CHECK (実績) submission (#26).
      await writeSubmittedCosts(manager, event);
      await appendLedgerEntry(manager, workflowLedgerEntry(event, event));
      await insertOutbox(manager, event, [
        ...event.outbox.map((m) => withRound(event, m)),
        ...derivedOutbox(event),
      ]);
    });
  }
}

/**
 * A return's message names the approval it answers and its round (第2回), which the workflow's
 * payload leaves out: the mail's subject says the round (#28 point 15). Added here so that workflow
 * code and its recorded histories stay as they are.
 */
function withRound(
  event: ProjectionEvent,
  message: ProjectionEvent['outbox'][number],
): ProjectionEvent['outbox'][number] {
  if (message.type !== 'submission.returned' || typeof event.payload.round !== 'number') return message;
  return {
    ...message,
    payload: { ...message.payload, round: event.payload.round, approvalId: event.approvalId },
  };
}

/**
 * Outbox messages the workflow does not send itself, derived here so that workflow code (and its
 * recorded histories) stay as they are: an approval step's decision for the submitter. Appended
 * after the workflow's own messages, so their event keys are stable on a retried activity.
 */
function derivedOutbox(event: ProjectionEvent): ProjectionEvent['outbox'] {
  if (event.type !== 'approval.approved') return [];
  const approval = event.approvals.find((a) => a.id === event.approvalId);
  if (!approval) return [];
  return [
    {
      type: 'submission.approved',
      payload: {
        tenantId: event.tenantId,
        cycleId: event.cycleId,
        itemId: event.itemId,
        fiscalYear: event.cycle.fiscalYear,
        taskId: event.taskId,
        approvalId: approval.id,
        stage: approval.stage,
        submissionKind: approval.submissionKind,
        stepKey: approval.stepKey,
        stepLabel: approval.stepLabel,
        submittedBy: approval.submittedBy,
        comment: approval.comment,
      },
    },
  ];
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

async function upsertCycle(manager: EntityManager, event: ProjectionEvent): Promise<void> {
  const c = event.cycle;
  await manager.query(
    `INSERT INTO cycles (id, tenant_id, item_id, fiscal_year, workflow_id, run_id, stage, status, awaiting_approval,
       plan, execution_report, evaluation, decision, hq_rating, carried_over, started_at, closed_at, close_reason, updated_at,
       city_settings)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)
     ON CONFLICT (id) DO UPDATE SET run_id = EXCLUDED.run_id, stage = EXCLUDED.stage, status = EXCLUDED.status,
       awaiting_approval = EXCLUDED.awaiting_approval, plan = EXCLUDED.plan,
       execution_report = EXCLUDED.execution_report, evaluation = EXCLUDED.evaluation,
       decision = EXCLUDED.decision, hq_rating = EXCLUDED.hq_rating, carried_over = EXCLUDED.carried_over,
       closed_at = EXCLUDED.closed_at, close_reason = EXCLUDED.close_reason, updated_at = EXCLUDED.updated_at,
       city_settings = COALESCE(EXCLUDED.city_settings, cycles.city_settings)`,
    [
      event.cycleId,
      event.tenantId,
      event.itemId,
      c.fiscalYear,
      event.workflowId,
      event.runId,
      c.stage,
      c.status,
      c.awaitingApproval,
      json(c.plan),
      json(c.executionReport),
      json(c.evaluation),
      json(c.decision),
      c.hqRating,
      json(c.carriedOver),
      c.startedAt,
      c.closedAt,
      c.closeReason,
      event.occurredAt,
      json(c.citySettings),
    ],
  );
}

/** `($1,$2,…),($n+1,…)`: the VALUES of `rows` rows of `width` parameters each. */
function valuesList(rows: number, width: number): string {
  return Array.from(
    { length: rows },
    (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(',')})`,
  ).join(',');
}

/** One row per id (the last state wins): ON CONFLICT DO UPDATE may touch a row once per statement. */
function lastOfEach<T extends { id: string }>(rows: readonly T[]): T[] {
  return [...new Map(rows.map((row) => [row.id, row])).values()];
}

async function upsertTasks(
  manager: EntityManager,
  event: ProjectionEvent,
  tasks: TaskState[],
): Promise<void> {
  if (tasks.length === 0) return;
  const params = tasks.flatMap((t) => [
    t.id,
    event.tenantId,
    event.cycleId,
    t.kind,
    t.periodIndex,
    JSON.stringify(t.title),
    t.assigneeUserId,
    t.dueAt,
    t.status,
    t.overdue,
    t.escalatedAt,
    t.remindersSent.length,
    t.lastRemindedAt,
    t.submittedAt,
    t.submittedBy,
    t.createdAt,
    event.occurredAt,
    // Events recorded before opening dates carry no openAt.
    t.openAt ?? null,
  ]);
  await manager.query(
    `INSERT INTO tasks (id, tenant_id, cycle_id, kind, period_index, title, assignee_user_id, due_at, status, overdue,
       escalated_at, reminders_sent, last_reminded_at, submitted_at, submitted_by, created_at, updated_at, open_at)
     VALUES ${valuesList(tasks.length, 18)}
     ON CONFLICT (id) DO UPDATE SET assignee_user_id = EXCLUDED.assignee_user_id, due_at = EXCLUDED.due_at,
       open_at = EXCLUDED.open_at,
       status = EXCLUDED.status, overdue = EXCLUDED.overdue,
       escalated_at = EXCLUDED.escalated_at, reminders_sent = EXCLUDED.reminders_sent,
       last_reminded_at = EXCLUDED.last_reminded_at, submitted_at = EXCLUDED.submitted_at,
       submitted_by = EXCLUDED.submitted_by, updated_at = EXCLUDED.updated_at`,
    params,
  );
}

async function upsertApprovals(
  manager: EntityManager,
  event: ProjectionEvent,
  approvals: ApprovalState[],
): Promise<void> {
  if (approvals.length === 0) return;
  const params = approvals.flatMap((a) => [
    a.id,
    event.tenantId,
    event.cycleId,
    a.stage,
    a.submissionKind,
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
    a.rating,
  ]);
  await manager.query(
    `INSERT INTO approvals (id, tenant_id, cycle_id, stage, submission_kind, round, step_index, step_key, step_label,
       status, submitted_by, submitted_at, decided_by, decided_at, comment, rating)
     VALUES ${valuesList(approvals.length, 16)}
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, decided_by = EXCLUDED.decided_by,
       decided_at = EXCLUDED.decided_at, comment = EXCLUDED.comment, rating = EXCLUDED.rating`,
    params,
  );
}

/** The workflow event's identity and time, as projection_log and the outbox key it. */
export type WorkflowEventKey = Pick<
  ProjectionEvent,
  'workflowId' | 'runId' | 'seq' | 'type' | 'tenantId' | 'occurredAt'
>;

/** Claims (workflowId, seq) in projection_log; false when the event had been applied before. */
export async function claimEvent(manager: EntityManager, event: WorkflowEventKey): Promise<boolean> {
  const claimed: unknown[] = await manager.query(
    `INSERT INTO projection_log (workflow_id, run_id, seq, event_type, tenant_id)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING seq`,
    [event.workflowId, event.runId, event.seq, event.type, event.tenantId],
  );
  return claimed.length > 0;
}

/**
 * Applies a workflow event once: in one transaction, claims it (claimEvent) and, when it had not
 * been applied before, writes it. True when it was written.
 */
export function applyOnce(
  dataSource: DataSource,
  event: WorkflowEventKey,
  write: (manager: EntityManager) => Promise<void>,
): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    if (!(await claimEvent(manager, event))) return false;
    await write(manager);
    return true;
  });
}

/** What a workflow event's ledger entry is made of, whichever workflow sent it. */
export type LedgerEventSource = WorkflowEventKey & Pick<ProjectionEvent, 'actor' | 'payload' | 'comment'>;

/**
 * A workflow event's ledger entry: its actor (a person with the role they acted in, or the
 * system), action, payload, comment and event key, about the given item, cycle, task and approval.
 */
export function workflowLedgerEntry(
  event: LedgerEventSource,
  about: Pick<LedgerEntryInput, 'itemId' | 'cycleId' | 'taskId' | 'approvalId'>,
): LedgerEntryInput {
  const actor = event.actor;
  return {
    tenantId: event.tenantId,
    occurredAt: event.occurredAt,
    actorType: actor.type,
    actorId: actor.type === 'user' ? actor.userId : null,
    actorName: actor.type === 'user' ? actor.displayName : null,
    actorRole: actor.type === 'user' ? actor.role : null,
    action: event.type,
    itemId: about.itemId,
    cycleId: about.cycleId,
    taskId: about.taskId,
    approvalId: about.approvalId,
    payload: event.payload,
    comment: event.comment,
    workflowId: event.workflowId,
    runId: event.runId,
    eventKey: `${event.workflowId}#${event.seq}`,
  };
}

/** The event's messages, keyed `<workflowId>#<seq>#<index>` so a retried activity adds none twice. */
export async function insertOutbox(
  manager: EntityManager,
  event: WorkflowEventKey,
  messages: ProjectionEvent['outbox'],
): Promise<void> {
  if (messages.length === 0) return;
  const params = messages.flatMap((message, index) => [
    event.tenantId,
    `${event.workflowId}#${event.seq}#${index}`,
    message.type,
    JSON.stringify(message.payload),
    event.occurredAt,
  ]);
  await manager.query(
    `INSERT INTO outbox (tenant_id, event_key, type, payload, created_at)
     VALUES ${valuesList(messages.length, 5)} ON CONFLICT (event_key) DO NOTHING`,
    params,
  );
}

async function insertBudgetReflection(manager: EntityManager, event: ProjectionEvent): Promise<void> {
  const b = event.budgetReflection!;
  // cycle_id is unique: one reflection per cycle, whatever happens to the activity.
  const inserted: unknown[] = await manager.query(
    `INSERT INTO budget_reflections (id, tenant_id, cycle_id, item_id, source_fiscal_year, fiscal_year, decision,
       current_amount, proposed_amount, delta, rule, rule_description, approval_id, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) ON CONFLICT (cycle_id) DO NOTHING RETURNING id`,
    [
      b.id,
      event.tenantId,
      event.cycleId,
      event.itemId,
      b.sourceFiscalYear,
      b.fiscalYear,
      b.decision,
      b.currentAmount,
      b.proposedAmount,
      b.delta,
      b.rule,
      JSON.stringify(b.ruleDescription),
      b.approvalId,
      b.reflectedAt,
    ],
  );
  if (inserted.length === 0) return;
  // A decision whose rule reflects nothing (方向性未決定) leaves the item's budgets as they are.
  if (b.touchesBudget === false) return;
  await applyReflectionToBudget(manager, {
    tenantId: event.tenantId,
    itemId: event.itemId,
    fiscalYear: b.fiscalYear,
    amount: b.proposedAmount,
    reflectionId: b.id,
    at: b.reflectedAt,
    endsItem: b.endsItem ?? endsPlan(b.decision),
  });
}

/**
 * A reflection's effect beside its budget_reflections row (an Act decision's, or a 事業検証's, #26):
 * the target year's baseline in item_budgets — what the next cycles of that year (and its budget
 * rules) start from — unless finance has set that year's 当初予算額 (source 'adopted': the row
 * still records the proposal as 反映額); and, when the decision ends the item, its last year (no
 * cycle opens after it; the scheduler reads this).
 */
export async function applyReflectionToBudget(
  manager: EntityManager,
  r: {
    tenantId: string;
    itemId: string;
    fiscalYear: number;
    amount: number;
    reflectionId: string;
    at: string;
    endsItem: boolean;
  },
): Promise<void> {
  await manager.query(
    `INSERT INTO item_budgets (tenant_id, item_id, fiscal_year, amount, source, budget_reflection_id, updated_at)
     VALUES ($1, $2, $3, $4, 'reflection', $5, $6)
     ON CONFLICT (item_id, fiscal_year) DO UPDATE SET amount = EXCLUDED.amount, source = 'reflection',
       budget_reflection_id = EXCLUDED.budget_reflection_id, updated_at = EXCLUDED.updated_at
     WHERE item_budgets.source <> 'adopted'`,
    [r.tenantId, r.itemId, r.fiscalYear, r.amount, r.reflectionId, r.at],
  );
  if (r.endsItem) {
    await manager.query(
      `UPDATE items SET last_fiscal_year = LEAST(COALESCE(last_fiscal_year, $3), $3), updated_at = now()
        WHERE tenant_id = $1 AND id = $2`,
      [r.tenantId, r.itemId, r.fiscalYear],
    );
  }
}
