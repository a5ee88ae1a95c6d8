import { ApiProperty } from '@nestjs/swagger';
import { TASK_STATUSES } from '@pdca/contracts';
import { RATINGS, STAGES, SUBMISSION_KINDS } from '@pdca/domain';
import type { ApprovalEntity, BudgetReflectionEntity, TaskEntity } from '@pdca/persistence';
import { iso } from './iso-date';
import { LocalizedTextDto } from './localized-text.dto';

// A cycle's tasks, approvals and budget reflection as the read model has them: part of a cycle
// (GET /cycles/{cycleId}) and, with their item, entries of the task and approval inboxes and the
// budget-reflection list.

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

export class BudgetReflectionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The cycle whose Act decision this is; null for a 事業検証 decision (origin verification).',
  })
  cycleId: string | null;
  @ApiProperty({ format: 'uuid' })
  itemId: string;
  @ApiProperty({
    enum: ['cycle', 'verification'],
    description: 'An approved Act decision of a cycle, or HQ’s decision in a 事業検証 round (#26).',
  })
  origin: 'cycle' | 'verification';
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The 事業検証 item whose decision this is (origin verification), else null.',
  })
  verificationItemId: string | null;
  @ApiProperty({
    description: 'The fiscal year whose Act decision (or 事業検証 round) this comes from.',
    example: 2025,
  })
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
    origin: reflection.origin,
    verificationItemId: reflection.verificationItemId,
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
