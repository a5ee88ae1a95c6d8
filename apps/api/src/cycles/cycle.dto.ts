import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { type SubmissionKind, type SubmissionPayloads } from '@pdca/domain';
import type { ApprovalEntity, BudgetReflectionEntity, CycleEntity, TaskEntity } from '@pdca/persistence';
import type {
  CycleWithItem,
  DeadlineChangeRecord,
  ReviewRecord,
  SubmissionRecord,
} from '@pdca/persistence/repositories';
import {
  ApprovalDto,
  BudgetReflectionDto,
  mapApproval,
  mapBudgetReflection,
  mapTask,
  TaskDto,
} from '../common/http/cycle-records.dto';
import {
  CarriedOverDto,
  EvaluationStateDto,
  SubmittedActionDto,
  SubmittedExecutionReportDto,
  SubmittedPlanDto,
  SubmittedReviewDto,
} from '../common/http/cycle-state.dto';
import { iso } from '../common/http/iso-date';
import { ItemHeadDto } from '../common/http/item-head.dto';
import { CarriedExternalResponseDto } from '../external-responses/external-responses.dto';
import { CycleYearSettingsDto } from '../settings/settings.dto';
import {
  ActionSubmissionDto,
  EvaluationSubmissionDto,
  ExecutionReportDto,
  PlanSubmissionDto,
  ReviewSubmissionDto,
} from './cycle-payloads.dto';

/** What one round of an approval was about: the submission of its kind (one of the request bodies). */
export type SubmissionPayloadDto =
  | PlanSubmissionDto
  | ReviewSubmissionDto
  | ExecutionReportDto
  | EvaluationSubmissionDto
  | ActionSubmissionDto;

/** Compile-time: the union above is exactly libs/domain's payloads (each DTO is checked on its own). */
export const SUBMISSION_PAYLOAD_DTO_MATCHES_DOMAIN: [SubmissionPayloads[SubmissionKind]] extends [
  SubmissionPayloadDto,
]
  ? [SubmissionPayloadDto] extends [SubmissionPayloads[SubmissionKind]]
    ? true
    : false
  : false = true;

export class ApprovalWithPayloadDto extends ApprovalDto {
  @ApiProperty({
    oneOf: [
      PlanSubmissionDto,
      ReviewSubmissionDto,
      ExecutionReportDto,
      EvaluationSubmissionDto,
      ActionSubmissionDto,
    ].map((dto) => ({ $ref: getSchemaPath(dto) })),
    nullable: true,
    description:
      'What was submitted in this round, the body of its submissionKind (every step of a round shows the same submission); null when the ledger has none.',
  })
  payload: SubmissionPayloadDto | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Display name of who submitted the round (提出者); null when the user is gone.',
  })
  submittedByName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Display name of who decided the step.' })
  decidedByName: string | null;
}

/** A periodic review the leader sent, with who sent it by name. */
export class CycleReviewDto extends SubmittedReviewDto {
  @ApiProperty({ nullable: true, type: String, description: 'Display name of who submitted it.' })
  submittedByName: string | null;
}

/** A cycle as the read model has it (GET /cycles/{cycleId}, POST /items/{itemId}/cycles). */
export class CycleDto extends ItemHeadDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'pdca/hiratsuka/<itemId>/2025' })
  workflowId: string;
  @ApiProperty()
  awaitingApproval: boolean;
  @ApiProperty({
    type: SubmittedPlanDto,
    nullable: true,
    description: 'The approved (or latest) plan submission.',
  })
  plan: SubmittedPlanDto | null;
  @ApiProperty({ type: SubmittedExecutionReportDto, nullable: true })
  executionReport: SubmittedExecutionReportDto | null;
  @ApiProperty({
    type: EvaluationStateDto,
    nullable: true,
    description: 'Actuals, achievement rates, self-rating, analysis.',
  })
  evaluation: EvaluationStateDto | null;
  @ApiProperty({
    type: SubmittedActionDto,
    nullable: true,
    description: 'The Act decision and budget proposal.',
  })
  decision: SubmittedActionDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'A code of the city’s 二次評価（本部）scale.' })
  hqRating: string | null;
  @ApiProperty({
    type: CarriedOverDto,
    nullable: true,
    description: 'The previous fiscal year’s approved Act result.',
  })
  carriedOver: CarriedOverDto | null;
  @ApiProperty({ format: 'date-time' })
  startedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  closedAt: string | null;
  @ApiProperty({ nullable: true, type: String })
  closeReason: string | null;
  @ApiProperty({
    type: CycleYearSettingsDto,
    nullable: true,
    description:
      'The decisions and 一次/二次評価 scales this fiscal year takes (the city’s when it started); null for cycles started before cities had their own lists: GET /settings applies.',
  })
  yearSettings: CycleYearSettingsDto | null;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
  @ApiProperty({ type: [TaskDto] })
  tasks: TaskDto[];
  @ApiProperty({ type: [ApprovalWithPayloadDto] })
  approvals: ApprovalWithPayloadDto[];
  @ApiProperty({
    type: [CycleReviewDto],
    description:
      'The periodic reviews sent, oldest first (from the ledger): acknowledged, not approved, so no approval carries them.',
  })
  reviews: CycleReviewDto[];
  @ApiProperty({ type: BudgetReflectionDto, nullable: true })
  budgetReflection: BudgetReflectionDto | null;
  @ApiProperty({
    type: () => [CarriedExternalResponseDto],
    description:
      '市の対応方針: the item’s responses approved in external review rounds of earlier fiscal years (newest first), with the committee’s ruling and the leader’s follow-up (対応方針の実施状況).',
  })
  externalResponses: CarriedExternalResponseDto[];
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

export function mapCycle(
  cycle: CycleWithItem,
  tasks: TaskEntity[],
  approvals: ApprovalEntity[],
  budgetReflection: BudgetReflectionEntity | null,
  extras: {
    lineage?: { previous: CycleEntity | null; next: CycleEntity | null };
    deadlineChanges?: DeadlineChangeRecord[];
    submissions?: SubmissionRecord[];
    /** Display names by user id, for the approvals' submitters and deciders. */
    names?: ReadonlyMap<string, string>;
    reviews?: ReviewRecord[];
    externalResponses?: CarriedExternalResponseDto[];
  } = {},
): CycleDto {
  const {
    lineage = { previous: null, next: null },
    deadlineChanges = [],
    submissions = [],
    names = new Map<string, string>(),
    reviews = [],
    externalResponses = [],
  } = extras;
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
    yearSettings: (cycle.citySettings as CycleYearSettingsDto | null | undefined) ?? null,
    updatedAt: cycle.updatedAt.toISOString(),
    tasks: tasks.map(mapTask),
    approvals: approvals.map((a) => ({
      ...mapApproval(a),
      payload: a.payload ?? submitted.get(`${a.submissionKind}:${a.round}`) ?? null,
      submittedByName: names.get(a.submittedBy) ?? null,
      decidedByName: a.decidedBy ? (names.get(a.decidedBy) ?? null) : null,
    })),
    reviews: reviews.map((r) => ({
      taskId: r.taskId,
      periodIndex: r.periodIndex,
      round: 1,
      submittedBy: r.submittedBy,
      submittedByName: r.submittedByName,
      submittedAt: r.submittedAt.toISOString(),
      payload: r.submission,
    })),
    budgetReflection: budgetReflection ? mapBudgetReflection(budgetReflection) : null,
    externalResponses,
    previousCycle: mapLink(lineage.previous),
    nextCycle: mapLink(lineage.next),
    deadlineChanges: deadlineChanges.map((d) => ({
      taskId: d.taskId,
      from: iso(d.from),
      to: iso(d.to),
      reason: d.reason,
      changedAt: d.changedAt.toISOString(),
      changedBy: d.changedBy,
    })),
  };
}
