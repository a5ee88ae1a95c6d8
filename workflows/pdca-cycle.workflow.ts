/**
 * One reform item's PDCA cycle for one fiscal year: PLAN → DO → CHECK → ACT → budget reflection,
 * then the next fiscal year's cycle. Deterministic code only: no I/O, no Node APIs; activities are
 * imported as types. Every human step is an Update whose validator rejects bad commands before
 * anything is recorded; every accepted step becomes one projection event (read models + ledger +
 * outbox in one transaction) before the Update returns, so the API reads its own write.
 */

import { type UpdateDefinition, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  log,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  uuid4,
  WorkflowIdReusePolicy,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  Actor,
  ApprovalDecision,
  ApprovalState,
  CycleActivities,
  CycleCommandErrorType,
  CycleContext,
  CycleOutcome,
  CycleState,
  CycleWorkflowInput,
  DeadlineChange,
  ProjectionActor,
  ProjectionEvent,
  Reassignment,
  TaskState,
} from '../libs/contracts/src';
import {
  AWAITING_APPROVAL_KEY,
  CYCLE_ACTIVITY_OPTIONS,
  cycleIdFor,
  cycleStateQuery,
  cycleWorkflowId,
  decideUpdate,
  FISCAL_YEAR_KEY,
  ITEM_CODE_KEY,
  moveDeadlineUpdate,
  reassignUpdate,
  STAGE_KEY,
  submitActionUpdate,
  submitEvaluationUpdate,
  submitExecutionReportUpdate,
  submitPlanUpdate,
  submitReviewUpdate,
  TENANT_KEY,
  withdrawUpdate,
} from '../libs/contracts/src';
import {
  type ActionSubmission,
  achievementRate,
  businessNow,
  checkApprover,
  createClock,
  type EvaluationSubmission,
  type ExecutionReport,
  endsPlan,
  isTerminalStatus,
  type LocalizedText,
  nextReminder,
  type PlanSubmission,
  RATINGS,
  type Rating,
  type ReminderEvent,
  type ReviewSubmission,
  type Role,
  realDelayMsUntil,
  reflectBudget,
  type Stage,
  type StageDueDates,
  SUBMISSION_KIND_LABELS,
  type SubmissionKind,
  stageDueDates,
  stageOfSubmission,
  suggestedRating,
  TEXT_MAX_LENGTH,
  transitionOnApproval,
  type ValidationProblem,
  validateActionSubmission,
  validateEvaluationSubmission,
  validateExecutionReport,
  validatePlanSubmission,
  validateReviewSubmission,
} from '../libs/domain/src';

const { loadCycleContext, projectCycleEvent } = proxyActivities<CycleActivities>(CYCLE_ACTIVITY_OPTIONS);

type GateKind = Exclude<SubmissionKind, 'review'>;

const CHANGE_REASON_REQUIRED: LocalizedText = {
  ja: '変更理由を入力してください。',
  en: 'Give a reason for the change.',
};

export async function pdcaCycleWorkflow(input: CycleWorkflowInput): Promise<CycleOutcome> {
  const info = workflowInfo();
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
  };

  /** Bumped whenever tasks change, so the reminder loop recomputes its next wake-up. */
  let tasksVersion = 0;
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
    assigneeUserId: task.assigneeUserId,
  });

  // ---------------------------------------------------------------------------------------------
  // Tasks and stages.

  function newTask(
    kind: SubmissionKind,
    dueAt: Date,
    periodIndex: number | null,
    label?: LocalizedText,
  ): TaskState {
    const kindLabel = SUBMISSION_KIND_LABELS[kind];
    return {
      id: uuid4(),
      kind,
      periodIndex,
      title: label
        ? { ja: `${kindLabel.ja}（${label.ja}）`, en: `${kindLabel.en} (${label.en})` }
        : { ...kindLabel },
      assigneeUserId: ctx.leaderUserId,
      dueAt: dueAt.toISOString(),
      status: 'open',
      overdue: false,
      escalatedAt: null,
      remindersSent: [],
      lastRemindedAt: null,
      submittedAt: null,
      submittedBy: null,
      createdAt: nowIso(),
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
          ...dueDates.reviews.map((period) => newTask('review', period.dueAt, period.index, period.label)),
          newTask('execution_report', dueDates.executionReport, null),
        ];
        break;
      case 'CHECK':
        created = [newTask('evaluation', dueDates.evaluation, null)];
        break;
      case 'ACT':
        created = [newTask('action', dueDates.action, null)];
        break;
    }
    state.tasks.push(...created);
    tasksVersion++;
    upsertVisibility();
    return created;
  }

  const assignedOutbox = (tasks: TaskState[]) =>
    tasks.map((task) => ({ type: 'task.assigned', payload: notifierFacts(task) }));

  const gateTask = (kind: GateKind): TaskState | undefined =>
    state.tasks.find((t) => t.kind === kind && t.status !== 'cancelled');

  // ---------------------------------------------------------------------------------------------
  // Validation shared by validators and handlers (a handler re-checks: state may have moved on
  // between validation and execution when several Updates arrive together).

  function reject(
    type: CycleCommandErrorType,
    ja: string,
    en: string,
    problems?: ValidationProblem[],
  ): never {
    throw ApplicationFailure.create({
      type,
      message: en,
      nonRetryable: true,
      details: [{ message: { ja, en }, problems }],
    });
  }

  function assertOpen(): void {
    if (closed()) reject('CLOSED', 'このサイクルは終了しています。', 'This cycle is closed.');
  }

  function assertSubmitter(actor: Actor): void {
    const isLeader = ctx.leaderUserId !== null && actor.userId === ctx.leaderUserId;
    const isMember = ctx.allowMembersToSubmit && ctx.memberUserIds.includes(actor.userId);
    if (!actor.roles.includes('wg_leader') || !(isLeader || isMember)) {
      reject(
        'NOT_ALLOWED',
        'この改革項目の提出権限がありません（担当ワーキンググループのリーダーのみ提出できます）。',
        "Only the item's working-group leader may submit for this item.",
      );
    }
  }

  function assertStageAccepts(kind: SubmissionKind): void {
    if (state.stage !== stageOfSubmission(kind)) {
      const label = SUBMISSION_KIND_LABELS[kind];
      reject(
        'WRONG_STAGE',
        `現在の段階（${state.stage}）では${label.ja}を提出できません。`,
        `The cycle is in the ${state.stage} stage and does not accept a ${label.en.toLowerCase()} now.`,
      );
    }
  }

  function assertPayload(problems: ValidationProblem[]): void {
    if (problems.length > 0) {
      reject('INVALID_PAYLOAD', '入力内容に誤りがあります。', 'The submission has invalid fields.', problems);
    }
  }

  function assertGateOpen(kind: GateKind): TaskState {
    const task = gateTask(kind);
    if (!task)
      reject('WRONG_STAGE', '提出対象のタスクがありません。', 'There is no task for this submission.');
    if (task.status !== 'open') {
      reject(
        'NOT_PENDING',
        '既に提出済みで承認待ちです。',
        'This has already been submitted and is awaiting a decision.',
      );
    }
    return task;
  }

  const indicatorIds = () => ctx.indicators.map((i) => i.id);

  function checkGateSubmission(kind: GateKind, actor: Actor, payload: unknown): TaskState {
    assertOpen();
    assertSubmitter(actor);
    assertStageAccepts(kind);
    const task = assertGateOpen(kind);
    switch (kind) {
      case 'plan':
        assertPayload(validatePlanSubmission(payload, { indicatorIds: indicatorIds() }));
        break;
      case 'execution_report': {
        assertPayload(validateExecutionReport(payload));
        const outstanding = state.tasks.filter((t) => t.kind === 'review' && t.status === 'open');
        if (outstanding.length > 0) {
          reject(
            'WRONG_STAGE',
            `未提出の進捗報告が${outstanding.length}件あります。すべて提出してから実績報告を提出してください。`,
            `${outstanding.length} periodic review(s) are still open; submit them before the execution report.`,
          );
        }
        break;
      }
      case 'evaluation':
        assertPayload(validateEvaluationSubmission(payload, { indicatorIds: indicatorIds() }));
        break;
      case 'action':
        assertPayload(validateActionSubmission(payload, { currentBudget: ctx.budgetCurrentAmount }));
        break;
    }
    return task;
  }

  function checkReview(actor: Actor, taskId: string, payload: ReviewSubmission): TaskState {
    assertOpen();
    assertSubmitter(actor);
    assertStageAccepts('review');
    const task = state.tasks.find((t) => t.id === taskId && t.kind === 'review');
    if (!task)
      reject('NOT_FOUND', '指定の進捗報告タスクがありません。', 'No such review task in this cycle.');
    if (task.status !== 'open') {
      reject(
        'NOT_PENDING',
        'この期間の進捗報告は提出済みです。',
        'This review period has already been submitted.',
      );
    }
    const problems = validateReviewSubmission(payload, {
      indicatorIds: indicatorIds(),
      periodCount: dueDates.reviews.length,
    });
    if (problems.length === 0 && payload.periodIndex !== task.periodIndex) {
      problems.push({
        field: 'periodIndex',
        rule: 'matches_task',
        message: {
          ja: `このタスクの報告期間は${task.periodIndex}です。`,
          en: `This task is for review period ${task.periodIndex}.`,
        },
      });
    }
    assertPayload(problems);
    return task;
  }

  function checkDecision(actor: Actor, decision: ApprovalDecision): ApprovalState {
    assertOpen();
    const approval = state.approvals.find((a) => a.id === decision?.approvalId);
    if (!approval) reject('NOT_FOUND', '指定の承認依頼がありません。', 'No such approval in this cycle.');
    if (approval.status !== 'pending') {
      reject('NOT_PENDING', 'この承認依頼は既に決裁済みです。', 'This approval has already been decided.');
    }
    const step = ctx.approvalPolicy.steps[approval.stepIndex];
    const previousDeciders = state.approvals
      .filter(
        (a) =>
          a.submissionKind === approval.submissionKind &&
          a.round === approval.round &&
          a.status === 'approved' &&
          a.decidedBy !== null,
      )
      .map((a) => a.decidedBy!);
    const allowed = checkApprover({
      actor,
      submittedBy: approval.submittedBy,
      policy: ctx.approvalPolicy,
      step,
      previousDeciders,
    });
    if (!allowed.ok) {
      reject(
        allowed.error === 'OWN_SUBMISSION' ? 'OWN_SUBMISSION' : 'NOT_ALLOWED',
        allowed.message.ja,
        allowed.message.en,
      );
    }
    const problems: ValidationProblem[] = [];
    if (decision.decision !== 'approve' && decision.decision !== 'return') {
      problems.push({
        field: 'decision',
        rule: 'enum',
        message: {
          ja: '承認（approve）か差戻し（return）を指定してください。',
          en: 'Choose approve or return.',
        },
      });
    }
    const comment = decision.comment ?? '';
    if (typeof comment !== 'string' || comment.length > TEXT_MAX_LENGTH) {
      problems.push({
        field: 'comment',
        rule: 'max_length',
        message: {
          ja: `コメントは${TEXT_MAX_LENGTH}文字以内です。`,
          en: `The comment is at most ${TEXT_MAX_LENGTH} characters.`,
        },
      });
    } else if (decision.decision === 'return' && comment.trim() === '') {
      problems.push({
        field: 'comment',
        rule: 'required',
        message: { ja: '差戻しの理由をコメントに記入してください。', en: 'Say why you return it (comment).' },
      });
    }
    if (decision.rating !== undefined && decision.rating !== null) {
      if (approval.submissionKind !== 'evaluation') {
        problems.push({
          field: 'rating',
          rule: 'evaluation_only',
          message: {
            ja: '評価は評価段階でのみ設定できます。',
            en: 'A rating can only be set on an evaluation.',
          },
        });
      } else if (!RATINGS.includes(decision.rating)) {
        problems.push({
          field: 'rating',
          rule: 'enum',
          message: { ja: '評価はA〜Dから選択してください。', en: 'Choose a rating from A to D.' },
        });
      }
    }
    assertPayload(problems);
    return approval;
  }

  function assertHqAdmin(actor: Actor): Role {
    const role = actor.roles.includes('hq_admin')
      ? 'hq_admin'
      : actor.roles.includes('admin')
        ? 'admin'
        : null;
    if (!role) reject('NOT_ALLOWED', '本部管理者のみ実行できます。', 'Only HQ administrators may do this.');
    return role;
  }

  function checkDeadlineChange(actor: Actor, change: DeadlineChange): TaskState {
    assertOpen();
    assertHqAdmin(actor);
    const task = state.tasks.find((t) => t.id === change?.taskId);
    if (!task) reject('NOT_FOUND', '指定のタスクがありません。', 'No such task in this cycle.');
    if (task.status !== 'open') {
      reject(
        'NOT_PENDING',
        '提出済みのタスクの期限は変更できません。',
        'The task has been submitted; its deadline is final.',
      );
    }
    const problems: ValidationProblem[] = [];
    const due = new Date(change.dueAt);
    if (typeof change.dueAt !== 'string' || Number.isNaN(due.getTime())) {
      problems.push({
        field: 'dueAt',
        rule: 'iso_datetime',
        message: {
          ja: '期限は日時（ISO 8601）で指定してください。',
          en: 'dueAt must be an ISO 8601 date-time.',
        },
      });
    } else if (due.getTime() <= now().getTime()) {
      problems.push({
        field: 'dueAt',
        rule: 'future',
        message: {
          ja: '新しい期限は現在より後にしてください。',
          en: 'The new deadline must be in the future.',
        },
      });
    }
    problems.push(...reasonProblems(change.reason, CHANGE_REASON_REQUIRED));
    assertPayload(problems);
    return task;
  }

  /** Moved deadlines, reassignments and withdrawals need a reason: required, bounded free text. */
  function reasonProblems(reason: unknown, message: LocalizedText): ValidationProblem[] {
    const given = typeof reason === 'string' && reason.trim() !== '' && reason.length <= TEXT_MAX_LENGTH;
    return given ? [] : [{ field: 'reason', rule: 'required', message }];
  }

  function checkReassignment(actor: Actor, change: Reassignment): Role {
    assertOpen();
    const role = assertHqAdmin(actor);
    const problems: ValidationProblem[] = [];
    const isId = (value: unknown) => typeof value === 'string' && value.trim() !== '' && value.length <= 100;
    if (change?.leaderUserId !== null && !isId(change?.leaderUserId)) {
      problems.push({
        field: 'leaderUserId',
        rule: 'user_id',
        message: {
          ja: 'リーダーの利用者IDを指定してください。',
          en: 'leaderUserId must be a user id or null.',
        },
      });
    }
    if (!Array.isArray(change?.memberUserIds) || !change.memberUserIds.every(isId)) {
      problems.push({
        field: 'memberUserIds',
        rule: 'user_ids',
        message: {
          ja: 'メンバーの利用者IDを配列で指定してください。',
          en: 'memberUserIds must be a list of user ids.',
        },
      });
    }
    problems.push(...reasonProblems(change?.reason, CHANGE_REASON_REQUIRED));
    assertPayload(problems);
    return role;
  }

  function checkWithdraw(actor: Actor, body: { reason: string }): Role {
    assertOpen();
    const role = assertHqAdmin(actor);
    const problems = reasonProblems(body?.reason, {
      ja: '取下げ理由を入力してください。',
      en: 'Give a reason.',
    });
    if (problems.length > 0) {
      reject(
        'INVALID_PAYLOAD',
        '取下げ理由を入力してください。',
        'Give a reason for the withdrawal.',
        problems,
      );
    }
    return role;
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
    tasksVersion++;
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
      tasksVersion++;
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
        tasksVersion++;
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
      tasksVersion++;
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
      const role = assertHqAdmin(actor);
      const previous = task.dueAt;
      task.dueAt = new Date(change.dueAt).toISOString();
      // Reminders already sent stay sent (their keys are kept); only the overdue flag resets.
      task.overdue = false;
      tasksVersion++;
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
      const reassigned = state.tasks.filter((t) => t.status === 'open' || t.status === 'submitted');
      for (const task of reassigned) task.assigneeUserId = change.leaderUserId;
      tasksVersion++;
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

  function close(status: 'completed' | 'closed' | 'withdrawn', reason: string): void {
    state.status = status;
    state.awaitingApproval = false;
    state.closedAt = nowIso();
    state.closeReason = reason;
    for (const task of state.tasks)
      if (task.status === 'open' || task.status === 'submitted') task.status = 'cancelled';
    for (const approval of state.approvals) if (approval.status === 'pending') approval.status = 'cancelled';
    tasksVersion++;
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

  async function runReminders(): Promise<void> {
    while (!closed()) {
      const version = tasksVersion;
      const next = earliestReminder();
      if (!next) {
        await condition(() => closed() || tasksVersion !== version);
        continue;
      }
      const delay = realDelayMsUntil(clock, next.event.at, Date.now());
      if (delay > 0) {
        const changed = await condition(() => closed() || tasksVersion !== version, delay);
        if (changed) continue;
      }
      await sendReminder(next.task, next.event);
    }
  }

  function earliestReminder(): { task: TaskState; event: ReminderEvent } | null {
    let best: { task: TaskState; event: ReminderEvent } | null = null;
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

  function sendReminder(task: TaskState, event: ReminderEvent): Promise<void> {
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

  const reminders = runReminders();
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
    state.budgetReflection = {
      fiscalYear: state.fiscalYear + 1,
      decision,
      ...budget,
      approvalId: finalApproval.id,
      reflectedAt: nowIso(),
    };
    const continues =
      !endsPlan(decision) && (ctx.planPeriodEndFy === null || state.fiscalYear + 1 <= ctx.planPeriodEndFy);
    const budgetRecord = { ...state.budgetReflection, id: uuid4(), sourceFiscalYear: state.fiscalYear };
    await record('budget.reflected', {
      actor: { type: 'system' },
      approvalId: finalApproval.id,
      payload: { ...budget, decision, fiscalYear: state.fiscalYear + 1 },
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

    if (continues) {
      state.nextCycleWorkflowId = await startNextFiscalYear(decision);
      close('completed', `next fiscal year: ${state.nextCycleWorkflowId}`);
    } else {
      close('closed', endsPlan(decision) ? `decision: ${decision}` : 'plan period ended');
    }
    await record(continues ? 'cycle.completed' : 'cycle.closed', {
      actor: { type: 'system' },
      payload: { decision, nextCycleWorkflowId: state.nextCycleWorkflowId },
      outbox: [{ type: 'cycle.closed', payload: closedFacts() }],
    });
  }

  await reminders;
  await projections;
  // Let in-flight Updates finish (and their projections land) before the run ends.
  await condition(allHandlersFinished);
  await projections;
  return {
    status: state.status,
    decision: state.action?.payload.decision ?? null,
    nextCycleWorkflowId: state.nextCycleWorkflowId,
  };

  async function startNextFiscalYear(decision: ActionSubmission['decision']): Promise<string> {
    const nextFy = state.fiscalYear + 1;
    const workflowId = cycleWorkflowId(state.tenantCode, state.itemId, nextFy);
    const nextInput: CycleWorkflowInput = {
      cycleId: cycleIdFor(workflowId),
      tenantId: state.tenantId,
      tenantCode: state.tenantCode,
      itemId: state.itemId,
      fiscalYear: nextFy,
      timeScale: input.timeScale,
      businessStartMs: now().getTime(),
      carriedOver: {
        fromFiscalYear: state.fiscalYear,
        decision,
        proposedAmount: state.budgetReflection!.proposedAmount,
        rationale: state.action!.payload.rationale,
      },
    };
    try {
      // A new workflow per fiscal year (its own id), abandoned by this one so it outlives it.
      await startChild(pdcaCycleWorkflow, {
        workflowId,
        args: [nextInput],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: TENANT_KEY, value: state.tenantCode },
          { key: ITEM_CODE_KEY, value: state.itemCode },
          { key: FISCAL_YEAR_KEY, value: nextFy },
          { key: STAGE_KEY, value: 'PLAN' },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      log.info('next fiscal year cycle already exists', { workflowId });
    }
    return workflowId;
  }
}
