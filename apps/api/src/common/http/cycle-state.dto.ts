import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type ApprovalState,
  type BudgetReflectionState,
  type CarriedOver,
  type CycleState,
  type EvaluationState,
  type IndicatorResult,
  type Submitted,
  TASK_STATUSES,
  type TaskState,
  type WithdrawalQuestion,
} from '@pdca/contracts';
import {
  type AchievementFormula,
  type ActionSubmission,
  CYCLE_STATUSES,
  type ExecutionReport,
  type PlanSubmission,
  RATINGS,
  type Rating,
  STAGES,
  SUBMISSION_KINDS,
} from '@pdca/domain';
import {
  ActionSubmissionDto,
  EvaluationSubmissionDto,
  ExecutionReportDto,
  PlanSubmissionDto,
  ReviewSubmissionDto,
} from '../../cycles/cycle-payloads.dto';
import { LocalizedTextDto } from './localized-text.dto';
import type { SameShape } from './same-shape';

// The state a cycle Update answers with (libs/contracts CycleState), documented for OpenAPI: the
// answer of every cycle command, whether sent to /cycles, /approvals or /tasks. The submissions in
// it are documented with the request bodies' DTOs (cycle-payloads.dto.ts): one schema per payload,
// sent and read back alike. STATE_DTOS_MATCH_CONTRACT below ties each DTO to its libs type.

/** How a rating code is documented: the city's scales decide which codes exist. */
const RATING_CODE =
  'A code of the city’s 二次評価（本部）scale (GET /api/v1/settings → ratings.hq; A–D by default).';

/** How a decision code is documented: the city's list decides which codes exist. */
const DECISION_CODE =
  'A decision code of the city’s list (GET /api/v1/settings → decisions; by default expand, continue, improve, reduce, abolish, complete).';

export class TaskStateDto implements TaskState {
  @ApiProperty() id: string;
  @ApiProperty({ enum: SUBMISSION_KINDS }) kind: TaskState['kind'];
  @ApiProperty({ nullable: true, type: Number }) periodIndex: number | null;
  @ApiProperty({ type: LocalizedTextDto }) title: LocalizedTextDto;
  @ApiProperty({ nullable: true, type: String }) assigneeUserId: string | null;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the task opens; null on cycles started before opening dates (open from creation).',
  })
  openAt: string | null;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskState['status'];
  @ApiProperty() overdue: boolean;
  @ApiProperty({ nullable: true, type: String }) escalatedAt: string | null;
  @ApiProperty({ type: [String] }) remindersSent: string[];
  @ApiProperty({ nullable: true, type: String }) lastRemindedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ApprovalStateDto implements ApprovalState {
  @ApiProperty() id: string;
  @ApiProperty({ enum: STAGES }) stage: ApprovalState['stage'];
  @ApiProperty({ enum: SUBMISSION_KINDS }) submissionKind: ApprovalState['submissionKind'];
  @ApiProperty() round: number;
  @ApiProperty() stepIndex: number;
  @ApiProperty() stepKey: string;
  @ApiProperty({ type: LocalizedTextDto }) stepLabel: LocalizedTextDto;
  @ApiProperty({ enum: ['pending', 'approved', 'returned', 'cancelled'] }) status: ApprovalState['status'];
  @ApiProperty() submittedBy: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ type: String, nullable: true, description: RATING_CODE }) rating: ApprovalState['rating'];
}

/** A submission as the cycle keeps it: who sent it in which round, and what was sent. */
function submittedOf<T>(payload: Type<T>, what: string) {
  class Submitted {
    @ApiProperty({ description: 'Submission round: 1, then +1 after each return.' }) round: number;
    @ApiProperty({ format: 'uuid' }) submittedBy: string;
    @ApiProperty({ format: 'date-time' }) submittedAt: string;
    @ApiProperty({ type: payload, description: `The ${what} as sent.` }) payload: T;
  }
  return Submitted;
}

export class SubmittedPlanDto extends submittedOf(PlanSubmissionDto, 'plan') {}

export class SubmittedReviewDto extends submittedOf(ReviewSubmissionDto, 'review') {
  @ApiProperty({ format: 'uuid', description: 'The review task it answered.' }) taskId: string;
  @ApiProperty({ description: '1-based review period.' }) periodIndex: number;
}

export class SubmittedExecutionReportDto extends submittedOf(ExecutionReportDto, 'execution report') {}

export class SubmittedActionDto extends submittedOf(ActionSubmissionDto, 'Act decision') {}

export class IndicatorResultDto implements IndicatorResult {
  @ApiProperty({ format: 'uuid' }) indicatorId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['higher_is_better', 'lower_is_better'] }) direction: IndicatorResult['direction'];
  @ApiProperty({ nullable: true, type: Number, description: 'The approved plan’s target.' })
  target: number | null;
  @ApiProperty() actual: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: '目標達成率 in percent; null when it cannot be computed (no target, a zero target, …).',
  })
  achievementRate: number | null;
  @ApiProperty({
    enum: ['actual_over_target', 'target_over_actual', 'progress_from_baseline'],
    nullable: true,
    required: false,
    description: 'The formula of the rate (実績÷目標, 目標÷実績 or from the baseline); absent before #22.',
  })
  formula?: AchievementFormula | null;
}

/** The CHECK evaluation: the submission with its achievement rates and ratings. */
export class EvaluationStateDto extends submittedOf(EvaluationSubmissionDto, 'evaluation') {
  @ApiProperty({ type: [IndicatorResultDto] }) results: IndicatorResultDto[];
  @ApiProperty({ enum: RATINGS, nullable: true, description: 'From the achievement rates.' })
  suggestedRating: Rating | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: `HQ’s rating when approving, if it set one. ${RATING_CODE}`,
  })
  hqRating: string | null;
}

export class BudgetReflectionStateDto implements BudgetReflectionState {
  @ApiProperty({ description: 'The fiscal year whose budget took the decision.' }) fiscalYear: number;
  @ApiProperty({ description: DECISION_CODE }) decision: string;
  @ApiProperty({ description: 'Whole yen.' }) currentAmount: number;
  @ApiProperty({ description: 'Whole yen.' }) proposedAmount: number;
  @ApiProperty({ description: 'Whole yen.' }) delta: number;
  @ApiProperty({ description: 'The budget rule applied.' }) rule: string;
  @ApiProperty({ type: LocalizedTextDto }) ruleDescription: LocalizedTextDto;
  @ApiProperty({ format: 'uuid' }) approvalId: string;
  @ApiProperty({ format: 'date-time' }) reflectedAt: string;
  @ApiPropertyOptional({ description: 'False when the decision reflects nothing (rule none).' })
  touchesBudget?: boolean;
  @ApiPropertyOptional({ description: 'The decision ends the item.' }) endsItem?: boolean;
}

/** The previous fiscal year's approved Act result, as the next year's cycle was told it. */
export class CarriedOverDto implements CarriedOver {
  @ApiProperty() fromFiscalYear: number;
  @ApiProperty({ description: DECISION_CODE }) decision: string;
  @ApiPropertyOptional({
    type: LocalizedTextDto,
    description: 'The decision in the city’s words (absent before #22).',
  })
  decisionLabel?: LocalizedTextDto;
  @ApiPropertyOptional({ description: 'The decision ended the item.' }) endsItem?: boolean;
  @ApiPropertyOptional({
    description: 'The decision left the direction undecided (方向性未決定): decided again this year.',
  })
  carriesOver?: boolean;
  @ApiProperty({ description: 'Whole yen.' }) proposedAmount: number;
  @ApiProperty() rationale: string;
  @ApiPropertyOptional({
    description: 'The fiscal year whose budget the decision went into (absent before overlapping years).',
  })
  targetFiscalYear?: number;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When HQ approved the decision (absent before overlapping years).',
  })
  approvedAt?: string;
}

/** The previous year abolished or completed the item: HQ is asked whether to withdraw this cycle. */
export class WithdrawalQuestionDto implements WithdrawalQuestion {
  @ApiProperty() fromFiscalYear: number;
  @ApiProperty({ description: DECISION_CODE }) decision: string;
  @ApiProperty({ format: 'date-time' }) askedAt: string;
  @ApiProperty({ enum: ['withdraw', 'continue'], nullable: true }) answer: WithdrawalQuestion['answer'];
  @ApiProperty({ nullable: true, type: String }) answeredBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) answeredAt: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

/** The workflow's own view of the cycle, returned by every command. */
export class CycleStateDto implements CycleState {
  @ApiProperty({ format: 'uuid' }) cycleId: string;
  @ApiProperty() workflowId: string;
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty() tenantCode: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() itemCode: string;
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ enum: STAGES }) stage: CycleState['stage'];
  @ApiProperty({ enum: CYCLE_STATUSES }) status: CycleState['status'];
  @ApiProperty() awaitingApproval: boolean;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) closeReason: string | null;
  @ApiProperty({ format: 'date-time', description: 'Business "now" (compressed calendar in demos).' })
  businessNow: string;
  @ApiProperty({ type: [TaskStateDto] }) tasks: TaskState[];
  @ApiProperty({ type: [ApprovalStateDto] }) approvals: ApprovalState[];
  @ApiProperty({ type: SubmittedPlanDto, nullable: true, description: 'The latest plan submission.' })
  plan: SubmittedPlanDto | null;
  @ApiProperty({ type: [SubmittedPlanDto], description: 'Every plan round, oldest first.' })
  planRounds: SubmittedPlanDto[];
  @ApiProperty({ type: [SubmittedReviewDto] }) reviews: SubmittedReviewDto[];
  @ApiProperty({ type: SubmittedExecutionReportDto, nullable: true })
  executionReport: SubmittedExecutionReportDto | null;
  @ApiProperty({ type: EvaluationStateDto, nullable: true }) evaluation: EvaluationStateDto | null;
  @ApiProperty({
    type: SubmittedActionDto,
    nullable: true,
    description: 'The Act decision and budget proposal.',
  })
  action: SubmittedActionDto | null;
  @ApiProperty({ type: BudgetReflectionStateDto, nullable: true })
  budgetReflection: BudgetReflectionStateDto | null;
  @ApiProperty({
    type: CarriedOverDto,
    nullable: true,
    description: 'The previous fiscal year’s approved Act result.',
  })
  carriedOver: CarriedOverDto | null;
  @ApiProperty({ nullable: true, type: String }) nextCycleWorkflowId: string | null;
  @ApiProperty({ type: WithdrawalQuestionDto, nullable: true })
  withdrawalQuestion: WithdrawalQuestionDto | null;
}

/** The API answers with libs/contracts values as these DTOs: each is exactly its contract type. */
export const STATE_DTOS_MATCH_CONTRACT: [
  SameShape<SubmittedPlanDto, Submitted<PlanSubmission>>,
  SameShape<SubmittedReviewDto, CycleState['reviews'][number]>,
  SameShape<SubmittedExecutionReportDto, Submitted<ExecutionReport>>,
  SameShape<SubmittedActionDto, Submitted<ActionSubmission>>,
  SameShape<IndicatorResultDto, IndicatorResult>,
  SameShape<EvaluationStateDto, EvaluationState>,
  SameShape<BudgetReflectionStateDto, BudgetReflectionState>,
  SameShape<CarriedOverDto, CarriedOver>,
  SameShape<WithdrawalQuestionDto, WithdrawalQuestion>,
  SameShape<TaskStateDto, TaskState>,
  SameShape<ApprovalStateDto, ApprovalState>,
  SameShape<CycleStateDto, CycleState>,
] = [true, true, true, true, true, true, true, true, true, true, true, true];
