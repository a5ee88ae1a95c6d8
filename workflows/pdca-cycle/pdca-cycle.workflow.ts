// Over 400 lines because every handler, loop and projection closes over the one cycle state; the sections below split it by concern.
/**
 * One reform item's PDCA cycle for one fiscal year: PLAN → DO → CHECK → ACT → budget reflection,
 * then the next fiscal year's cycle. Deterministic code only: no I/O, no Node APIs; activities are
 * imported as types. Every human step is an Update whose validator rejects bad commands before
 * anything is recorded; every accepted step becomes one projection event (read models + ledger +
 * outbox in one transaction) before the Update returns, so the API reads its own write.
 */

import type { UpdateDefinition } from '@temporalio/common';
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  Actor,
  ApprovalDecision,
  ApprovalState,
  CarriedOver,
  CycleActivities,
  CycleContext,
  CycleOutcome,
  CycleState,
  CycleWorkflowInput,
  DeadlineChange,
  EarlyOpening,
  ProjectionActor,
  ProjectionEvent,
  Reassignment,
  TaskState,
} from '../../libs/contracts/src';
import {
  AWAITING_APPROVAL_KEY,
  answerWithdrawalQuestionUpdate,
  CYCLE_ACTIVITY_OPTIONS,
  cycleStateQuery,
  decideUpdate,
  FISCAL_YEAR_KEY,
  ITEM_CODE_KEY,
  moveDeadlineUpdate,
  openTaskUpdate,
  previousYearDecidedSignal,
  reassignUpdate,
  STAGE_KEY,
  submitActionUpdate,
  submitEvaluationUpdate,
  submitExecutionReportUpdate,
  submitPlanUpdate,
  submitReviewUpdate,
  TENANT_KEY,
  withdrawUpdate,
} from '../../libs/contracts/src';
import {
  type ActionSubmission,
  achievementRate,
  budgetTargetFiscalYear,
  businessNow,
  type CheckContext,
  type CommandRejection,
  checkDeadlineChange as checkDeadlineChangeRule,
  checkDecision as checkDecisionRule,
  checkEarlyOpening as checkEarlyOpeningRule,
  checkGateSubmission as checkGateSubmissionRule,
  checkReassignment as checkReassignmentRule,
  checkReviewSubmission,
  checkWithdrawalAnswer,
  checkWithdraw as checkWithdrawRule,
  createClock,
  DEFAULT_FISCAL_CALENDAR,
  type EvaluationSubmission,
  type ExecutionReport,
  endsPlan,
  type GateKind,
  gateTaskOf,
  hqAdminRole,
  isTerminalStatus,
  type LocalizedText,
  nextReminder,
  type PlanSubmission,
  type Rating,
  type ReviewSubmission,
  type Role,
  reflectBudget,
  type Stage,
  type StageDueDates,
  SUBMISSION_KIND_LABELS,
  type SubmissionKind,
  stageDueDates,
  stageOfSubmission,
  suggestedRating,
  transitionOnApproval,
} from '../../libs/domain/src';
import { cycleOfYear, OVERLAPPING_FISCAL_YEARS_PATCH, startNextFiscalYear, tellNextCycle } from './next-year';
import { type DueReminder, ReminderClock } from './reminder-clock';

/**
 * The patch id of task opening dates (#15): tasks of newer cycles are `scheduled` until their
 * calendar opening date. Cycles started before keep every task open from its creation.
 */
export const TASK_OPENING_DATES_PATCH = 'task-opening-dates';

const { loadCycleContext, projectCycleEvent } = proxyActivities<CycleActivities>(CYCLE_ACTIVITY_OPTIONS);

export async function pdcaCycleWorkflow(input: CycleWorkflowInput): Promise<CycleOutcome> {
  const info = workflowInfo();
  // Checked once, in the first activation: cycles started before overlapping fiscal years have no
  // marker here on replay and keep starting their next year themselves.
  const overlappingYears = patched(OVERLAPPING_FISCAL_YEARS_PATCH);
  // Likewise: cycles started before opening dates have every task open from its creation.
  const openingDates = patched(TASK_OPENING_DATES_PATCH);
  const realStartMs = Date.now();
  const clock = createClock(realStartMs, input.businessStartMs ?? realStartMs, input.timeScale);
  const now = (): Date => businessNow(clock, Date.now());
  const nowIso = (): string => now().toISOString();

  // Handlers are registered before the context loads (an Update may arrive in the very first
  // activation); until then validators defer and handlers wait for `ready`, then check fully.
  let ctx!: CycleContext;
  let dueDates!: StageDueDates;
  let ready = false;
  const whenReady =
    <A extends unknown[]>(check: (...args: A) => unknown) =>
    (...args: A): void => {
      if (ready) check(...args);
    };

  const state: CycleState = {
    cycleId: input.cycleId,
    workflowId: info.workflowId,
    tenantId: input.tenantId,
    tenantCode: input.tenantCode,
    itemId: input.itemId,
    itemCode: '',
    fiscalYear: input.fiscalYear,
    stage: 'PLAN',
    status: 'awaiting_submission',
    awaitingApproval: false,
    startedAt: nowIso(),
    closedAt: null,
    closeReason: null,
    businessNow: nowIso(),
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

  const reminderClock = new ReminderClock(clock, () => isTerminalStatus(state.status));
  let seq = 0;
  let projections: Promise<unknown> = Promise.resolve();

  const view = (): CycleState => ({ ...state, businessNow: nowIso() });
  const closed = () => isTerminalStatus(state.status);

  // ---------------------------------------------------------------------------------------------
  // Projection: one event per accepted step, applied strictly in sequence.

  interface RecordOptions {
    actor: ProjectionActor;
    taskId?: string | null;
    approvalId?: string | null;
    comment?: string | null;
    payload?: Record<string, unknown>;
    tasks?: TaskState[];
    approvals?: ApprovalState[];
    budgetReflection?: ProjectionEvent['budgetReflection'];
    outbox?: ProjectionEvent['outbox'];
  }

  function record(type: string, options: RecordOptions): Promise<void> {
    seq += 1;
    const event: ProjectionEvent = {
      workflowId: info.workflowId,
      runId: info.runId,
      seq,
      type,
      occurredAt: nowIso(),
      tenantId: state.tenantId,
      itemId: state.itemId,
      cycleId: state.cycleId,
      actor: options.actor,
      taskId: options.taskId ?? null,
      approvalId: options.approvalId ?? null,
      comment: options.comment ?? null,
      payload: options.payload ?? {},
      cycle: {
        fiscalYear: state.fiscalYear,
        stage: state.stage,
        status: state.status,
        awaitingApproval: state.awaitingApproval,
        plan: state.plan,
        executionReport: state.executionReport,
        evaluation: state.evaluation,
        decision: state.action,
        hqRating: state.evaluation?.hqRating ?? null,
        carriedOver: state.carriedOver,
        startedAt: state.startedAt,
        closedAt: state.closedAt,
        closeReason: state.closeReason,
      },
      // Copies: later mutations of the state must not leak into an event waiting in the queue.
      tasks: (options.tasks ?? []).map((t) => ({ ...t, remindersSent: [...t.remindersSent] })),
      approvals: (options.approvals ?? []).map((a) => ({ ...a })),
      budgetReflection: options.budgetReflection ?? null,
      outbox: options.outbox ?? [],
    };
    const applied = projections.then(() => projectCycleEvent(event));
    projections = applied.catch(() => undefined);
    return applied.then(() => undefined);
  }

  function upsertVisibility(): void {
    upsertSearchAttributes([
      { key: STAGE_KEY, value: state.stage },
      { key: AWAITING_APPROVAL_KEY, value: state.awaitingApproval },
    ]);
  }

  const userActor = (actor: Actor, role: Role): ProjectionActor => ({
    type: 'user',
    userId: actor.userId,
    displayName: actor.displayName,
    role,
  });

  const notifierFacts = (task: TaskState) => ({
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

  // ---------------------------------------------------------------------------------------------
  // Tasks and stages.

  function newTask(
    kind: SubmissionKind,
    dueAt: Date,
    periodIndex: number | null,
    label?: LocalizedText,
    opensAt?: Date | null,
  ): TaskState {
    const kindLabel = SUBMISSION_KIND_LABELS[kind];
    const createdAt = nowIso();
    // Not open before its date; a date already past (a cycle started late) opens it at once.
    const scheduled = openingDates && !!opensAt && opensAt.getTime() > now().getTime();
    return {
      id: uuid4(),
      kind,
      periodIndex,
      title: label
        ? { ja: `${kindLabel.ja}（${label.ja}）`, en: `${kindLabel.en} (${label.en})` }
        : { ...kindLabel },
      assigneeUserId: ctx.leaderUserId,
      dueAt: dueAt.toISOString(),
      openAt: openingDates ? (scheduled ? opensAt!.toISOString() : createdAt) : null,
      status: scheduled ? 'scheduled' : 'open',
      overdue: false,
      escalatedAt: null,
      remindersSent: [],
      lastRemindedAt: null,
      submittedAt: null,
      submittedBy: null,
      createdAt,
    };
  }

  /** Enters a stage: creates its tasks. Returns the new tasks for the caller's projection event. */
  function enterStage(stage: Stage): TaskState[] {
    state.stage = stage;
    state.status = 'awaiting_submission';
    state.awaitingApproval = false;
    let created: TaskState[];
    switch (stage) {
      case 'PLAN':
        created = [newTask('plan', dueDates.plan, null)];
        break;
      case 'DO':
        created = [
          ...dueDates.reviews.map((period) =>
            newTask('review', period.dueAt, period.index, period.label, period.openAt),
          ),
          newTask(
            'execution_report',
            dueDates.executionReport,
            null,
            undefined,
            dueDates.opens.executionReport,
          ),
        ];
        break;
      case 'CHECK':
        created = [newTask('evaluation', dueDates.evaluation, null, undefined, dueDates.opens.evaluation)];
        break;
      case 'ACT':
        created = [newTask('action', dueDates.action, null)];
        break;
    }
    state.tasks.push(...created);
    reminderClock.touch();
    upsertVisibility();
    return created;
  }

  const assignedOutbox = (tasks: TaskState[]) =>
    tasks.map((task) => ({ type: 'task.assigned', payload: notifierFacts(task) }));

  const gateTask = (kind: GateKind): TaskState | undefined => gateTaskOf(state.tasks, kind);

  // ---------------------------------------------------------------------------------------------
  // Checks shared by validators and handlers (a handler re-checks: state may have moved on
  // between validation and execution when several Updates arrive together). The rules are pure
  // functions in libs/domain; here a rejection becomes a typed, non-retryable failure.

  function raise(rejection: CommandRejection | null): void {
    if (!rejection) return;
    throw ApplicationFailure.create({
      type: rejection.type,
      message: rejection.message.en,
      nonRetryable: true,
      details: [
        {
          message: rejection.message,
          problems: rejection.problems,
          ...(rejection.openAt ? { openAt: rejection.openAt } : {}),
        },
      ],
    });
  }

  const checkContext = (): CheckContext => ({
    leaderUserId: ctx.leaderUserId,
    memberUserIds: ctx.memberUserIds,
    allowMembersToSubmit: ctx.allowMembersToSubmit,
    approvalPolicy: ctx.approvalPolicy,
    indicatorIds: ctx.indicators.map((i) => i.id),
    budgetCurrentAmount: ctx.budgetCurrentAmount,
    reviewPeriodCount: dueDates.reviews.length,
    ...(ctx.gradeCodes ? { gradeCodes: ctx.gradeCodes } : {}),
  });

  function checkGateSubmission(kind: GateKind, actor: Actor, payload: unknown): TaskState {
    raise(checkGateSubmissionRule(state, checkContext(), actor, kind, payload));
    return gateTask(kind)!;
  }

  function checkReview(actor: Actor, taskId: string, payload: ReviewSubmission): TaskState {
    raise(checkReviewSubmission(state, checkContext(), actor, taskId, payload));
    return state.tasks.find((t) => t.id === taskId)!;
  }

  function checkDecision(actor: Actor, decision: ApprovalDecision): ApprovalState {
    raise(checkDecisionRule(state, checkContext(), actor, decision));
    return state.approvals.find((a) => a.id === decision.approvalId)!;
  }

  function checkDeadlineChange(actor: Actor, change: DeadlineChange): TaskState {
    raise(checkDeadlineChangeRule(state, actor, change, now()));
    return state.tasks.find((t) => t.id === change.taskId)!;
  }

  function checkEarlyOpening(actor: Actor, opening: EarlyOpening): TaskState {
    raise(checkEarlyOpeningRule(state, actor, opening));
    return state.tasks.find((t) => t.id === opening.taskId)!;
  }

  function checkReassignment(actor: Actor, change: Reassignment): Role {
    raise(checkReassignmentRule(state, actor, change));
    return hqAdminRole(actor)!;
  }

  function checkWithdraw(actor: Actor, body: { reason: string }): Role {
    raise(checkWithdrawRule(state, actor, body));
    return hqAdminRole(actor)!;
  }

  // ---------------------------------------------------------------------------------------------
  // Submissions and decisions.

  function submitGate(kind: GateKind, actor: Actor, payload: unknown): Promise<void> {
    const task = checkGateSubmission(kind, actor, payload);
    const at = nowIso();
    const round = state.approvals.filter((a) => a.submissionKind === kind && a.stepIndex === 0).length + 1;
    const submitted = { round, submittedBy: actor.userId, submittedAt: at };
    switch (kind) {
      case 'plan':
        state.plan = { ...submitted, payload: payload as PlanSubmission };
        state.planRounds.push(state.plan);
        break;
      case 'execution_report':
        state.executionReport = { ...submitted, payload: payload as ExecutionReport };
        break;
      case 'evaluation':
        state.evaluation = evaluate({ ...submitted, payload: payload as EvaluationSubmission });
        break;
      case 'action':
        state.action = { ...submitted, payload: payload as ActionSubmission };
        break;
    }
    task.status = 'submitted';
    task.submittedAt = at;
    task.submittedBy = actor.userId;
    reminderClock.touch();
    const approval = newApproval(kind, round, 0, actor.userId, at);
    state.approvals.push(approval);
    state.status = 'awaiting_approval';
    state.awaitingApproval = true;
    upsertVisibility();
    return record(`${kind}.submitted`, {
      actor: userActor(actor, 'wg_leader'),
      taskId: task.id,
      approvalId: approval.id,
      payload: { round, submission: payload as Record<string, unknown> },
      tasks: [task],
      approvals: [approval],
      outbox: [approvalRequested(approval)],
    });
  }

  function newApproval(kind: GateKind, round: number, stepIndex: number, submittedBy: string, at: string) {
    const step = ctx.approvalPolicy.steps[stepIndex];
    const approval: ApprovalState = {
      id: uuid4(),
      stage: stageOfSubmission(kind),
      submissionKind: kind,
      round,
      stepIndex,
      stepKey: step.key,
      stepLabel: { ...step.label },
      status: 'pending',
      submittedBy,
      submittedAt: at,
      decidedBy: null,
      decidedAt: null,
      comment: null,
      rating: null,
    };
    return approval;
  }

  const approvalRequested = (approval: ApprovalState) => ({
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

  function evaluate(submission: {
    round: number;
    submittedBy: string;
    submittedAt: string;
    payload: EvaluationSubmission;
  }): NonNullable<CycleState['evaluation']> {
    const planTargets = new Map((state.plan?.payload.targets ?? []).map((t) => [t.indicatorId, t.target]));
    const results = submission.payload.actuals.map((actual) => {
      const indicator = ctx.indicators.find((i) => i.id === actual.indicatorId)!;
      const target =
        planTargets.get(actual.indicatorId) ?? indicator.targets[String(state.fiscalYear)] ?? null;
      const rate =
        target === null
          ? null
          : achievementRate({
              target,
              actual: actual.actual,
              baseline: indicator.baseline,
              direction: indicator.direction,
            }).rate;
      return {
        indicatorId: indicator.id,
        name: indicator.name,
        direction: indicator.direction,
        target,
        actual: actual.actual,
        achievementRate: rate,
      };
    });
    return {
      ...submission,
      results,
      suggestedRating: suggestedRating(results.map((r) => r.achievementRate)),
      hqRating: null,
    };
  }

  function decide(actor: Actor, decision: ApprovalDecision): Promise<void> {
    const approval = checkDecision(actor, decision);
    const step = ctx.approvalPolicy.steps[approval.stepIndex];
    const at = nowIso();
    approval.status = decision.decision === 'approve' ? 'approved' : 'returned';
    approval.decidedBy = actor.userId;
    approval.decidedAt = at;
    approval.comment = decision.comment?.trim() || null;
    const kind = approval.submissionKind as GateKind;
    const task = gateTask(kind)!;
    const changedApprovals: ApprovalState[] = [approval];
    let changedTasks: TaskState[] = [];
    const outbox: ProjectionEvent['outbox'] = [];
    const payload: Record<string, unknown> = {
      decision: decision.decision,
      stage: approval.stage,
      submissionKind: kind,
      round: approval.round,
      step: approval.stepKey,
    };

    if (decision.decision === 'return') {
      // A return at any step goes back to the leader; the resubmission starts the chain again.
      task.status = 'open';
      reminderClock.touch();
      changedTasks = [task];
      state.status = 'returned';
      state.awaitingApproval = false;
      outbox.push({
        type: 'submission.returned',
        payload: { ...notifierFacts(task), comment: approval.comment },
      });
    } else {
      if (kind === 'evaluation' && decision.rating && state.evaluation) {
        approval.rating = decision.rating;
        state.evaluation.hqRating = decision.rating as Rating;
        payload.rating = decision.rating;
      }
      const nextStepIndex = approval.stepIndex + 1;
      if (nextStepIndex < ctx.approvalPolicy.steps.length) {
        const next = newApproval(kind, approval.round, nextStepIndex, approval.submittedBy, at);
        state.approvals.push(next);
        changedApprovals.push(next);
        outbox.push(approvalRequested(next));
        payload.nextStep = next.stepKey;
      } else {
        task.status = 'done';
        reminderClock.touch();
        changedTasks = [task];
        const transition = transitionOnApproval(state.stage, kind);
        if (transition?.type === 'advance') {
          const created = enterStage(transition.to);
          changedTasks.push(...created);
          outbox.push(
            {
              type: 'cycle.stage_changed',
              payload: { cycleId: state.cycleId, itemId: state.itemId, stage: state.stage },
            },
            ...assignedOutbox(created),
          );
          payload.advancedTo = transition.to;
        } else if (transition?.type === 'reflect_budget') {
          state.status = 'reflecting_budget';
          state.awaitingApproval = false;
          payload.next = 'budget_reflection';
        }
      }
    }
    if (state.status === 'awaiting_approval' && !state.approvals.some((a) => a.status === 'pending')) {
      state.awaitingApproval = false;
    }
    upsertVisibility();
    return record(`approval.${approval.status}`, {
      actor: userActor(actor, step.role),
      taskId: task.id,
      approvalId: approval.id,
      comment: approval.comment,
      payload,
      tasks: changedTasks,
      approvals: changedApprovals,
      outbox,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Update handlers. Validators run before anything is written to history.

  setHandler(cycleStateQuery, view);

  /** The four stage-gate submissions share one handler shape: check, record, answer the state. */
  function handleGateSubmission<P>(update: UpdateDefinition<CycleState, [Actor, P]>, kind: GateKind): void {
    setHandler(
      update,
      async (actor, payload) => {
        await condition(() => ready);
        await submitGate(kind, actor, payload);
        return view();
      },
      { validator: whenReady((actor: Actor, payload: P) => checkGateSubmission(kind, actor, payload)) },
    );
  }
  handleGateSubmission(submitPlanUpdate, 'plan');
  handleGateSubmission(submitExecutionReportUpdate, 'execution_report');
  handleGateSubmission(submitEvaluationUpdate, 'evaluation');
  handleGateSubmission(submitActionUpdate, 'action');

  setHandler(
    submitReviewUpdate,
    async (actor, taskId, payload) => {
      await condition(() => ready);
      const task = checkReview(actor, taskId, payload);
      const at = nowIso();
      // Periodic reviews are progress reports: recorded and acknowledged, no approval chain.
      task.status = 'done';
      task.submittedAt = at;
      task.submittedBy = actor.userId;
      reminderClock.touch();
      state.reviews.push({
        taskId,
        periodIndex: payload.periodIndex,
        round: 1,
        submittedBy: actor.userId,
        submittedAt: at,
        payload,
      });
      await record('review.submitted', {
        actor: userActor(actor, 'wg_leader'),
        taskId,
        payload: { periodIndex: payload.periodIndex, late: task.overdue, submission: { ...payload } },
        tasks: [task],
      });
      return view();
    },
    { validator: whenReady(checkReview) },
  );

  setHandler(
    decideUpdate,
    async (actor, decision) => {
      await condition(() => ready);
      await decide(actor, decision);
      return view();
    },
    { validator: whenReady(checkDecision) },
  );

  setHandler(
    moveDeadlineUpdate,
    async (actor, change) => {
      await condition(() => ready);
      const task = checkDeadlineChange(actor, change);
      const role = hqAdminRole(actor)!;
      const previous = task.dueAt;
      task.dueAt = new Date(change.dueAt).toISOString();
      // Reminders already sent stay sent (their keys are kept); only the overdue flag resets.
      task.overdue = false;
      reminderClock.touch();
      await record('task.deadline_moved', {
        actor: userActor(actor, role),
        taskId: task.id,
        comment: change.reason.trim(),
        payload: { from: previous, to: task.dueAt },
        tasks: [task],
        outbox: [
          { type: 'task.deadline_moved', payload: { ...notifierFacts(task), previousDueAt: previous } },
        ],
      });
      return view();
    },
    { validator: whenReady(checkDeadlineChange) },
  );

  setHandler(
    openTaskUpdate,
    async (actor, opening) => {
      await condition(() => ready);
      const task = checkEarlyOpening(actor, opening);
      const role = hqAdminRole(actor)!;
      const scheduledFor = task.openAt;
      task.status = 'open';
      task.openAt = nowIso();
      reminderClock.touch();
      await record('task.opened_early', {
        actor: userActor(actor, role),
        taskId: task.id,
        comment: opening.reason.trim(),
        payload: { scheduledFor, openedAt: task.openAt },
        tasks: [task],
        outbox: [
          { type: 'task.opened', payload: { ...notifierFacts(task), openAt: task.openAt, early: true } },
        ],
      });
      return view();
    },
    { validator: whenReady(checkEarlyOpening) },
  );

  setHandler(
    withdrawUpdate,
    async (actor, body) => {
      await condition(() => ready);
      const role = checkWithdraw(actor, body);
      close('withdrawn', body.reason.trim());
      await record('cycle.withdrawn', {
        actor: userActor(actor, role),
        comment: state.closeReason,
        payload: { stage: state.stage },
        tasks: state.tasks.filter((t) => t.status === 'cancelled'),
        approvals: state.approvals.filter((a) => a.status === 'cancelled'),
        outbox: [{ type: 'cycle.closed', payload: closedFacts() }],
      });
      return view();
    },
    { validator: whenReady(checkWithdraw) },
  );

  setHandler(
    reassignUpdate,
    async (actor, change) => {
      await condition(() => ready);
      const role = checkReassignment(actor, change);
      const previous = { leaderUserId: ctx.leaderUserId, memberUserIds: [...ctx.memberUserIds] };
      // Personnel change mid-year: the new leader takes over the open work of this cycle.
      ctx.leaderUserId = change.leaderUserId;
      ctx.memberUserIds = [...change.memberUserIds];
      const reassigned = state.tasks.filter(
        (t) => t.status === 'open' || t.status === 'submitted' || t.status === 'scheduled',
      );
      for (const task of reassigned) task.assigneeUserId = change.leaderUserId;
      reminderClock.touch();
      await record('cycle.reassigned', {
        actor: userActor(actor, role),
        comment: change.reason.trim(),
        payload: { from: previous, to: { leaderUserId: ctx.leaderUserId, memberUserIds: ctx.memberUserIds } },
        tasks: reassigned,
        outbox: reassigned
          .filter((t) => t.status === 'open')
          .map((task) => ({
            type: 'task.assigned',
            payload: notifierFacts(task),
          })),
      });
      return view();
    },
    { validator: whenReady(checkReassignment) },
  );

  // FY N's approved Act decision reaches this (FY N+1) cycle: shown with it, HQ is notified, and
  // an abolish / complete asks HQ whether to withdraw this cycle (never automatic).
  setHandler(previousYearDecidedSignal, async (carried) => {
    await condition(() => ready);
    if (closed() || carried?.fromFiscalYear !== state.fiscalYear - 1) return;
    if (state.carriedOver?.approvedAt !== undefined) return; // told already (a re-sent signal)
    state.carriedOver = { ...carried };
    const ends = endsPlan(carried.decision);
    if (ends) {
      state.withdrawalQuestion = {
        fromFiscalYear: carried.fromFiscalYear,
        decision: carried.decision,
        askedAt: nowIso(),
        answer: null,
        answeredBy: null,
        answeredAt: null,
        reason: null,
      };
    }
    const facts = {
      tenantId: state.tenantId,
      tenantCode: state.tenantCode,
      cycleId: state.cycleId,
      itemId: state.itemId,
      itemCode: state.itemCode,
      itemTitle: ctx.itemTitle,
      fiscalYear: state.fiscalYear,
      previousYear: { ...carried },
    };
    await record('cycle.previous_year_decided', {
      actor: { type: 'system' },
      payload: { ...carried, withdrawalQuestion: ends },
      outbox: [
        {
          type: 'cycle.previous_year_decided',
          payload: { ...facts, notifyRoles: ['hq_approver', 'hq_admin'] },
        },
        ...(ends
          ? [{ type: 'cycle.withdrawal_question', payload: { ...facts, notifyRoles: ['hq_admin'] } }]
          : []),
      ],
    });
  });

  function checkAnswer(actor: Actor, body: { withdraw: boolean; reason: string }): Role {
    raise(checkWithdrawalAnswer(state, actor, body));
    return hqAdminRole(actor)!;
  }

  setHandler(
    answerWithdrawalQuestionUpdate,
    async (actor, body) => {
      await condition(() => ready);
      const role = checkAnswer(actor, body);
      const question = state.withdrawalQuestion!;
      question.answer = body.withdraw ? 'withdraw' : 'continue';
      question.answeredBy = actor.userId;
      question.answeredAt = nowIso();
      question.reason = body.reason.trim();
      if (body.withdraw) close('withdrawn', question.reason);
      await record(body.withdraw ? 'cycle.withdrawn' : 'cycle.withdrawal_declined', {
        actor: userActor(actor, role),
        comment: question.reason,
        payload: { withdrawalQuestion: { ...question }, stage: state.stage },
        tasks: body.withdraw ? state.tasks.filter((t) => t.status === 'cancelled') : [],
        approvals: body.withdraw ? state.approvals.filter((a) => a.status === 'cancelled') : [],
        outbox: body.withdraw ? [{ type: 'cycle.closed', payload: closedFacts() }] : [],
      });
      return view();
    },
    { validator: whenReady(checkAnswer) },
  );

  function close(status: 'completed' | 'closed' | 'withdrawn', reason: string): void {
    state.status = status;
    state.awaitingApproval = false;
    state.closedAt = nowIso();
    state.closeReason = reason;
    for (const task of state.tasks)
      if (task.status === 'open' || task.status === 'submitted' || task.status === 'scheduled')
        task.status = 'cancelled';
    for (const approval of state.approvals) if (approval.status === 'pending') approval.status = 'cancelled';
    reminderClock.touch();
    upsertVisibility();
  }

  const closedFacts = () => ({
    tenantId: state.tenantId,
    cycleId: state.cycleId,
    itemId: state.itemId,
    itemCode: state.itemCode,
    fiscalYear: state.fiscalYear,
    status: state.status,
    reason: state.closeReason,
    nextCycleWorkflowId: state.nextCycleWorkflowId,
  });

  // ---------------------------------------------------------------------------------------------
  // Reminders and escalation: one loop over all open tasks, woken early whenever tasks change.

  function earliestReminder(): DueReminder | null {
    let best: DueReminder | null = null;
    const at = now();
    for (const task of state.tasks) {
      if (task.status !== 'open') continue;
      const event = nextReminder(
        ctx.reminderPolicies[task.kind],
        new Date(task.dueAt),
        new Set(task.remindersSent),
        at,
      );
      if (event && (!best || event.at.getTime() < best.event.at.getTime())) best = { task, event };
    }
    return best;
  }

  function sendReminder({ task, event }: DueReminder): Promise<void> {
    const at = nowIso();
    task.remindersSent.push(event.key);
    task.lastRemindedAt = at;
    const facts = { ...notifierFacts(task), reminderKey: event.key, scheduledFor: event.at.toISOString() };
    if (event.type === 'escalation') {
      task.overdue = true;
      task.escalatedAt = at;
      return record('task.escalated', {
        actor: { type: 'system' },
        taskId: task.id,
        payload: { reminderKey: event.key, dueAt: task.dueAt },
        tasks: [task],
        outbox: [
          { type: 'task.escalated', payload: { ...facts, escalateToRoles: ['hq_approver', 'hq_admin'] } },
        ],
      });
    }
    if (event.type === 'overdue_reminder') task.overdue = true;
    return record('task.reminder', {
      actor: { type: 'system' },
      taskId: task.id,
      payload: { reminderKey: event.key, dueAt: task.dueAt, overdue: task.overdue },
      tasks: [task],
      outbox: [
        {
          type: 'task.reminder',
          payload: { ...facts, overdue: task.overdue, recipientUserId: task.assigneeUserId },
        },
      ],
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Opening dates: a scheduled task opens at its date (a timer of the same loop); its reminders
  // then count from that moment (reminders whose time has passed are skipped, see nextReminder).

  interface DueOpening {
    task: TaskState;
    at: Date;
  }

  function earliestOpening(): DueOpening | null {
    let best: DueOpening | null = null;
    for (const task of state.tasks) {
      if (task.status !== 'scheduled' || !task.openAt) continue;
      const at = new Date(task.openAt);
      if (!best || at.getTime() < best.at.getTime()) best = { task, at };
    }
    return best;
  }

  function openScheduledTask({ task }: DueOpening): Promise<void> {
    task.status = 'open';
    reminderClock.touch();
    return record('task.opened', {
      actor: { type: 'system' },
      taskId: task.id,
      payload: { openAt: task.openAt, dueAt: task.dueAt },
      tasks: [task],
      outbox: [
        { type: 'task.opened', payload: { ...notifierFacts(task), openAt: task.openAt, early: false } },
      ],
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The cycle itself.

  ctx = await loadCycleContext(input);
  dueDates = stageDueDates(input.fiscalYear, ctx.calendar, now());
  state.itemCode = ctx.itemCode;
  ready = true;
  const firstTasks = enterStage('PLAN');
  upsertSearchAttributes([
    { key: TENANT_KEY, value: state.tenantCode },
    { key: ITEM_CODE_KEY, value: state.itemCode },
    { key: FISCAL_YEAR_KEY, value: state.fiscalYear },
  ]);
  await record('cycle.started', {
    actor: input.startedBy
      ? userActor(
          input.startedBy,
          input.startedBy.roles.includes('hq_admin') ? 'hq_admin' : input.startedBy.roles[0],
        )
      : { type: 'system' },
    payload: {
      fiscalYear: state.fiscalYear,
      carriedOver: state.carriedOver,
      dueDates: { plan: dueDates.plan },
    },
    tasks: firstTasks,
    outbox: [
      {
        type: 'cycle.started',
        payload: { cycleId: state.cycleId, itemId: state.itemId, fiscalYear: state.fiscalYear },
      },
      ...assignedOutbox(firstTasks),
    ],
  });

  const reminders = reminderClock.run(earliestReminder, sendReminder);
  const openings = openingDates
    ? reminderClock.run(earliestOpening, openScheduledTask, (due) => due.at)
    : Promise.resolve();
  await condition(() => closed() || state.status === 'reflecting_budget');

  if (state.status === 'reflecting_budget' && state.action) {
    const decision = state.action.payload.decision;
    const finalApproval = state.approvals
      .filter((a) => a.submissionKind === 'action' && a.status === 'approved')
      .at(-1)!;
    const budget = reflectBudget({
      decision,
      currentAmount: ctx.budgetCurrentAmount,
      proposedAmount: state.action.payload.budgetProposal ?? null,
    });
    const reflectedAt = now();
    // The budget under formulation when HQ approved: FY N+2 on the default calendar (older
    // recorded contexts lack the setting and get the default).
    const targetFiscalYear = budgetTargetFiscalYear(state.fiscalYear, reflectedAt, {
      ...DEFAULT_FISCAL_CALENDAR,
      ...ctx.calendar,
    });
    state.budgetReflection = {
      fiscalYear: targetFiscalYear,
      decision,
      ...budget,
      approvalId: finalApproval.id,
      reflectedAt: reflectedAt.toISOString(),
    };
    const withinPlan = ctx.planPeriodEndFy === null || state.fiscalYear + 1 <= ctx.planPeriodEndFy;
    const continues = !endsPlan(decision) && withinPlan;
    const budgetRecord = { ...state.budgetReflection, id: uuid4(), sourceFiscalYear: state.fiscalYear };
    await record('budget.reflected', {
      actor: { type: 'system' },
      approvalId: finalApproval.id,
      payload: {
        ...budget,
        decision,
        fiscalYear: targetFiscalYear,
        sourceFiscalYear: state.fiscalYear,
        // The ledger says which year's baseline the reflection set (item_budgets).
        baseline: { fiscalYear: targetFiscalYear, amount: budget.proposedAmount },
      },
      budgetReflection: budgetRecord,
      outbox: [
        {
          type: 'budget.reflected',
          payload: {
            tenantId: state.tenantId,
            tenantCode: state.tenantCode,
            itemId: state.itemId,
            itemCode: state.itemCode,
            itemTitle: ctx.itemTitle,
            cycleId: state.cycleId,
            ...budgetRecord,
          },
        },
      ],
    });

    const carried: CarriedOver = {
      fromFiscalYear: state.fiscalYear,
      decision,
      proposedAmount: budget.proposedAmount,
      rationale: state.action.payload.rationale,
      targetFiscalYear,
      approvedAt: finalApproval.decidedAt ?? reflectedAt.toISOString(),
    };
    if (overlappingYears) {
      // The scheduler opened (or will open) the next year; it only needs to hear the decision.
      // Linked only when that cycle runs and heard the decision (not opened yet: no link).
      if (withinPlan && (await tellNextCycle(state, carried))) {
        state.nextCycleWorkflowId = cycleOfYear(state, state.fiscalYear + 1);
      }
    } else if (continues) {
      state.nextCycleWorkflowId = await startNextFiscalYear(state, input.timeScale, now().getTime(), {
        fromFiscalYear: carried.fromFiscalYear,
        decision: carried.decision,
        proposedAmount: carried.proposedAmount,
        rationale: carried.rationale,
      });
    }
    if (continues) close('completed', `continues in FY${state.fiscalYear + 1}`);
    else close('closed', endsPlan(decision) ? `decision: ${decision}` : 'plan period ended');
    await record(continues ? 'cycle.completed' : 'cycle.closed', {
      actor: { type: 'system' },
      payload: { decision, nextCycleWorkflowId: state.nextCycleWorkflowId, targetFiscalYear },
      outbox: [{ type: 'cycle.closed', payload: closedFacts() }],
    });
  }

  await reminders;
  await openings;
  await projections;
  // Let in-flight Updates finish (and their projections land) before the run ends.
  await condition(allHandlersFinished);
  await projections;
  return {
    status: state.status,
    decision: state.action?.payload.decision ?? null,
    nextCycleWorkflowId: state.nextCycleWorkflowId,
  };
}
