import { ApiProperty } from '@nestjs/swagger';
import {
  type ApprovalState,
  type BudgetReflectionState,
  type CycleState,
  type EvaluationState,
  TASK_STATUSES,
  type TaskState,
} from '../../../../../libs/contracts/src';
import { CYCLE_STATUSES, RATINGS, STAGES, SUBMISSION_KINDS } from '../../../../../libs/domain/src';
import { LocalizedTextDto } from './localized-text.dto';

// The state a cycle Update answers with (libs/contracts CycleState), documented for OpenAPI: the
// answer of every cycle command, whether sent to /cycles, /approvals or /tasks.

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
  @ApiProperty({ enum: RATINGS, nullable: true }) rating: ApprovalState['rating'];
}

export class SubmittedDto {
  @ApiProperty() round: number;
  @ApiProperty() submittedBy: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The submission as sent.' })
  payload: unknown;
}

/** The workflow's own view of the cycle, returned by every command. */
export class CycleStateDto {
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
  @ApiProperty({ type: SubmittedDto, nullable: true }) plan: CycleState['plan'];
  @ApiProperty({ type: [SubmittedDto] }) planRounds: CycleState['planRounds'];
  @ApiProperty({ type: [SubmittedDto] }) reviews: CycleState['reviews'];
  @ApiProperty({ type: SubmittedDto, nullable: true }) executionReport: CycleState['executionReport'];
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  evaluation: EvaluationState | null;
  @ApiProperty({ type: SubmittedDto, nullable: true }) action: CycleState['action'];
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  budgetReflection: BudgetReflectionState | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  carriedOver: CycleState['carriedOver'];
  @ApiProperty({ nullable: true, type: String }) nextCycleWorkflowId: string | null;
}
