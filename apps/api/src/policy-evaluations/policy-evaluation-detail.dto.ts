import { ApiProperty } from '@nestjs/swagger';
import type {
  PolicyApprovalRow,
  PolicyEvaluationRow,
  PolicyItemResult,
  PolicyNodeIndicator,
} from '@pdca/persistence/repositories';
import {
  PolicyApprovalDto,
  PolicyEvaluationSubmissionDto,
  PolicyEvaluationSummaryDto,
} from './policy-evaluations.dto';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export class PolicyItemIndicatorDto {
  @ApiProperty({ format: 'uuid' }) indicatorId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) target: number | null;
  @ApiProperty() actual: number;
  @ApiProperty({ nullable: true, type: Number, description: '目標達成率 in percent.' })
  achievementRate: number | null;
}

/** One item under the node, side by side: its year's 一次/二次評価, grade, indicators, 効果額 and decision. */
export class PolicyItemResultDto {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ example: '1-1' }) itemCode: string;
  @ApiProperty() itemTitle: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null: no cycle that year.' })
  cycleId: string | null;
  @ApiProperty({ nullable: true, type: String }) stage: string | null;
  @ApiProperty({ nullable: true, type: String }) cycleStatus: string | null;
  @ApiProperty({ description: 'HQ approved the CHECK evaluation (the cycle reached ACT).' })
  evaluationApproved: boolean;
  @ApiProperty({ nullable: true, type: String, description: '一次評価（所管）.' }) selfRating: string | null;
  @ApiProperty({ nullable: true, type: String, description: '二次評価（本部）.' }) hqRating: string | null;
  @ApiProperty({ nullable: true, type: String, description: '進捗状況 (the year’s progress grade).' })
  grade: string | null;
  @ApiProperty({ type: [PolicyItemIndicatorDto] }) indicators: PolicyItemIndicatorDto[];
  @ApiProperty({
    type: Object,
    nullable: true,
    description: '効果額の実績額 (spendingReduction, revenueGain, cost).',
  })
  effects: Record<string, unknown> | null;
  @ApiProperty({ type: Object, nullable: true, description: '効果額の見込額 of the year from the plan.' })
  effectTarget: Record<string, unknown> | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: '今後の方向性 (a decision code of the city’s list).',
  })
  decision: string | null;
}

export class PolicyNodeIndicatorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() unit: string;
  @ApiProperty({ enum: ['higher_is_better', 'lower_is_better'] }) direction: string;
  @ApiProperty({ nullable: true, type: Number, description: '基準値.' }) baseline: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The target of the evaluated year.' })
  target: number | null;
}

export class PolicyEvaluationDto extends PolicyEvaluationSummaryDto {
  @ApiProperty({ type: PolicyEvaluationSubmissionDto, nullable: true, description: 'The latest submission.' })
  submission: PolicyEvaluationSubmissionDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) submittedBy: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Display name of who submitted the latest round (提出者); null when the user is gone.',
  })
  submittedByName: string | null;
  @ApiProperty({ type: [PolicyApprovalDto], description: 'Every step of every round.' })
  approvals: PolicyApprovalDto[];
  @ApiProperty({ type: [PolicyItemResultDto], description: 'The items under the node (primary parents).' })
  items: PolicyItemResultDto[];
  @ApiProperty({ type: [PolicyNodeIndicatorDto], description: 'The node’s own indicators (成果指標).' })
  nodeIndicators: PolicyNodeIndicatorDto[];
}

export function mapPolicySummary(row: PolicyEvaluationRow): PolicyEvaluationSummaryDto {
  return {
    id: row.id,
    node: {
      nodeId: row.nodeId,
      planId: row.planId,
      code: row.nodeCode,
      title: row.nodeTitle,
      level: row.nodeLevel,
    },
    fiscalYear: row.fiscalYear,
    status: row.status,
    ownerUserId: row.ownerUserId,
    scheduledOpenAt: row.scheduledOpenAt.toISOString(),
    openAt: iso(row.openAt),
    openedBy: row.openedBy,
    dueAt: iso(row.dueAt),
    itemsPending: row.itemsPending,
    overdue: row.overdue,
    remindersSent: row.remindersSent,
    round: row.round,
    rating: row.rating,
    submittedAt: iso(row.submittedAt),
    approvedAt: iso(row.approvedAt),
  };
}

export function mapPolicyApproval(a: Omit<PolicyApprovalRow, 'evaluationId'>): PolicyApprovalDto {
  return {
    id: a.id,
    round: a.round,
    stepIndex: a.stepIndex,
    stepKey: a.stepKey,
    stepLabel: a.stepLabel,
    status: a.status,
    submittedBy: a.submittedBy,
    submittedAt: a.submittedAt.toISOString(),
    decidedBy: a.decidedBy,
    decidedAt: iso(a.decidedAt),
    comment: a.comment,
  };
}

const record = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** An item's side of the table from its cycle's read model (cycles.evaluation, cycles.decision). */
export function mapPolicyItem(item: PolicyItemResult): PolicyItemResultDto {
  const evaluation = record(item.evaluation);
  const submitted = record(evaluation?.payload);
  const results = Array.isArray(evaluation?.results)
    ? (evaluation.results as Array<Record<string, unknown>>)
    : [];
  return {
    itemId: item.itemId,
    itemCode: item.itemCode,
    itemTitle: item.itemTitle,
    cycleId: item.cycleId,
    stage: item.stage,
    cycleStatus: item.cycleStatus,
    evaluationApproved: item.stage === 'ACT',
    selfRating: text(submitted?.selfRating),
    hqRating: item.hqRating,
    grade: text(submitted?.grade),
    indicators: results.map((r) => ({
      indicatorId: String(r.indicatorId),
      name: String(r.name),
      target: typeof r.target === 'number' ? r.target : null,
      actual: Number(r.actual),
      achievementRate: typeof r.achievementRate === 'number' ? r.achievementRate : null,
    })),
    effects: record(submitted?.effects),
    effectTarget: record(item.effectTarget),
    decision: text(record(record(item.decision)?.payload)?.decision),
  };
}

export function mapNodeIndicator(indicator: PolicyNodeIndicator, fiscalYear: number): PolicyNodeIndicatorDto {
  const target = indicator.targets[String(fiscalYear)];
  return {
    id: indicator.id,
    name: indicator.name,
    unit: indicator.unit,
    direction: indicator.direction,
    baseline: indicator.baseline,
    target: typeof target === 'number' ? target : null,
  };
}
