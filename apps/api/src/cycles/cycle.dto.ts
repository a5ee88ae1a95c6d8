import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type ApprovalState,
  type BudgetReflectionState,
  type CycleState,
  type EvaluationState,
  TASK_STATUSES,
  type TaskState,
} from '../../../../libs/contracts/src';
import { CYCLE_STATUSES, RATINGS, STAGES, SUBMISSION_KINDS } from '../../../../libs/domain/src';
import type {
  ApprovalEntity,
  BudgetReflectionEntity,
  CycleEntity,
  TaskEntity,
} from '../../../../libs/persistence/src';
import type {
  CycleWithItem,
  DeadlineChangeRecord,
  SubmissionRecord,
} from '../../../../libs/persistence/src/repositories';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export class LocalizedTextDto {
  @ApiProperty({ example: '計画書の提出' })
  ja: string;
  @ApiProperty({ example: 'Submit the plan' })
  en: string;
}

export class TaskDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  cycleId: string;
  @ApiProperty({ enum: SUBMISSION_KINDS })
  kind: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Review period (reviews only).' })
  periodIndex: number | null;
  @ApiProperty({ type: LocalizedTextDto })
  title: LocalizedTextDto;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  assigneeUserId: string | null;
  @ApiProperty({ format: 'date-time' })
  dueAt: string;
  @ApiProperty({
    format: 'date-time',
    description:
      'When the task opens for submission. Before then its status is scheduled (予定) and a submission is refused with 409 NOT_YET_OPEN.',
  })
  openAt: string;
  @ApiProperty({ enum: TASK_STATUSES })
  status: string;
  @ApiProperty()
  overdue: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  escalatedAt: string | null;
  @ApiProperty()
  remindersSent: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  submittedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  submittedBy: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class ApprovalDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  cycleId: string;
  @ApiProperty({ enum: STAGES })
  stage: string;
  @ApiProperty({ enum: SUBMISSION_KINDS })
  submissionKind: string;
  @ApiProperty({ description: 'Submission round (1, then +1 after each return).' })
  round: number;
  @ApiProperty()
  stepIndex: number;
  @ApiProperty({ example: 'hq' })
  stepKey: string;
  @ApiProperty({ type: LocalizedTextDto })
  stepLabel: LocalizedTextDto;
  @ApiProperty({ enum: ['pending', 'approved', 'returned', 'cancelled'] })
  status: string;
  @ApiProperty({ format: 'uuid' })
  submittedBy: string;
  @ApiProperty({ format: 'date-time' })
  submittedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  decidedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String })
  comment: string | null;
  @ApiProperty({ enum: RATINGS, nullable: true })
  rating: string | null;
}

export class ApprovalWithPayloadDto extends ApprovalDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'What was submitted in this round (every step of a round shows the same submission).',
  })
  payload: unknown;
}

export class BudgetReflectionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  cycleId: string;
  @ApiProperty({ format: 'uuid' })
  itemId: string;
  @ApiProperty({ description: 'The fiscal year whose Act decision this comes from.', example: 2025 })
  sourceFiscalYear: number;
  @ApiProperty({ description: 'The budget year the adjustment applies to.', example: 2026 })
  fiscalYear: number;
  @ApiProperty({ enum: ['expand', 'continue', 'improve', 'reduce', 'abolish', 'complete'] })
  decision: string;
  @ApiProperty({ description: 'Yen.' })
  currentAmount: number;
  @ApiProperty({ description: 'Yen.' })
  proposedAmount: number;
  @ApiProperty({ description: 'proposedAmount − currentAmount, yen.' })
  delta: number;
  @ApiProperty({ example: 'continue.carry_over' })
  rule: string;
  @ApiProperty({ type: LocalizedTextDto })
  ruleDescription: LocalizedTextDto;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  approvalId: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

const JSON_OBJECT = { type: 'object', additionalProperties: true, nullable: true } as const;

/** A cycle as the read model has it (GET /cycles/{cycleId}, POST /items/{itemId}/cycles). */
export class CycleDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'pdca/hiratsuka/<itemId>/2025' })
  workflowId: string;
  @ApiProperty({ format: 'uuid' })
  itemId: string;
  @ApiProperty({ example: '1-1' })
  itemCode: string;
  @ApiProperty()
  itemTitle: string;
  @ApiProperty({ example: 2025 })
  fiscalYear: number;
  @ApiProperty({ enum: STAGES })
  stage: string;
  @ApiProperty({ enum: CYCLE_STATUSES })
  status: string;
  @ApiProperty()
  awaitingApproval: boolean;
  @ApiPropertyOptional({ ...JSON_OBJECT, description: 'The approved (or latest) plan submission.' })
  plan: unknown;
  @ApiPropertyOptional({ ...JSON_OBJECT })
  executionReport: unknown;
  @ApiPropertyOptional({ ...JSON_OBJECT, description: 'Actuals, achievement rates, self-rating, analysis.' })
  evaluation: unknown;
  @ApiPropertyOptional({ ...JSON_OBJECT, description: 'The Act decision and budget proposal.' })
  decision: unknown;
  @ApiProperty({ enum: RATINGS, nullable: true })
  hqRating: string | null;
  @ApiPropertyOptional({ ...JSON_OBJECT, description: 'The previous fiscal year’s approved Act result.' })
  carriedOver: unknown;
  @ApiProperty({ format: 'date-time' })
  startedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  closedAt: string | null;
  @ApiProperty({ nullable: true, type: String })
  closeReason: string | null;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
  @ApiProperty({ type: [TaskDto] })
  tasks: TaskDto[];
  @ApiProperty({ type: [ApprovalWithPayloadDto] })
  approvals: ApprovalWithPayloadDto[];
  @ApiProperty({ type: BudgetReflectionDto, nullable: true })
  budgetReflection: BudgetReflectionDto | null;
  @ApiProperty({
    type: () => CycleLinkDto,
    nullable: true,
    description: "The item's cycle of the previous fiscal year",
  })
  previousCycle: CycleLinkDto | null;
  @ApiProperty({
    type: () => CycleLinkDto,
    nullable: true,
    description: "The item's cycle of the next fiscal year",
  })
  nextCycle: CycleLinkDto | null;
  @ApiProperty({
    type: () => [DeadlineChangeDto],
    description: 'Every move of a task’s deadline in this cycle, oldest first, with its reason.',
  })
  deadlineChanges: DeadlineChangeDto[];
}

export class DeadlineChangeDto {
  @ApiProperty({ format: 'uuid' })
  taskId: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The due date before.' })
  from: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The new due date.' })
  to: string | null;
  @ApiProperty({ nullable: true, type: String, example: '議会日程の変更のため' })
  reason: string | null;
  @ApiProperty({ format: 'date-time' })
  changedAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'Display name of who moved it.' })
  changedBy: string | null;
}

/** Another fiscal year's cycle of the same item (lineage). */
export class CycleLinkDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  fiscalYear: number;
  @ApiProperty()
  stage: string;
  @ApiProperty()
  status: string;
}

const mapLink = (c: CycleEntity | null): CycleLinkDto | null =>
  c ? { id: c.id, fiscalYear: c.fiscalYear, stage: c.stage, status: c.status } : null;

export function mapTask(task: TaskEntity): TaskDto {
  return {
    id: task.id,
    cycleId: task.cycleId,
    kind: task.kind,
    periodIndex: task.periodIndex,
    title: task.title,
    assigneeUserId: task.assigneeUserId,
    dueAt: task.dueAt.toISOString(),
    // Tasks of cycles started before opening dates were open from their creation.
    openAt: (task.openAt ?? task.createdAt).toISOString(),
    status: task.status,
    overdue: task.overdue,
    escalatedAt: iso(task.escalatedAt),
    remindersSent: task.remindersSent,
    submittedAt: iso(task.submittedAt),
    submittedBy: task.submittedBy,
    createdAt: task.createdAt.toISOString(),
  };
}

export function mapApproval(approval: ApprovalEntity): ApprovalDto {
  return {
    id: approval.id,
    cycleId: approval.cycleId,
    stage: approval.stage,
    submissionKind: approval.submissionKind,
    round: approval.round,
    stepIndex: approval.stepIndex,
    stepKey: approval.stepKey,
    stepLabel: approval.stepLabel,
    status: approval.status,
    submittedBy: approval.submittedBy,
    submittedAt: approval.submittedAt.toISOString(),
    decidedBy: approval.decidedBy,
    decidedAt: iso(approval.decidedAt),
    comment: approval.comment,
    rating: approval.rating,
  };
}

export function mapBudgetReflection(reflection: BudgetReflectionEntity): BudgetReflectionDto {
  return {
    id: reflection.id,
    cycleId: reflection.cycleId,
    itemId: reflection.itemId,
    sourceFiscalYear: reflection.sourceFiscalYear,
    fiscalYear: reflection.fiscalYear,
    decision: reflection.decision,
    currentAmount: reflection.currentAmount,
    proposedAmount: reflection.proposedAmount,
    delta: reflection.delta,
    rule: reflection.rule,
    ruleDescription: reflection.ruleDescription,
    approvalId: reflection.approvalId,
    createdAt: reflection.createdAt.toISOString(),
  };
}

export function mapCycle(
  cycle: CycleWithItem,
  tasks: TaskEntity[],
  approvals: ApprovalEntity[],
  budgetReflection: BudgetReflectionEntity | null,
  extras: {
    lineage?: { previous: CycleEntity | null; next: CycleEntity | null };
    deadlineChanges?: DeadlineChangeRecord[];
    submissions?: SubmissionRecord[];
  } = {},
): CycleDto {
  const { lineage = { previous: null, next: null }, deadlineChanges = [], submissions = [] } = extras;
  // An approval row carries no payload of its own: each step of a round shows that round's submission.
  const submitted = new Map(submissions.map((s) => [`${s.submissionKind}:${s.round}`, s.submission]));
  return {
    id: cycle.id,
    workflowId: cycle.workflowId,
    itemId: cycle.itemId,
    itemCode: cycle.itemCode,
    itemTitle: cycle.itemTitle,
    fiscalYear: cycle.fiscalYear,
    stage: cycle.stage,
    status: cycle.status,
    awaitingApproval: cycle.awaitingApproval,
    plan: cycle.plan ?? null,
    executionReport: cycle.executionReport ?? null,
    evaluation: cycle.evaluation ?? null,
    decision: cycle.decision ?? null,
    hqRating: cycle.hqRating,
    carriedOver: cycle.carriedOver ?? null,
    startedAt: cycle.startedAt.toISOString(),
    closedAt: iso(cycle.closedAt),
    closeReason: cycle.closeReason,
    updatedAt: cycle.updatedAt.toISOString(),
    tasks: tasks.map(mapTask),
    approvals: approvals.map((a) => ({
      ...mapApproval(a),
      payload: a.payload ?? submitted.get(`${a.submissionKind}:${a.round}`) ?? null,
    })),
    budgetReflection: budgetReflection ? mapBudgetReflection(budgetReflection) : null,
    previousCycle: mapLink(lineage.previous),
    nextCycle: mapLink(lineage.next),
    deadlineChanges: deadlineChanges.map((d) => ({
      taskId: d.taskId,
      from: d.from ? new Date(d.from).toISOString() : null,
      to: d.to ? new Date(d.to).toISOString() : null,
      reason: d.reason,
      changedAt: d.changedAt.toISOString(),
      changedBy: d.changedBy,
    })),
  };
}

// ---- The state a cycle Update answers with (libs/contracts CycleState), documented for OpenAPI ----

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
