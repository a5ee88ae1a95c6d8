/**
 * What a cycle tells the outside world: the facts its outbox messages carry (the notifier turns
 * them into mails, in-app messages and webhooks) and the projection event every accepted step
 * becomes. Pure functions of the cycle's state and context; no Temporal import.
 */
import type {
  Actor,
  ApprovalState,
  CycleContext,
  CycleRow,
  CycleState,
  CycleWorkflowInput,
  ProjectionActor,
  ProjectionEvent,
  TaskState,
} from '@pdca/contracts';
import { DEFAULT_DECISIONS, findDecision, type LocalizedText, type Role } from '@pdca/domain';

export type Outbox = ProjectionEvent['outbox'];

/** What one accepted step records besides the cycle row (the machine adds seq, time and row). */
export interface StepRecord {
  actor: ProjectionActor;
  taskId?: string | null;
  approvalId?: string | null;
  comment?: string | null;
  payload?: Record<string, unknown>;
  tasks?: TaskState[];
  approvals?: ApprovalState[];
  budgetReflection?: ProjectionEvent['budgetReflection'];
  outbox?: Outbox;
}

export const SYSTEM: ProjectionActor = { type: 'system' };

export const userActor = (actor: Actor, role: Role): ProjectionActor => ({
  type: 'user',
  userId: actor.userId,
  displayName: actor.displayName,
  role,
});

/** The facts of a task every task message carries (who, which item, which year, when due). */
export const taskFacts = (state: CycleState, ctx: CycleContext, task: TaskState) => ({
  tenantId: state.tenantId,
  tenantCode: state.tenantCode,
  cycleId: state.cycleId,
  workflowId: state.workflowId,
  fiscalYear: state.fiscalYear,
  itemId: state.itemId,
  itemCode: state.itemCode,
  itemTitle: ctx.itemTitle,
  taskId: task.id,
  taskKind: task.kind,
  taskTitle: task.title,
  periodIndex: task.periodIndex,
  dueAt: task.dueAt,
  // A task that is still scheduled (予定) is announced as such, with the date it opens.
  taskStatus: task.status,
  openAt: task.openAt ?? null,
  assigneeUserId: task.assigneeUserId,
});

export const tasksAssigned = (state: CycleState, ctx: CycleContext, tasks: TaskState[]): Outbox =>
  tasks.map((task) => ({ type: 'task.assigned', payload: taskFacts(state, ctx, task) }));

export const approvalRequested = (state: CycleState, ctx: CycleContext, approval: ApprovalState) => ({
  type: 'approval.requested',
  payload: {
    tenantId: state.tenantId,
    cycleId: state.cycleId,
    itemId: state.itemId,
    itemCode: state.itemCode,
    itemTitle: ctx.itemTitle,
    fiscalYear: state.fiscalYear,
    approvalId: approval.id,
    stage: approval.stage,
    submissionKind: approval.submissionKind,
    stepKey: approval.stepKey,
    stepLabel: approval.stepLabel,
    requiredRole: ctx.approvalPolicy.steps[approval.stepIndex].role,
  },
});

export const cycleClosed = (state: CycleState) => ({
  type: 'cycle.closed',
  payload: {
    tenantId: state.tenantId,
    cycleId: state.cycleId,
    itemId: state.itemId,
    itemCode: state.itemCode,
    fiscalYear: state.fiscalYear,
    status: state.status,
    reason: state.closeReason,
    nextCycleWorkflowId: state.nextCycleWorkflowId,
  },
});

/** The item facts of the messages about the previous year's decision. */
export const itemFacts = (state: CycleState, ctx: CycleContext) => ({
  tenantId: state.tenantId,
  tenantCode: state.tenantCode,
  cycleId: state.cycleId,
  itemId: state.itemId,
  itemCode: state.itemCode,
  itemTitle: ctx.itemTitle,
  fiscalYear: state.fiscalYear,
});

/** A deep copy of a JSON value (what the projection receives is JSON anyway). */
const snapshot = <T>(value: T): T => (value === null ? value : (JSON.parse(JSON.stringify(value)) as T));

/**
 * The projection event of one step: the cycle row as it stands now, and copies of the submissions
 * and of the changed tasks and approvals (later changes must not leak into an event still waiting in the queue).
 */
export function projectionEvent(
  state: CycleState,
  ids: { workflowId: string; runId: string; seq: number; occurredAt: string },
  type: string,
  step: StepRecord,
  /** The year's decisions and scales, sent once with cycle.started (see CycleRow.citySettings). */
  citySettings?: CycleRow['citySettings'],
): ProjectionEvent {
  return {
    ...ids,
    type,
    tenantId: state.tenantId,
    itemId: state.itemId,
    cycleId: state.cycleId,
    actor: step.actor,
    taskId: step.taskId ?? null,
    approvalId: step.approvalId ?? null,
    comment: step.comment ?? null,
    payload: step.payload ?? {},
    cycle: {
      fiscalYear: state.fiscalYear,
      stage: state.stage,
      status: state.status,
      awaitingApproval: state.awaitingApproval,
      plan: snapshot(state.plan),
      executionReport: snapshot(state.executionReport),
      evaluation: snapshot(state.evaluation),
      decision: snapshot(state.action),
      hqRating: state.evaluation?.hqRating ?? null,
      carriedOver: snapshot(state.carriedOver),
      startedAt: state.startedAt,
      closedAt: state.closedAt,
      closeReason: state.closeReason,
      ...(citySettings ? { citySettings } : {}),
    },
    tasks: (step.tasks ?? []).map((t) => ({ ...t, remindersSent: [...t.remindersSent] })),
    approvals: (step.approvals ?? []).map((a) => ({ ...a })),
    budgetReflection: step.budgetReflection ?? null,
    outbox: step.outbox ?? [],
  };
}

/** A cycle's state at its start, in PLAN with no tasks yet. */
export function initialCycleState(
  input: CycleWorkflowInput,
  workflowId: string,
  now: string,
  itemCode: string,
): CycleState {
  return {
    cycleId: input.cycleId,
    workflowId,
    tenantId: input.tenantId,
    tenantCode: input.tenantCode,
    itemId: input.itemId,
    itemCode,
    fiscalYear: input.fiscalYear,
    stage: 'PLAN',
    status: 'awaiting_submission',
    awaitingApproval: false,
    startedAt: now,
    closedAt: null,
    closeReason: null,
    businessNow: now,
    tasks: [],
    approvals: [],
    plan: null,
    planRounds: [],
    reviews: [],
    executionReport: null,
    evaluation: null,
    action: null,
    budgetReflection: null,
    carriedOver: input.carriedOver ?? null,
    nextCycleWorkflowId: null,
    withdrawalQuestion: null,
  };
}

/** A decision's label in the city's words, from the list the year started with (the code when unknown). */
export function decisionLabelOf(ctx: CycleContext, code: string): LocalizedText {
  const decisions = ctx.citySettings?.decisions ?? DEFAULT_DECISIONS;
  return findDecision({ decisions }, code)?.label ?? { ja: code, en: code };
}
