/**
 * The PDCA cycle workflow's public contract: its input, its Updates/Query, the state they return
 * and the typed errors validators raise. Imported by the workflow, the worker and the API alike,
 * so it must stay free of Node imports.
 */

import type {
  AchievementFormula,
  ActionSubmission,
  ApprovalStatus,
  CycleStatus,
  EvaluationSubmission,
  ExecutionReport,
  LocalizedText,
  PlanSubmission,
  Rating,
  ReviewSubmission,
  Role,
  Stage,
  SubmissionKind,
  TaskStatus,
  ValidationProblem,
} from '@pdca/domain';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CycleContext } from './cycle-activities.contract';

// The state's enums are the domain's (its checks read the same state); the contract passes them on.
export { APPROVAL_STATUSES, type ApprovalStatus, TASK_STATUSES, type TaskStatus } from '@pdca/domain';

/** Who sends a command: taken by the API from the authenticated request, never from the body. */
export interface Actor {
  userId: string;
  displayName: string;
  roles: Role[];
}

export interface CarriedOver {
  fromFiscalYear: number;
  /** A decision code of the city's list in force for that year. */
  decision: string;
  /** The decision's label in the city's words (absent before #22). */
  decisionLabel?: LocalizedText;
  /** The decision ends the item (absent before #22: read from the product's six decisions). */
  endsItem?: boolean;
  /** The decision left the direction undecided (方向性未決定): this year decides it again. */
  carriesOver?: boolean;
  proposedAmount: number;
  rationale: string;
  /** The fiscal year whose budget the decision went into (absent before overlapping years). */
  targetFiscalYear?: number;
  /** When HQ approved the decision (business time; absent before overlapping years). */
  approvedAt?: string;
}

/**
 * The previous year abolished or completed the item while this cycle runs: HQ is asked whether to
 * withdraw this cycle. Never automatic; the answer is recorded.
 */
export interface WithdrawalQuestion {
  fromFiscalYear: number;
  decision: string;
  askedAt: string;
  answer: 'withdraw' | 'continue' | null;
  answeredBy: string | null;
  answeredAt: string | null;
  reason: string | null;
}

export interface CycleWorkflowInput {
  cycleId: string;
  tenantId: string;
  tenantCode: string;
  itemId: string;
  fiscalYear: number;
  /** Business-time compression (PDCA_TIME_SCALE); 1 = real time. */
  timeScale: number;
  /** Business time (epoch ms) at which this cycle starts; defaults to the workflow's start time. */
  businessStartMs?: number;
  /** The previous fiscal year's approved Act result. */
  carriedOver?: CarriedOver;
  startedBy?: Actor;
  /**
   * The item and tenant facts, read by whoever starts the cycle, so the cycle's state exists from
   * its first instant and its handlers never wait for it. Absent on cycles started before (and by
   * an old cycle starting its next year): the workflow then reads it with `loadCycleContext`.
   */
  context?: CycleContext;
}

export type TaskKind = SubmissionKind;

export interface TaskState {
  id: string;
  kind: TaskKind;
  periodIndex: number | null;
  title: LocalizedText;
  assigneeUserId: string | null;
  /** ISO instant, business time. */
  dueAt: string;
  /**
   * When the task opens (ISO instant, business time): the calendar's opening date, or when the
   * task was created if that was later, or when HQ opened it early. Null on cycles started before
   * opening dates existed (open from creation).
   */
  openAt: string | null;
  status: TaskStatus;
  overdue: boolean;
  escalatedAt: string | null;
  /** Reminder keys already sent (never sent twice, even when the deadline moves). */
  remindersSent: string[];
  lastRemindedAt: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  createdAt: string;
}

export interface ApprovalState {
  id: string;
  stage: Stage;
  submissionKind: SubmissionKind;
  round: number;
  stepIndex: number;
  stepKey: string;
  stepLabel: LocalizedText;
  status: ApprovalStatus;
  submittedBy: string;
  submittedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
  /** HQ's 二次評価 at this step: a code of the city's scale in force for the year. */
  rating: string | null;
}

export interface Submitted<T> {
  round: number;
  submittedBy: string;
  submittedAt: string;
  payload: T;
}

export interface IndicatorResult {
  indicatorId: string;
  name: string;
  direction: 'higher_is_better' | 'lower_is_better';
  target: number | null;
  actual: number;
  /** 目標達成率 in percent; null when it cannot be computed (no target, a zero target, …). */
  achievementRate: number | null;
  /** The formula the rate was computed with (absent on evaluations recorded before #22). */
  formula?: AchievementFormula | null;
}

export interface EvaluationState extends Submitted<EvaluationSubmission> {
  results: IndicatorResult[];
  /** A–D from the 目標達成率; null when the city's 一次評価 scale is not A–D. */
  suggestedRating: Rating | null;
  /** 二次評価（本部）: a code of the city's scale. */
  hqRating: string | null;
}

export interface BudgetReflectionState {
  fiscalYear: number;
  decision: string;
  /** False when the decision's rule reflects nothing (`none`); absent before #22 (true). */
  touchesBudget?: boolean;
  /** The decision ends the item; absent before #22 (read from the product's six decisions). */
  endsItem?: boolean;
  currentAmount: number;
  proposedAmount: number;
  delta: number;
  rule: string;
  ruleDescription: LocalizedText;
  approvalId: string;
  reflectedAt: string;
}

export interface CycleState {
  cycleId: string;
  workflowId: string;
  tenantId: string;
  tenantCode: string;
  itemId: string;
  itemCode: string;
  fiscalYear: number;
  stage: Stage;
  status: CycleStatus;
  awaitingApproval: boolean;
  startedAt: string;
  closedAt: string | null;
  closeReason: string | null;
  /** Business "now" when this state was produced (useful with a compressed calendar). */
  businessNow: string;
  tasks: TaskState[];
  approvals: ApprovalState[];
  plan: Submitted<PlanSubmission> | null;
  planRounds: Submitted<PlanSubmission>[];
  reviews: Array<Submitted<ReviewSubmission> & { taskId: string; periodIndex: number }>;
  executionReport: Submitted<ExecutionReport> | null;
  evaluation: EvaluationState | null;
  action: Submitted<ActionSubmission> | null;
  budgetReflection: BudgetReflectionState | null;
  carriedOver: CarriedOver | null;
  nextCycleWorkflowId: string | null;
  /** Set when the previous year's Act abolished or completed the item (see WithdrawalQuestion). */
  withdrawalQuestion: WithdrawalQuestion | null;
}

export interface ApprovalDecision {
  approvalId: string;
  decision: 'approve' | 'return';
  comment?: string;
  /** CHECK stage only: HQ may set its own rating. */
  rating?: string;
}

export interface DeadlineChange {
  taskId: string;
  /** ISO instant (business time). */
  dueAt: string;
  reason: string;
}

export const submitPlanUpdate = defineUpdate<CycleState, [Actor, PlanSubmission]>('submitPlan');
export const submitReviewUpdate = defineUpdate<CycleState, [Actor, string, ReviewSubmission]>('submitReview');
export const submitExecutionReportUpdate = defineUpdate<CycleState, [Actor, ExecutionReport]>(
  'submitExecutionReport',
);
export const submitEvaluationUpdate = defineUpdate<CycleState, [Actor, EvaluationSubmission]>(
  'submitEvaluation',
);
export const submitActionUpdate = defineUpdate<CycleState, [Actor, ActionSubmission]>('submitAction');
export const decideUpdate = defineUpdate<CycleState, [Actor, ApprovalDecision]>('decide');
export const moveDeadlineUpdate = defineUpdate<CycleState, [Actor, DeadlineChange]>('moveDeadline');
/** HQ opens a scheduled task before its date (recorded with the reason as task.opened_early). */
export interface EarlyOpening {
  taskId: string;
  reason: string;
}
export const openTaskUpdate = defineUpdate<CycleState, [Actor, EarlyOpening]>('openTask');
export const withdrawUpdate = defineUpdate<CycleState, [Actor, { reason: string }]>('withdraw');

/** A new working-group leader (and members) for a running cycle: personnel change mid-year. */
export interface Reassignment {
  leaderUserId: string | null;
  memberUserIds: string[];
  reason: string;
}
export const reassignUpdate = defineUpdate<CycleState, [Actor, Reassignment]>('reassign');
export const cycleStateQuery = defineQuery<CycleState>('state');
/**
 * Answers the state once the cycle's start is recorded (its first projection committed): sent with
 * the start (update-with-start), so starting returns with the read model written, in one round trip.
 */
export const cycleStartedUpdate = defineUpdate<CycleState, []>('started');

/** FY N's cycle tells the running FY N+1 cycle of its approved Act decision. */
export const previousYearDecidedSignal = defineSignal<[CarriedOver]>('previousYearDecided');

/** HQ's answer to a WithdrawalQuestion. */
export interface WithdrawalAnswer {
  withdraw: boolean;
  reason: string;
}
export const answerWithdrawalQuestionUpdate = defineUpdate<CycleState, [Actor, WithdrawalAnswer]>(
  'answerWithdrawalQuestion',
);

// Typed rejections raised by Update validators live with the checks in libs/domain.
export { CYCLE_COMMAND_ERROR_TYPES, type CycleCommandErrorType } from '@pdca/domain';

/** Details attached to a rejection: a bilingual message and, for INVALID_PAYLOAD, the problems. */
export interface CycleCommandErrorDetails {
  message: LocalizedText;
  problems?: ValidationProblem[];
  /** NOT_YET_OPEN: when the task opens (ISO instant). */
  openAt?: string;
  /** A finer reason than the type, answered as the error's code (外部評価: NOT_CHAIR, ALREADY_RULED, NOT_MEMBER). */
  code?: string;
}

export const CYCLE_WORKFLOW_TYPE = 'pdcaCycleWorkflow';
