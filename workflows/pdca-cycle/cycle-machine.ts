/**
 * One reform item's PDCA cycle for one fiscal year, as a state machine with no Temporal import:
 * the state, every command's check and effect, stage entry, tasks, reminders and openings, the
 * budget reflection and the close. Each accepted step returns the projection event that records
 * it (read model + ledger + outbox in one transaction); the workflow file only wires Temporal's
 * handlers, timers and activities to these methods (the shape of temporalio/samples-typescript's
 * safe-message-handlers: a ClusterManager class behind a short workflow).
 *
 * Unit-tested without a server (cycle-machine.spec.ts). Changing what a step does to the state is
 * free; changing which steps record events, or their order, changes the workflow's commands and
 * must be guarded with `patched()` there (README, "Changing workflow code").
 */
import type {
  Actor,
  ApprovalDecision,
  ApprovalState,
  CarriedOver,
  CycleContext,
  CycleState,
  CycleWorkflowInput,
  DeadlineChange,
  EarlyOpening,
  ProjectionEvent,
  Reassignment,
  TaskState,
  WithdrawalAnswer,
} from '@pdca/contracts';
import {
  type CheckContext,
  type CommandRejection,
  checkDecision,
  checkGateSubmission,
  checkReviewSubmission,
  type GateKind,
  gateTaskOf,
  isTerminalStatus,
  type ReviewSubmission,
  type Stage,
  type StageDueDates,
  stageDueDates,
} from '@pdca/domain';
import { decide, submitGate, submitReview } from './cycle-approvals';
import {
  initialCycleState,
  projectionEvent,
  type StepRecord,
  SYSTEM,
  tasksAssigned,
  userActor,
} from './cycle-facts';
import * as hq from './cycle-interventions';
import {
  type DueOpening,
  type DueReminder,
  earliestOpening,
  earliestReminder,
  isLive,
  newTask,
  stageTaskSpecs,
  type TaskClock,
} from './cycle-tasks';
import { openScheduledTask, sendReminder } from './cycle-timers';

export interface CycleEnvironment extends TaskClock {
  workflowId: string;
  runId: string;
  /** Throws the rejection (the workflow: a typed, non-retryable ApplicationFailure). */
  reject(rejection: CommandRejection): never;
}

/** A search-attribute change the workflow passes on to Temporal, in order. */
export interface VisibilityChange {
  stage: Stage;
  awaitingApproval: boolean;
}

export class CycleMachine {
  readonly state: CycleState;
  /** The item's facts; the leader and members change with a reassignment. */
  readonly ctx: CycleContext;
  readonly dueDates: StageDueDates;
  /** Bumped whenever a task changes: the reminder and opening timers recompute their next wake-up. */
  taskVersion = 0;
  private seq = 0;
  private visibility: VisibilityChange[] = [];

  constructor(
    input: CycleWorkflowInput,
    context: CycleContext,
    readonly env: CycleEnvironment,
  ) {
    this.ctx = { ...context, memberUserIds: [...context.memberUserIds] };
    const now = env.now().toISOString();
    this.dueDates = stageDueDates(input.fiscalYear, context.calendar, env.now());
    this.state = initialCycleState(input, env.workflowId, now, context.itemCode);
  }

  get closed(): boolean {
    return isTerminalStatus(this.state.status);
  }

  /** HQ approved the Act decision: the workflow reflects it into the budget and closes the year. */
  get reflecting(): boolean {
    return this.state.status === 'reflecting_budget';
  }

  view(): CycleState {
    return { ...this.state, businessNow: this.nowIso() };
  }

  nowIso(): string {
    return this.env.now().toISOString();
  }

  /** The search-attribute changes since the last call (each stage entry, submission, decision, close). */
  takeVisibilityChanges(): VisibilityChange[] {
    const changes = this.visibility;
    this.visibility = [];
    return changes;
  }

  // ---------------------------------------------------------------------------------------------
  // Recording

  /** One accepted step → its projection event, numbered in order. */
  record(type: string, step: StepRecord): ProjectionEvent {
    this.seq += 1;
    const ids = {
      workflowId: this.env.workflowId,
      runId: this.env.runId,
      seq: this.seq,
      occurredAt: this.nowIso(),
    };
    const settings = this.ctx.citySettings;
    const year =
      type === 'cycle.started' && settings
        ? { decisions: settings.decisions, ratings: settings.ratings }
        : undefined;
    return projectionEvent(this.state, ids, type, step, year);
  }

  visibilityChanged(): void {
    this.visibility.push({ stage: this.state.stage, awaitingApproval: this.state.awaitingApproval });
  }

  tasksChanged(): void {
    this.taskVersion++;
  }

  check(rejection: CommandRejection | null): void {
    if (rejection) this.env.reject(rejection);
  }

  checkContext(): CheckContext {
    const { ctx } = this;
    return {
      leaderUserId: ctx.leaderUserId,
      memberUserIds: ctx.memberUserIds,
      allowMembersToSubmit: ctx.allowMembersToSubmit,
      approvalPolicy: ctx.approvalPolicy,
      indicatorIds: ctx.indicators.map((i) => i.id),
      budgetCurrentAmount: ctx.budgetCurrentAmount,
      reviewPeriodCount: this.dueDates.reviews.length,
      ...(ctx.gradeCodes ? { gradeCodes: ctx.gradeCodes } : {}),
      ...(ctx.citySettings
        ? { decisions: ctx.citySettings.decisions, ratings: ctx.citySettings.ratings }
        : {}),
    };
  }

  private task(id: string): TaskState {
    return this.state.tasks.find((t) => t.id === id)!;
  }

  // ---------------------------------------------------------------------------------------------
  // Stages

  /** Enters a stage: creates its tasks. Returns them for the caller's projection event. */
  enterStage(stage: Stage): TaskState[] {
    const { state } = this;
    state.stage = stage;
    state.status = 'awaiting_submission';
    state.awaitingApproval = false;
    const created = stageTaskSpecs(stage, this.dueDates).map((spec) =>
      newTask(spec, this.ctx.leaderUserId, this.env),
    );
    state.tasks.push(...created);
    this.tasksChanged();
    this.visibilityChanged();
    return created;
  }

  /** The cycle opens in PLAN with the plan task (who started it: HQ by hand, or the scheduler). */
  start(startedBy: Actor | undefined): ProjectionEvent {
    const first = this.enterStage('PLAN');
    const { state } = this;
    return this.record('cycle.started', {
      actor: startedBy
        ? userActor(startedBy, startedBy.roles.includes('hq_admin') ? 'hq_admin' : startedBy.roles[0])
        : SYSTEM,
      payload: {
        fiscalYear: state.fiscalYear,
        carriedOver: state.carriedOver,
        dueDates: { plan: this.dueDates.plan },
      },
      tasks: first,
      outbox: [
        {
          type: 'cycle.started',
          payload: { cycleId: state.cycleId, itemId: state.itemId, fiscalYear: state.fiscalYear },
        },
        ...tasksAssigned(state, this.ctx, first),
      ],
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Submissions and decisions (the approval chain lives in cycle-approvals.ts)

  assertGateSubmission(kind: GateKind, actor: Actor, payload: unknown): TaskState {
    this.check(checkGateSubmission(this.state, this.checkContext(), actor, kind, payload));
    return gateTaskOf(this.state.tasks, kind)!;
  }

  submitGate(kind: GateKind, actor: Actor, payload: unknown): ProjectionEvent {
    return submitGate(this, kind, actor, payload);
  }

  assertReview(actor: Actor, taskId: string, payload: ReviewSubmission): TaskState {
    this.check(checkReviewSubmission(this.state, this.checkContext(), actor, taskId, payload));
    return this.task(taskId);
  }

  /** Periodic reviews are progress reports: recorded and acknowledged, no approval chain. */
  submitReview = (actor: Actor, taskId: string, payload: ReviewSubmission) =>
    submitReview(this, actor, taskId, payload);

  assertDecision(actor: Actor, decision: ApprovalDecision): ApprovalState {
    this.check(checkDecision(this.state, this.checkContext(), actor, decision));
    return this.state.approvals.find((a) => a.id === decision.approvalId)!;
  }

  decide(actor: Actor, decision: ApprovalDecision): ProjectionEvent {
    return decide(this, actor, decision);
  }

  /** Ends the cycle: live tasks and pending approvals are cancelled. */
  close(status: 'completed' | 'closed' | 'withdrawn', reason: string): void {
    const { state } = this;
    state.status = status;
    state.awaitingApproval = false;
    state.closedAt = this.nowIso();
    state.closeReason = reason;
    for (const task of state.tasks) if (isLive(task)) task.status = 'cancelled';
    for (const approval of state.approvals) if (approval.status === 'pending') approval.status = 'cancelled';
    this.tasksChanged();
    this.visibilityChanged();
  }

  // ---------------------------------------------------------------------------------------------
  // HQ's interventions and the previous year's decision (cycle-interventions.ts)

  assertDeadlineChange = (actor: Actor, change: DeadlineChange) =>
    hq.assertDeadlineChange(this, actor, change);
  moveDeadline = (actor: Actor, change: DeadlineChange) => hq.moveDeadline(this, actor, change);
  assertEarlyOpening = (actor: Actor, opening: EarlyOpening) => hq.assertEarlyOpening(this, actor, opening);
  openTask = (actor: Actor, opening: EarlyOpening) => hq.openTask(this, actor, opening);
  assertReassignment = (actor: Actor, change: Reassignment) => hq.assertReassignment(this, actor, change);
  reassign = (actor: Actor, change: Reassignment) => hq.reassign(this, actor, change);
  assertWithdraw = (actor: Actor, body: { reason: string }) => hq.assertWithdraw(this, actor, body);
  withdraw = (actor: Actor, body: { reason: string }) => hq.withdraw(this, actor, body);
  previousYearDecided = (carried: CarriedOver | undefined) => hq.previousYearDecided(this, carried);
  assertWithdrawalAnswer = (actor: Actor, body: WithdrawalAnswer) =>
    hq.assertWithdrawalAnswer(this, actor, body);
  answerWithdrawalQuestion = (actor: Actor, body: WithdrawalAnswer) =>
    hq.answerWithdrawalQuestion(this, actor, body);

  // ---------------------------------------------------------------------------------------------
  // Timers: the workflow sleeps until the earliest reminder or opening (cycle-timers.ts)

  nextReminder = (): DueReminder | null => earliestReminder(this.state.tasks, this.ctx, this.env.now());
  sendReminder = (due: DueReminder): ProjectionEvent => sendReminder(this, due);
  nextOpening = (): DueOpening | null => earliestOpening(this.state.tasks);
  openScheduledTask = (due: DueOpening): ProjectionEvent => openScheduledTask(this, due);
}
