import type { SubmissionKind, SubmissionPayloads } from '@pdca/domain';
import { DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { ApprovalEntity, BudgetReflectionEntity, CycleEntity, TaskEntity } from '../entities/cycle.entity';
import type { Page } from './item.repository';

/** The item a cycle, task or approval belongs to, for lists that show where a row comes from. */
export interface ItemRef {
  itemId: string;
  itemCode: string;
  itemTitle: string;
  fiscalYear: number;
}

export interface CycleWithItem extends CycleEntity {
  itemCode: string;
  itemTitle: string;
}

/** Where an inbox entry (a task or an approval) comes from: its item and its cycle's year, stage and status. */
export interface InboxEntryContext extends ItemRef {
  cycleStage: string;
  cycleStatus: string;
}

export interface TaskListEntry extends TaskEntity, InboxEntryContext {}

export interface ApprovalListEntry extends ApprovalEntity, InboxEntryContext {}

/** One move of a task's deadline, as the ledger recorded it (the reason is the entry's comment). */
export interface DeadlineChangeRecord {
  taskId: string;
  from: string | null;
  to: string | null;
  reason: string | null;
  changedAt: Date;
  changedBy: string | null;
}

/** What a leader sent in one round of a gated submission (plan, execution report, evaluation, action). */
/** A periodic review as the ledger recorded it (reviews are acknowledged, not approved). */
export interface ReviewRecord {
  taskId: string;
  periodIndex: number;
  submittedBy: string;
  submittedByName: string | null;
  submittedAt: Date;
  submission: SubmissionPayloads['review'];
}

export interface SubmissionRecord {
  submissionKind: string;
  round: number;
  /** The body the workflow took (the ledger's `submission`), of this kind. */
  submission: SubmissionPayloads[SubmissionKind];
}

export interface BudgetReflectionListEntry extends BudgetReflectionEntity {
  itemCode: string;
  itemTitle: string;
}

/** A cycle that still runs, with what a person needs to recognise it. */
export interface RunningCycleRef extends ItemRef {
  cycleId: string;
  workflowId: string;
}

/** Statuses after which a cycle takes no more commands. */
/** Statuses of a cycle whose workflow has ended (it takes no more commands). */
export const ENDED_CYCLE_STATUSES: readonly string[] = ['completed', 'closed', 'withdrawn'];

export interface TaskListFilter {
  tenantId: string;
  assigneeUserId?: string;
  status?: string;
  cycleId?: string;
  limit: number;
  offset: number;
}

export interface ApprovalListFilter {
  tenantId: string;
  status?: string;
  limit: number;
  offset: number;
}

export interface BudgetReflectionListFilter {
  tenantId: string;
  fiscalYear?: number;
  limit: number;
  offset: number;
}

/** Where a command on a task or an approval goes. */
export interface CommandTarget {
  cycleId: string;
  workflowId: string;
}

/**
 * Reads of the cycle read models the workflow's projection activity writes (cycles, tasks,
 * approvals, budget_reflections). Read-only here; every query is scoped to one tenant.
 */
export class CycleReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findCycle(tenantId: string, cycleId: string): Promise<CycleWithItem | null> {
    const row = await this.dataSource
      .getRepository(CycleEntity)
      .createQueryBuilder('c')
      .innerJoin('items', 'i', 'i.id = c.item_id AND i.tenant_id = c.tenant_id')
      .addSelect(['i.code AS item_code', 'i.title AS item_title'])
      .where('c.tenant_id = :tenantId AND c.id = :cycleId', { tenantId, cycleId })
      .getRawAndEntities();
    const cycle = row.entities[0];
    if (!cycle) return null;
    const raw = row.raw[0] as { item_code: string; item_title: string };
    return Object.assign(cycle, { itemCode: raw.item_code, itemTitle: raw.item_title });
  }

  /** The running cycles (any fiscal year) of the items a working group is responsible for. */
  runningCyclesOfWorkingGroup(tenantId: string, workingGroupId: string): Promise<RunningCycleRef[]> {
    return this.runningCycles('i.working_group_id = $2', [tenantId, workingGroupId]);
  }

  /** The running cycles (any fiscal year) of one item: what removing the item withdraws. */
  runningCyclesOfItem(tenantId: string, itemId: string): Promise<RunningCycleRef[]> {
    return this.runningCycles('i.id = $2', [tenantId, itemId]);
  }

  private async runningCycles(condition: string, params: [string, string]): Promise<RunningCycleRef[]> {
    const rows: Array<{
      cycle_id: string;
      workflow_id: string;
      item_id: string;
      item_code: string;
      item_title: string;
      fiscal_year: number;
    }> = await this.dataSource.query(
      `SELECT c.id AS cycle_id, c.workflow_id, i.id AS item_id, i.code AS item_code, i.title AS item_title,
              c.fiscal_year
         FROM cycles c
         JOIN items i ON i.id = c.item_id AND i.tenant_id = c.tenant_id
        WHERE c.tenant_id = $1 AND ${condition} AND c.status <> ALL ($3::text[])
        ORDER BY i.code, c.fiscal_year`,
      [...params, ENDED_CYCLE_STATUSES],
    );
    return rows.map((r) => ({
      cycleId: r.cycle_id,
      workflowId: r.workflow_id,
      itemId: r.item_id,
      itemCode: r.item_code,
      itemTitle: r.item_title,
      fiscalYear: r.fiscal_year,
    }));
  }

  findCycleForItemYear(tenantId: string, itemId: string, fiscalYear: number): Promise<CycleEntity | null> {
    return this.dataSource.getRepository(CycleEntity).findOne({ where: { tenantId, itemId, fiscalYear } });
  }

  tasksOfCycle(tenantId: string, cycleId: string): Promise<TaskEntity[]> {
    return this.dataSource
      .getRepository(TaskEntity)
      .find({ where: { tenantId, cycleId }, order: { createdAt: 'ASC', periodIndex: 'ASC' } });
  }

  approvalsOfCycle(tenantId: string, cycleId: string): Promise<ApprovalEntity[]> {
    return this.dataSource
      .getRepository(ApprovalEntity)
      .find({ where: { tenantId, cycleId }, order: { submittedAt: 'ASC', round: 'ASC', stepIndex: 'ASC' } });
  }

  /**
   * The cycle's deadline moves, oldest first. The task row keeps only the current due date; the
   * reason lives in the audit ledger, the one place it is written.
   */
  async deadlineChangesOfCycle(tenantId: string, cycleId: string): Promise<DeadlineChangeRecord[]> {
    const rows: Array<{
      task_id: string;
      from: string | null;
      to: string | null;
      comment: string | null;
      occurred_at: Date;
      actor_name: string | null;
    }> = await this.dataSource.query(
      `SELECT task_id, payload->>'from' AS "from", payload->>'to' AS "to", comment, occurred_at, actor_name
         FROM audit_log
        WHERE tenant_id = $1 AND cycle_id = $2 AND action = 'task.deadline_moved' AND task_id IS NOT NULL
        ORDER BY seq`,
      [tenantId, cycleId],
    );
    return rows.map((r) => ({
      taskId: r.task_id,
      from: r.from,
      to: r.to,
      reason: r.comment,
      changedAt: r.occurred_at,
      changedBy: r.actor_name,
    }));
  }

  /**
   * Every round's submission of the cycle, as the ledger recorded it (`<kind>.submitted`). The
   * cycle row keeps only the latest one per kind; HQ compares a resubmission with the round it
   * returned, so the earlier rounds are read from here.
   */
  async submissionsOfCycle(tenantId: string, cycleId: string): Promise<SubmissionRecord[]> {
    const rows: Array<{
      action: string;
      round: number | null;
      submission: SubmissionPayloads[SubmissionKind] | null;
    }> = await this.dataSource.query(
      `SELECT action, (payload->>'round')::int AS round, payload->'submission' AS submission
           FROM audit_log
          WHERE tenant_id = $1 AND cycle_id = $2 AND action LIKE '%.submitted' AND payload ? 'submission'
          ORDER BY seq`,
      [tenantId, cycleId],
    );
    return rows
      .filter((r) => r.round !== null && r.submission && typeof r.submission === 'object')
      .map((r) => ({
        submissionKind: r.action.slice(0, -'.submitted'.length),
        round: r.round!,
        submission: r.submission!,
      }));
  }

  /**
   * The cycle's periodic reviews, oldest first, as the ledger recorded them (`review.submitted`):
   * what the leader sent for each review task, by whom and when. The cycle row keeps none of them.
   */
  async reviewsOfCycle(tenantId: string, cycleId: string): Promise<ReviewRecord[]> {
    const rows: Array<{
      task_id: string | null;
      actor_id: string | null;
      actor_name: string | null;
      occurred_at: Date;
      submission: SubmissionPayloads['review'] | null;
    }> = await this.dataSource.query(
      `SELECT task_id, actor_id, actor_name, occurred_at, payload->'submission' AS submission
         FROM audit_log
        WHERE tenant_id = $1 AND cycle_id = $2 AND action = 'review.submitted' AND payload ? 'submission'
        ORDER BY seq`,
      [tenantId, cycleId],
    );
    return rows
      .filter((r) => r.task_id && r.actor_id && r.submission && typeof r.submission === 'object')
      .map((r) => ({
        taskId: r.task_id!,
        periodIndex: r.submission!.periodIndex,
        submittedBy: r.actor_id!,
        submittedByName: r.actor_name,
        submittedAt: r.occurred_at,
        submission: r.submission!,
      }));
  }

  /**
   * The display names of the tenant's users among `ids` (who submitted and who decided a cycle's
   * approvals), by id; an id of no such user is left out.
   */
  async displayNamesOf(tenantId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Map();
    const rows: Array<{ id: string; display_name: string }> = await this.dataSource.query(
      'SELECT id, display_name FROM users WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenantId, wanted],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  budgetReflectionOfCycle(tenantId: string, cycleId: string): Promise<BudgetReflectionEntity | null> {
    return this.dataSource.getRepository(BudgetReflectionEntity).findOne({ where: { tenantId, cycleId } });
  }

  /** The workflow a command on this cycle goes to (one indexed read, no join). */
  async workflowIdOfCycle(tenantId: string, cycleId: string): Promise<string | null> {
    const rows: Array<{ workflow_id: string }> = await this.dataSource.query(
      'SELECT workflow_id FROM cycles WHERE tenant_id = $1 AND id = $2',
      [tenantId, cycleId],
    );
    return rows[0]?.workflow_id ?? null;
  }

  /** A task with the workflow of its cycle, in one read: what a command on the task needs. */
  async findTaskTarget(tenantId: string, taskId: string): Promise<(CommandTarget & { kind: string }) | null> {
    const rows: Array<{ cycle_id: string; workflow_id: string; kind: string }> = await this.dataSource.query(
      `SELECT t.cycle_id, c.workflow_id, t.kind
         FROM tasks t JOIN cycles c ON c.id = t.cycle_id AND c.tenant_id = t.tenant_id
        WHERE t.tenant_id = $1 AND t.id = $2`,
      [tenantId, taskId],
    );
    const row = rows[0];
    return row ? { cycleId: row.cycle_id, workflowId: row.workflow_id, kind: row.kind } : null;
  }

  /** An approval with the workflow of its cycle, in one read. */
  async findApprovalTarget(tenantId: string, approvalId: string): Promise<CommandTarget | null> {
    const rows: Array<{ cycle_id: string; workflow_id: string }> = await this.dataSource.query(
      `SELECT a.cycle_id, c.workflow_id
         FROM approvals a JOIN cycles c ON c.id = a.cycle_id AND c.tenant_id = a.tenant_id
        WHERE a.tenant_id = $1 AND a.id = $2`,
      [tenantId, approvalId],
    );
    const row = rows[0];
    return row ? { cycleId: row.cycle_id, workflowId: row.workflow_id } : null;
  }

  async listTasks(filter: TaskListFilter): Promise<Page<TaskListEntry>> {
    const query = joinInboxEntryContext(
      this.dataSource.getRepository(TaskEntity).createQueryBuilder('t'),
      't',
    ).where('t.tenant_id = :tenantId', { tenantId: filter.tenantId });
    if (filter.assigneeUserId !== undefined) {
      query.andWhere('t.assignee_user_id = :assignee', { assignee: filter.assigneeUserId });
    }
    if (filter.status !== undefined) query.andWhere('t.status = :status', { status: filter.status });
    if (filter.cycleId !== undefined) query.andWhere('t.cycle_id = :cycleId', { cycleId: filter.cycleId });
    // As people read a list: by due date, then in the plan's order (番号), then by period.
    query
      .orderBy('t.due_at', 'ASC')
      .addOrderBy('i.sort', 'ASC')
      .addOrderBy('i.code', 'ASC')
      .addOrderBy('t.period_index', 'ASC', 'NULLS LAST')
      .addOrderBy('t.id', 'ASC')
      .offset(filter.offset)
      .limit(filter.limit);
    return pageWithInboxEntryContext(query);
  }

  async listApprovals(filter: ApprovalListFilter): Promise<Page<ApprovalListEntry>> {
    const query = joinInboxEntryContext(
      this.dataSource.getRepository(ApprovalEntity).createQueryBuilder('a'),
      'a',
    ).where('a.tenant_id = :tenantId', { tenantId: filter.tenantId });
    if (filter.status !== undefined) query.andWhere('a.status = :status', { status: filter.status });
    query
      .orderBy('a.submitted_at', 'ASC')
      .addOrderBy('a.step_index', 'ASC')
      .offset(filter.offset)
      .limit(filter.limit);
    return pageWithInboxEntryContext(query);
  }

  async listBudgetReflections(filter: BudgetReflectionListFilter): Promise<Page<BudgetReflectionListEntry>> {
    const query = this.dataSource
      .getRepository(BudgetReflectionEntity)
      .createQueryBuilder('b')
      .innerJoin('items', 'i', 'i.id = b.item_id AND i.tenant_id = b.tenant_id')
      .addSelect(['i.code AS item_code', 'i.title AS item_title'])
      .where('b.tenant_id = :tenantId', { tenantId: filter.tenantId });
    if (filter.fiscalYear !== undefined) query.andWhere('b.fiscal_year = :fy', { fy: filter.fiscalYear });
    query
      .orderBy('b.fiscal_year', 'DESC')
      .addOrderBy('i.code', 'ASC')
      .offset(filter.offset)
      .limit(filter.limit);
    const [{ entities, raw }, total] = await Promise.all([query.getRawAndEntities(), query.getCount()]);
    return {
      items: entities.map((reflection, i) =>
        Object.assign(reflection, { itemCode: raw[i].item_code, itemTitle: raw[i].item_title }),
      ),
      total,
    };
  }
}

/** Joins the cycle and item of the task or approval that `alias` names, selecting its InboxEntryContext. */
function joinInboxEntryContext<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
): SelectQueryBuilder<T> {
  return query
    .innerJoin('cycles', 'c', `c.id = ${alias}.cycle_id AND c.tenant_id = ${alias}.tenant_id`)
    .innerJoin('items', 'i', 'i.id = c.item_id AND i.tenant_id = c.tenant_id')
    .addSelect(['i.id AS item_id', 'i.code AS item_code', 'i.title AS item_title'])
    .addSelect(['c.fiscal_year AS cycle_fiscal_year', 'c.stage AS cycle_stage', 'c.status AS cycle_status']);
}

interface InboxEntryContextRaw {
  item_id: string;
  item_code: string;
  item_title: string;
  cycle_fiscal_year: number;
  cycle_stage: string;
  cycle_status: string;
}

/** Runs a query built on joinInboxEntryContext: one page of entities, each with its context. */
async function pageWithInboxEntryContext<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
): Promise<Page<T & InboxEntryContext>> {
  const [{ entities, raw }, total] = await Promise.all([query.getRawAndEntities(), query.getCount()]);
  return {
    items: entities.map((entity, i) => Object.assign(entity, inboxEntryContext(raw[i]))),
    total,
  };
}

function inboxEntryContext(raw: InboxEntryContextRaw): InboxEntryContext {
  return {
    itemId: raw.item_id,
    itemCode: raw.item_code,
    itemTitle: raw.item_title,
    fiscalYear: raw.cycle_fiscal_year,
    cycleStage: raw.cycle_stage,
    cycleStatus: raw.cycle_status,
  };
}
