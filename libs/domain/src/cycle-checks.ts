// Over 400 lines because every cycle command's check sits here beside the rejection shape and state view they share.
/**
 * The checks a cycle runs on every command before anything is recorded, as pure functions
 * `(cycle, context, actor, payload) → rejection | null`. The workflow calls them from its Update
 * validators and again in the handlers (state may have moved on between validation and execution);
 * the unit tests call them without a Temporal server.
 */

import { type ApprovalPolicy, checkApprover } from './approval-policy';
import {
  DEFAULT_CITY_SETTINGS,
  type DecisionSetting,
  type RatingScales,
  ratingProblem,
} from './city-settings';
import { GLOSSARY } from './glossary';
import { jstDateString } from './japan-calendar';
import type { LocalizedText } from './localized-text';
import {
  type ApprovalStatus,
  type CycleStatus,
  isTerminalStatus,
  type Role,
  type Stage,
  SUBMISSION_KIND_LABELS,
  type SubmissionKind,
  stageOfSubmission,
  type TaskStatus,
} from './stages';
import {
  decisionCommentProblems,
  TEXT_MAX_LENGTH,
  validateActionSubmission,
  validateEvaluationSubmission,
  validateExecutionReport,
  validatePlanSubmission,
  validateReviewSubmission,
} from './validation';
import type { ValidationProblem } from './validation-problem';

/**
 * Typed rejections (raised by the workflow as ApplicationFailure types). The API maps them:
 * WRONG_STAGE / NOT_PENDING / CLOSED / NOT_YET_OPEN → 409, NOT_ALLOWED / OWN_SUBMISSION → 403,
 * INVALID_PAYLOAD → 400, NOT_FOUND → 404.
 */
export const CYCLE_COMMAND_ERROR_TYPES = [
  'WRONG_STAGE',
  'NOT_PENDING',
  'CLOSED',
  'NOT_ALLOWED',
  'OWN_SUBMISSION',
  'INVALID_PAYLOAD',
  'NOT_FOUND',
  'NOT_YET_OPEN',
] as const;
export type CycleCommandErrorType = (typeof CYCLE_COMMAND_ERROR_TYPES)[number];

export interface CommandRejection {
  readonly type: CycleCommandErrorType;
  readonly message: LocalizedText;
  readonly problems?: ValidationProblem[];
  /** NOT_YET_OPEN: when the task opens (ISO instant). */
  readonly openAt?: string;
}

export type GateKind = Exclude<SubmissionKind, 'review'>;

/** The parts of a cycle's state the checks read (the workflow's CycleState fits). */
export interface CheckedTask {
  readonly id: string;
  readonly kind: SubmissionKind;
  readonly status: TaskStatus;
  readonly periodIndex: number | null;
  /** When the task opens (ISO instant); absent on cycles started before opening dates. */
  readonly openAt?: string | null;
}

export interface CheckedApproval {
  readonly id: string;
  readonly submissionKind: SubmissionKind;
  readonly round: number;
  readonly stepIndex: number;
  readonly status: ApprovalStatus;
  readonly submittedBy: string;
  readonly decidedBy: string | null;
}

export interface CheckedCycle {
  readonly stage: Stage;
  readonly status: CycleStatus;
  readonly tasks: readonly CheckedTask[];
  readonly approvals: readonly CheckedApproval[];
}

/** What the checks need to know about the item, its people and the tenant's policies. */
export interface CheckContext {
  readonly leaderUserId: string | null;
  readonly memberUserIds: readonly string[];
  readonly allowMembersToSubmit: boolean;
  readonly approvalPolicy: ApprovalPolicy;
  readonly indicatorIds: readonly string[];
  /** The budget the Act decision is measured against. */
  readonly budgetCurrentAmount: number;
  readonly reviewPeriodCount: number;
  /** The tenant's progress grade codes; default the S/A/B/C preset. */
  readonly gradeCodes?: readonly string[];
  /** The city's decision list in force for the cycle; default the product's six. */
  readonly decisions?: readonly DecisionSetting[];
  /** The city's 一次評価（所管）and 二次評価（本部）scales in force for the cycle; default A–D. */
  readonly ratings?: RatingScales;
}

export interface CheckActor {
  readonly userId: string;
  readonly roles: readonly Role[];
}

const rejection = (
  type: CycleCommandErrorType,
  message: LocalizedText,
  problems?: ValidationProblem[],
): CommandRejection => (problems ? { type, message, problems } : { type, message });

const invalid = (problems: ValidationProblem[]): CommandRejection | null =>
  problems.length > 0
    ? rejection(
        'INVALID_PAYLOAD',
        { ja: '入力内容に誤りがあります。', en: 'The submission has invalid fields.' },
        problems,
      )
    : null;

export const CHANGE_REASON_REQUIRED: LocalizedText = {
  ja: '変更理由を入力してください。',
  en: 'Give a reason for the change.',
};

export function checkCycleOpen(cycle: CheckedCycle): CommandRejection | null {
  return isTerminalStatus(cycle.status)
    ? rejection('CLOSED', { ja: 'このサイクルは終了しています。', en: 'This cycle is closed.' })
    : null;
}

export function checkSubmitter(ctx: CheckContext, actor: CheckActor): CommandRejection | null {
  const isLeader = ctx.leaderUserId !== null && actor.userId === ctx.leaderUserId;
  const isMember = ctx.allowMembersToSubmit && ctx.memberUserIds.includes(actor.userId);
  if (actor.roles.includes('wg_leader') && (isLeader || isMember)) return null;
  return rejection('NOT_ALLOWED', {
    ja: 'この改革項目の提出権限がありません（担当ワーキンググループのリーダーのみ提出できます）。',
    en: "Only the item's working-group leader may submit for this item.",
  });
}

function checkStageAccepts(cycle: CheckedCycle, kind: SubmissionKind): CommandRejection | null {
  if (cycle.stage === stageOfSubmission(kind)) return null;
  const label = SUBMISSION_KIND_LABELS[kind];
  return rejection('WRONG_STAGE', {
    ja: `現在の段階（${cycle.stage}）では${label.ja}を提出できません。`,
    en: `The cycle is in the ${cycle.stage} stage and does not accept a ${label.en.toLowerCase()} now.`,
  });
}

/** "2027年4月1日" / "1 April 2027": the JST calendar date of an instant. */
function jstDateWords(instant: Date): LocalizedText {
  const [year, month, day] = jstDateString(instant).split('-').map(Number);
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  return { ja: `${year}年${month}月${day}日`, en: `${day} ${months[month - 1]} ${year}` };
}

/**
 * A scheduled task is refused until it opens: nothing is reported before it has happened. The
 * rejection names the opening date (JST) in both languages and carries it as `openAt`.
 */
export function checkTaskOpen(task: CheckedTask): CommandRejection | null {
  if (task.status !== 'scheduled') return null;
  const openAt = new Date(task.openAt ?? Number.NaN);
  const label = SUBMISSION_KIND_LABELS[task.kind];
  if (Number.isNaN(openAt.getTime())) {
    return rejection('NOT_YET_OPEN', {
      ja: `${label.ja}はまだ受付前です。`,
      en: `The ${label.en.toLowerCase()} is not open yet.`,
    });
  }
  const on = jstDateWords(openAt);
  return {
    ...rejection('NOT_YET_OPEN', {
      ja: `${label.ja}は${on.ja}から提出できます（予定）。`,
      en: `The ${label.en.toLowerCase()} opens on ${on.en}; it cannot be submitted before then.`,
    }),
    openAt: openAt.toISOString(),
  };
}

/** The (not cancelled) task of a stage-gate submission. */
export function gateTaskOf<T extends CheckedTask>(tasks: readonly T[], kind: GateKind): T | undefined {
  return tasks.find((t) => t.kind === kind && t.status !== 'cancelled');
}

/** A plan, execution report, evaluation or Act decision: who, when, and whether the payload is valid. */
export function checkGateSubmission(
  cycle: CheckedCycle,
  ctx: CheckContext,
  actor: CheckActor,
  kind: GateKind,
  payload: unknown,
): CommandRejection | null {
  const first = checkCycleOpen(cycle) ?? checkSubmitter(ctx, actor) ?? checkStageAccepts(cycle, kind);
  if (first) return first;
  const task = gateTaskOf(cycle.tasks, kind);
  if (!task)
    return rejection('WRONG_STAGE', {
      ja: '提出対象のタスクがありません。',
      en: 'There is no task for this submission.',
    });
  const notOpen = checkTaskOpen(task);
  if (notOpen) return notOpen;
  if (task.status !== 'open') {
    return rejection('NOT_PENDING', {
      ja: '既に提出済みで承認待ちです。',
      en: 'This has already been submitted and is awaiting a decision.',
    });
  }
  switch (kind) {
    case 'plan':
      return invalid(validatePlanSubmission(payload, { indicatorIds: [...ctx.indicatorIds] }));
    case 'execution_report': {
      const problem = invalid(validateExecutionReport(payload));
      if (problem) return problem;
      const outstanding = cycle.tasks.filter(
        (t) => t.kind === 'review' && (t.status === 'open' || t.status === 'scheduled'),
      );
      if (outstanding.length === 0) return null;
      return rejection('WRONG_STAGE', {
        ja: `未提出の進捗報告が${outstanding.length}件あります。すべて提出してから実績報告を提出してください。`,
        en: `${outstanding.length} periodic review(s) are still open; submit them before the execution report.`,
      });
    }
    case 'evaluation':
      return invalid(
        validateEvaluationSubmission(payload, {
          indicatorIds: [...ctx.indicatorIds],
          ...(ctx.gradeCodes ? { gradeCodes: ctx.gradeCodes } : {}),
          ...(ctx.ratings ? { selfRatings: ctx.ratings.self } : {}),
        }),
      );
    case 'action':
      return invalid(
        validateActionSubmission(payload, {
          currentBudget: ctx.budgetCurrentAmount,
          ...(ctx.decisions ? { decisions: ctx.decisions } : {}),
        }),
      );
  }
}

/** A periodic review for task `taskId`. */
export function checkReviewSubmission(
  cycle: CheckedCycle,
  ctx: CheckContext,
  actor: CheckActor,
  taskId: string,
  payload: unknown,
): CommandRejection | null {
  const first = checkCycleOpen(cycle) ?? checkSubmitter(ctx, actor) ?? checkStageAccepts(cycle, 'review');
  if (first) return first;
  const task = cycle.tasks.find((t) => t.id === taskId && t.kind === 'review');
  if (!task)
    return rejection('NOT_FOUND', {
      ja: '指定の進捗報告タスクがありません。',
      en: 'No such review task in this cycle.',
    });
  const notOpen = checkTaskOpen(task);
  if (notOpen) return notOpen;
  if (task.status !== 'open') {
    return rejection('NOT_PENDING', {
      ja: 'この期間の進捗報告は提出済みです。',
      en: 'This review period has already been submitted.',
    });
  }
  const problems = validateReviewSubmission(payload, {
    indicatorIds: [...ctx.indicatorIds],
    periodCount: ctx.reviewPeriodCount,
    ...(ctx.gradeCodes ? { gradeCodes: ctx.gradeCodes } : {}),
  });
  const periodIndex = (payload as { periodIndex?: unknown } | null)?.periodIndex;
  if (problems.length === 0 && periodIndex !== task.periodIndex) {
    problems.push({
      field: 'periodIndex',
      rule: 'matches_task',
      message: {
        ja: `このタスクの報告期間は${task.periodIndex}です。`,
        en: `This task is for review period ${task.periodIndex}.`,
      },
    });
  }
  return invalid(problems);
}

export interface DecisionInput {
  readonly approvalId: string;
  readonly decision: string;
  readonly comment?: string | null;
  readonly rating?: string | null;
}

/** An approver's approve/return on approval `decision.approvalId`. */
export function checkDecision(
  cycle: CheckedCycle,
  ctx: CheckContext,
  actor: CheckActor,
  decision: DecisionInput,
): CommandRejection | null {
  const closed = checkCycleOpen(cycle);
  if (closed) return closed;
  const approval = cycle.approvals.find((a) => a.id === decision?.approvalId);
  if (!approval)
    return rejection('NOT_FOUND', {
      ja: '指定の承認依頼がありません。',
      en: 'No such approval in this cycle.',
    });
  if (approval.status !== 'pending') {
    return rejection('NOT_PENDING', {
      ja: 'この承認依頼は既に決裁済みです。',
      en: 'This approval has already been decided.',
    });
  }
  const step = ctx.approvalPolicy.steps[approval.stepIndex];
  const previousDeciders = cycle.approvals
    .filter(
      (a) =>
        a.submissionKind === approval.submissionKind &&
        a.round === approval.round &&
        a.status === 'approved' &&
        a.decidedBy !== null,
    )
    .map((a) => a.decidedBy!);
  const allowed = checkApprover({
    actor: { userId: actor.userId, roles: [...actor.roles] },
    submittedBy: approval.submittedBy,
    policy: ctx.approvalPolicy,
    step,
    previousDeciders,
  });
  if (!allowed.ok) {
    return rejection(allowed.error === 'OWN_SUBMISSION' ? 'OWN_SUBMISSION' : 'NOT_ALLOWED', allowed.message);
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
  problems.push(...decisionCommentProblems(decision));
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
    } else {
      const scale = ctx.ratings?.hq ?? DEFAULT_CITY_SETTINGS.ratings.hq;
      const refused = ratingProblem('rating', decision.rating, scale, GLOSSARY.secondEvaluation);
      if (refused) problems.push(refused);
    }
  }
  return invalid(problems);
}

/** The HQ role an administrative command is recorded under, or null when the actor has none. */
export function hqAdminRole(actor: CheckActor): Role | null {
  if (actor.roles.includes('hq_admin')) return 'hq_admin';
  if (actor.roles.includes('admin')) return 'admin';
  return null;
}

export function checkHqAdmin(actor: CheckActor): CommandRejection | null {
  return hqAdminRole(actor)
    ? null
    : rejection('NOT_ALLOWED', {
        ja: '本部管理者のみ実行できます。',
        en: 'Only HQ administrators may do this.',
      });
}

/** Moved deadlines, reassignments and withdrawals need a reason: required, bounded free text. */
export function reasonProblems(reason: unknown, message: LocalizedText): ValidationProblem[] {
  const given = typeof reason === 'string' && reason.trim() !== '' && reason.length <= TEXT_MAX_LENGTH;
  return given ? [] : [{ field: 'reason', rule: 'required', message }];
}

export interface DeadlineChangeInput {
  readonly taskId: string;
  readonly dueAt: string;
  readonly reason: string;
}

/** HQ moves an open or scheduled task's deadline (never to or before its opening date); `now` is business time. */
export function checkDeadlineChange(
  cycle: CheckedCycle,
  actor: CheckActor,
  change: DeadlineChangeInput,
  now: Date,
): CommandRejection | null {
  const first = checkCycleOpen(cycle) ?? checkHqAdmin(actor);
  if (first) return first;
  const task = cycle.tasks.find((t) => t.id === change?.taskId);
  if (!task)
    return rejection('NOT_FOUND', { ja: '指定のタスクがありません。', en: 'No such task in this cycle.' });
  if (task.status !== 'open' && task.status !== 'scheduled') {
    return rejection('NOT_PENDING', {
      ja: '提出済みのタスクの期限は変更できません。',
      en: 'The task has been submitted; its deadline is final.',
    });
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
  } else if (due.getTime() <= now.getTime()) {
    problems.push({
      field: 'dueAt',
      rule: 'future',
      message: {
        ja: '新しい期限は現在より後にしてください。',
        en: 'The new deadline must be in the future.',
      },
    });
  } else if (task.status === 'scheduled' && task.openAt && due.getTime() <= new Date(task.openAt).getTime()) {
    // A deadline on or before the opening date would make the task overdue the moment it opens.
    const on = jstDateWords(new Date(task.openAt));
    problems.push({
      field: 'dueAt',
      rule: 'after_opening',
      message: {
        ja: `新しい期限は受付開始日（${on.ja}）より後にしてください。`,
        en: `The new deadline must be after the task opens (${on.en}).`,
      },
    });
  }
  problems.push(...reasonProblems(change.reason, CHANGE_REASON_REQUIRED));
  return invalid(problems);
}

export interface EarlyOpeningInput {
  readonly taskId: string;
  readonly reason: string;
}

/** HQ opens a scheduled task before its date, for the rare case a city needs it; a reason is required. */
export function checkEarlyOpening(
  cycle: CheckedCycle,
  actor: CheckActor,
  opening: EarlyOpeningInput,
): CommandRejection | null {
  const first = checkCycleOpen(cycle) ?? checkHqAdmin(actor);
  if (first) return first;
  const task = cycle.tasks.find((t) => t.id === opening?.taskId);
  if (!task)
    return rejection('NOT_FOUND', { ja: '指定のタスクがありません。', en: 'No such task in this cycle.' });
  if (task.status !== 'scheduled') {
    return rejection('NOT_PENDING', {
      ja: 'このタスクは既に受付中か提出済みです（予定のタスクのみ前倒しで開始できます）。',
      en: 'The task is not scheduled: it is open or submitted already (only a scheduled task can be opened early).',
    });
  }
  return invalid(
    reasonProblems(opening.reason, {
      ja: '前倒しで開始する理由を入力してください。',
      en: 'Give a reason for opening the task early.',
    }),
  );
}

export interface ReassignmentInput {
  readonly leaderUserId: string | null;
  readonly memberUserIds: readonly string[];
  readonly reason: string;
}

/** HQ hands a running cycle to a new leader (and members). */
export function checkReassignment(
  cycle: CheckedCycle,
  actor: CheckActor,
  change: ReassignmentInput,
): CommandRejection | null {
  const first = checkCycleOpen(cycle) ?? checkHqAdmin(actor);
  if (first) return first;
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
  return invalid(problems);
}

/** HQ withdraws a running cycle. */
export function checkWithdraw(
  cycle: CheckedCycle,
  actor: CheckActor,
  body: { readonly reason: string },
): CommandRejection | null {
  const first = checkCycleOpen(cycle) ?? checkHqAdmin(actor);
  if (first) return first;
  const problems = reasonProblems(body?.reason, {
    ja: '中止の理由を入力してください。',
    en: 'Give a reason.',
  });
  return problems.length > 0
    ? rejection(
        'INVALID_PAYLOAD',
        { ja: '中止の理由を入力してください。', en: 'Give a reason for discontinuing it.' },
        problems,
      )
    : null;
}

/** HQ answers whether to withdraw a cycle whose item the previous year abolished or completed. */
export function checkWithdrawalAnswer(
  cycle: CheckedCycle & { readonly withdrawalQuestion: { readonly answer: string | null } | null },
  actor: CheckActor,
  body: { readonly withdraw: unknown; readonly reason: unknown },
): CommandRejection | null {
  const first = checkCycleOpen(cycle) ?? checkHqAdmin(actor);
  if (first) return first;
  if (!cycle.withdrawalQuestion) {
    return rejection('NOT_FOUND', {
      ja: 'このサイクルに中止の確認はありません。',
      en: 'This cycle has no withdrawal question.',
    });
  }
  if (cycle.withdrawalQuestion.answer !== null) {
    return rejection('NOT_PENDING', {
      ja: '中止の確認には回答済みです。',
      en: 'The withdrawal question has been answered.',
    });
  }
  const problems: ValidationProblem[] = [];
  if (typeof body?.withdraw !== 'boolean') {
    problems.push({
      field: 'withdraw',
      rule: 'boolean',
      message: {
        ja: '中止するか（true）継続するか（false）を指定してください。',
        en: 'withdraw must be true or false.',
      },
    });
  }
  problems.push(...reasonProblems(body?.reason, { ja: '理由を入力してください。', en: 'Give a reason.' }));
  return invalid(problems);
}
