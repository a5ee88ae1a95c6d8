import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CYCLE_STATUSES, type CycleStatus, STAGES, type Stage } from '@pdca/domain';
import type { IndicatorEntity } from '@pdca/persistence';
import type { ItemCycleSummary, ItemDetail, ItemRemoval, ItemSummary } from '@pdca/persistence/repositories';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsFiscalYear, MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../common/http/fiscal-year';
import { CycleHeadDto } from '../common/http/item-head.dto';
import { BooleanQuery, NumberQuery, PageOf, PaginationQueryDto } from '../common/http/pagination.dto';
import { Trim } from '../common/http/trim';
import { CycleReassignFailureDto } from '../working-groups/working-groups.dto';

/** A removal reason is a sentence or a short paragraph, not a document. */
export const REMOVAL_REASON_MAX_LENGTH = 1000;

export class ItemListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: STAGES, description: 'Only items whose current cycle is in this stage.' })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;

  @ApiPropertyOptional({
    enum: CYCLE_STATUSES,
    description: 'Only items whose current cycle has this status.',
  })
  @IsOptional()
  @IsIn(CYCLE_STATUSES)
  status?: CycleStatus;

  @ApiPropertyOptional({
    minimum: MIN_FISCAL_YEAR,
    maximum: MAX_FISCAL_YEAR,
    description:
      "Only items with a cycle in this fiscal year; that cycle is the one shown. Without it, each item's latest cycle is shown.",
  })
  @IsOptional()
  @NumberQuery()
  @IsFiscalYear()
  fiscalYear?: number;

  @ApiPropertyOptional({ description: 'Only items whose working group you lead or belong to.' })
  @BooleanQuery()
  mine?: boolean;

  @ApiPropertyOptional({
    description:
      'Also the items HQ removed from their plan (each with its `removal`); without it the list is the plan as it stands.',
  })
  @BooleanQuery()
  includeRemoved?: boolean;
}

export class RemovedByDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;
  @ApiProperty({ example: '本部 事務局' })
  displayName: string;
}

export class ItemRemovalDto {
  @ApiProperty({ format: 'date-time' })
  removedAt: string;
  @ApiProperty({ example: '事業統合のため計画から削除' })
  reason: string;
  @ApiProperty({ type: RemovedByDto, nullable: true })
  removedBy: RemovedByDto | null;
}

export class RemoveItemDto {
  @ApiProperty({
    maxLength: REMOVAL_REASON_MAX_LENGTH,
    example: '事業統合のため計画から削除',
    description: 'Recorded in the audit ledger and as the withdrawal reason of every running cycle.',
  })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(REMOVAL_REASON_MAX_LENGTH)
  reason: string;
}

export class CycleSummaryDto extends CycleHeadDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  awaitingApproval: boolean;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class WorkingGroupDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '行政改革推進WG' })
  name: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  leaderUserId: string | null;
  @ApiProperty({ type: [String], description: 'User ids of the members (without the leader).' })
  memberUserIds: string[];
}

export class ItemSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '1-1' })
  code: string;
  @ApiProperty({ example: '窓口業務のデジタル化' })
  title: string;
  @ApiProperty()
  summary: string;
  @ApiProperty({ format: 'uuid' })
  planId: string;
  @ApiProperty()
  planTitle: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  themeId: string | null;
  @ApiProperty({
    enum: ['monthly', 'quarterly', 'half_yearly', 'yearly'],
    nullable: true,
    description: 'The item’s own review cadence; null = the city’s.',
  })
  reviewCadence: 'monthly' | 'quarterly' | 'half_yearly' | 'yearly' | null;
  @ApiProperty({ description: 'Current budget in yen.', example: 12000000 })
  budgetCurrentAmount: number;
  @ApiProperty({ type: WorkingGroupDto, nullable: true })
  workingGroup: WorkingGroupDto | null;
  @ApiProperty({
    type: CycleSummaryDto,
    nullable: true,
    description: "The latest (or the requested year's) cycle.",
  })
  currentCycle: CycleSummaryDto | null;
  @ApiProperty({
    type: ItemRemovalDto,
    nullable: true,
    description: 'Set when HQ removed the item from its plan: when, why and by whom. Null otherwise.',
  })
  removal: ItemRemovalDto | null;
}

export class ItemPageDto extends PageOf(ItemSummaryDto) {}

export class IndicatorDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'オンライン申請率' })
  name: string;
  @ApiProperty({ example: '%' })
  unit: string;
  @ApiProperty({ nullable: true, type: Number })
  baseline: number | null;
  @ApiProperty({ enum: ['higher_is_better', 'lower_is_better'] })
  direction: 'higher_is_better' | 'lower_is_better';
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Target per fiscal year, keyed by the year.',
    example: { '2025': 30, '2026': 50 },
  })
  targets: Record<string, number>;
  @ApiProperty({
    enum: ['ratio', 'progress'],
    nullable: true,
    description:
      'The indicator’s own 目標達成率 formula: ratio = actual ÷ target (target ÷ actual when lower is better), progress = from the baseline; null = the city’s default.',
  })
  achievementFormula: 'ratio' | 'progress' | null;
}

export class PlanNodeRefDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ enum: ['goal', 'theme'] })
  kind: 'goal' | 'theme';
  @ApiProperty()
  code: string;
  @ApiProperty()
  title: string;
}

export class ItemDetailDto extends ItemSummaryDto {
  @ApiProperty({ nullable: true, type: Number })
  planPeriodStartFy: number | null;
  @ApiProperty({ nullable: true, type: Number })
  planPeriodEndFy: number | null;
  @ApiProperty({ type: [PlanNodeRefDto], description: 'Where the item sits in the plan tree, root first.' })
  planPath: PlanNodeRefDto[];
  @ApiProperty({ type: [IndicatorDto] })
  indicators: IndicatorDto[];
}

export class ItemRemovalResultDto {
  @ApiProperty({ type: ItemDetailDto, description: 'The item as it is now: `removal` set.' })
  item: ItemDetailDto;
  @ApiProperty({
    type: [CycleReassignFailureDto],
    description:
      'Running cycles that could not be withdrawn (e.g. TEMPORAL_UNAVAILABLE); the item is removed. Repeat the request to retry them.',
  })
  cyclesFailed: CycleReassignFailureDto[];
}

export function mapRemoval(removal: ItemRemoval | null): ItemRemovalDto | null {
  if (!removal) return null;
  return {
    removedAt: removal.removedAt.toISOString(),
    reason: removal.reason,
    removedBy: removal.removedBy
      ? { userId: removal.removedBy.userId, displayName: removal.removedBy.displayName }
      : null,
  };
}

export function mapCycleSummary(cycle: ItemCycleSummary): CycleSummaryDto {
  return {
    id: cycle.id,
    fiscalYear: cycle.fiscalYear,
    stage: cycle.stage,
    status: cycle.status,
    awaitingApproval: cycle.awaitingApproval,
    updatedAt: cycle.updatedAt.toISOString(),
  };
}

export function mapItemSummary(item: ItemSummary): ItemSummaryDto {
  return {
    id: item.id,
    code: item.code,
    title: item.title,
    summary: item.summary,
    planId: item.planId,
    planTitle: item.planTitle,
    themeId: item.themeId,
    reviewCadence: item.reviewCadence,
    budgetCurrentAmount: item.budgetCurrentAmount,
    workingGroup: item.workingGroup,
    currentCycle: item.currentCycle ? mapCycleSummary(item.currentCycle) : null,
    removal: mapRemoval(item.removal),
  };
}

export function mapIndicator(indicator: IndicatorEntity): IndicatorDto {
  return {
    id: indicator.id,
    name: indicator.name,
    unit: indicator.unit,
    baseline: indicator.baseline,
    direction: indicator.direction,
    targets: indicator.targets,
    achievementFormula: indicator.achievementFormula ?? null,
  };
}

export function mapItemDetail(item: ItemDetail, planPath: PlanNodeRefDto[]): ItemDetailDto {
  return {
    ...mapItemSummary(item),
    planPeriodStartFy: item.planPeriodStartFy,
    planPeriodEndFy: item.planPeriodEndFy,
    planPath,
    indicators: item.indicators.map(mapIndicator),
  };
}
