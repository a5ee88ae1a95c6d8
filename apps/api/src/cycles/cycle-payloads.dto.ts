import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type ActionSubmission,
  type EffectAmounts,
  type EvaluationSubmission,
  type ExecutionReport,
  type IndicatorActual,
  type IndicatorTarget,
  type IndicatorValue,
  LIST_MAX_LENGTH,
  type PlanSubmission,
  RETURN_ANSWER_MAX_LENGTH,
  REVIEW_STATUSES,
  type ReviewStatus,
  type ReviewSubmission,
  TEXT_MAX_LENGTH,
} from '@pdca/domain';
import { DEFAULT_STAFF_UNIT_COST, type ItemCostsInput, STAFF_FTE_MAX } from '@pdca/domain/item-costs';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsFiscalYear, MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../common/http/fiscal-year';
import type { SameShape } from '../common/http/same-shape';

// Request bodies. These check shape only (types, required fields, unknown fields → 400); the
// workflow's validators (libs/domain validation.ts) check the business rules and answer with
// INVALID_PAYLOAD problems, which the API also returns as 400 with field and rule.

const FINITE = { allowNaN: false, allowInfinity: false };

/** 差戻しへの回答: on a resubmission, the leader's answer to the comment HQ returned with. */
class ReturnAnswerDto {
  @ApiPropertyOptional({
    maxLength: RETURN_ANSWER_MAX_LENGTH,
    description:
      '差戻しへの回答 (answer to the return): on a resubmission (round 2 or later), the leader’s reply to the comment HQ returned the previous round with. Optional.',
    example: '目標値の根拠として利用者調査の結果を追記しました。',
  })
  @IsOptional()
  @IsString()
  @MaxLength(RETURN_ANSWER_MAX_LENGTH)
  returnAnswer?: string;
}
const ID_MAX_LENGTH = 100;

export class IndicatorTargetDto implements IndicatorTarget {
  @ApiProperty({ description: 'Indicator id (see GET /items/{itemId}).', format: 'uuid' })
  @IsString()
  @MaxLength(ID_MAX_LENGTH)
  indicatorId: string;

  @ApiProperty({ example: 30 })
  @IsNumber(FINITE)
  target: number;
}

/** Shape only; whole yen ≥ 0 is checked by the workflow's validator (validateEffectAmounts). */
export class EffectAmountsDto implements EffectAmounts {
  @ApiProperty({ description: '歳出削減 spending reduced, whole yen.', example: 3000000 })
  @IsNumber(FINITE)
  spendingReduction: number;

  @ApiProperty({ description: '歳入確保 revenue gained, whole yen.', example: 500000 })
  @IsNumber(FINITE)
  revenueGain: number;

  @ApiProperty({ description: '取組経費 cost of the measure, whole yen.', example: 800000 })
  @IsNumber(FINITE)
  cost: number;
}

/** Shape only; whole yen, 人工 bounds and the funding sum are checked by validateItemCosts (item-costs.ts). */
export class ItemCostsInputDto implements ItemCostsInput {
  @ApiProperty({ description: '事業費 project cost of the fiscal year, whole yen ≥ 0.', example: 12000000 })
  @IsNumber(FINITE)
  projectCost: number;

  @ApiProperty({
    description: `人工 staff in person-years (FTE), 0–${STAFF_FTE_MAX}, at most two decimals. 人件費 = round(人工 × the city's 人件費単価, settings costs.staffUnitCost, default ${DEFAULT_STAFF_UNIT_COST} yen); フルコスト = 事業費 + 人件費.`,
    example: 1.5,
  })
  @IsNumber(FINITE)
  staffFte: number;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description:
      '一般財源 general revenue, whole yen. The three funding parts are optional; when any is given they sum to projectCost (a missing one counts 0).',
    example: 8000000,
  })
  @IsOptional()
  @IsNumber(FINITE)
  fundingGeneral?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: '国・県支出金 national / prefectural funds, whole yen.',
    example: 3000000,
  })
  @IsOptional()
  @IsNumber(FINITE)
  fundingNationalPrefectural?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'その他 other funding, whole yen.',
    example: 1000000,
  })
  @IsOptional()
  @IsNumber(FINITE)
  fundingOther?: number | null;
}

const GRADE_DESCRIPTION =
  'Progress grade: a code of the tenant’s scale (default S/A/B/C = 計画以上/計画どおり/やや遅れ/遅れ; preset "marks": double_circle/circle/triangle/cross = ◎○△×).';

export class PlanSubmissionDto extends ReturnAnswerDto implements PlanSubmission {
  @ApiProperty({ type: [IndicatorTargetDto], description: 'One target for each of the item’s indicators.' })
  @IsArray()
  @ArrayMaxSize(LIST_MAX_LENGTH)
  @ValidateNested({ each: true })
  @Type(() => IndicatorTargetDto)
  targets: readonly IndicatorTargetDto[];

  @ApiProperty({ type: [String], example: ['オンライン申請の対象手続を拡大する'] })
  @IsArray()
  @ArrayMaxSize(LIST_MAX_LENGTH)
  @IsString({ each: true })
  activities: readonly string[];

  @ApiProperty({ description: 'Budget request in whole yen.', example: 12000000 })
  @IsNumber(FINITE)
  budgetRequest: number;

  @ApiPropertyOptional({
    type: EffectAmountsDto,
    description: '効果額の見込額 of this fiscal year (else the plan import’s target counts).',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => EffectAmountsDto)
  effectTarget?: EffectAmountsDto;

  @ApiPropertyOptional({
    type: ItemCostsInputDto,
    description:
      '事業費・人工・財源内訳の見込 (estimate) of this fiscal year; stored with the フルコスト it gives.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ItemCostsInputDto)
  costs?: ItemCostsInputDto;
}

export class IndicatorValueDto implements IndicatorValue {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @MaxLength(ID_MAX_LENGTH)
  indicatorId: string;

  @ApiProperty({ example: 22.5 })
  @IsNumber(FINITE)
  value: number;
}

export class ReviewSubmissionDto extends ReturnAnswerDto implements ReviewSubmission {
  @ApiProperty({ description: '1-based review period (month or quarter of the fiscal year).', example: 1 })
  @IsNumber(FINITE)
  periodIndex: number;

  @ApiProperty({ description: 'Percent complete, 0–100.', example: 25 })
  @IsNumber(FINITE)
  progress: number;

  @ApiProperty({ enum: REVIEW_STATUSES })
  @IsIn(REVIEW_STATUSES)
  status: ReviewStatus;

  @ApiPropertyOptional({ maxLength: TEXT_MAX_LENGTH })
  @IsOptional()
  @IsString()
  notes?: string;

  @ApiPropertyOptional({ type: [IndicatorValueDto], description: 'Interim indicator values.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIST_MAX_LENGTH)
  @ValidateNested({ each: true })
  @Type(() => IndicatorValueDto)
  indicators?: readonly IndicatorValueDto[];

  @ApiPropertyOptional({ description: GRADE_DESCRIPTION, example: 'A' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  grade?: string;
}

export class ExecutionReportDto extends ReturnAnswerDto implements ExecutionReport {
  @ApiProperty({ maxLength: TEXT_MAX_LENGTH, example: '対象手続を12件から30件に拡大した。' })
  @IsString()
  summary: string;

  @ApiPropertyOptional({ maxLength: TEXT_MAX_LENGTH })
  @IsOptional()
  @IsString()
  issues?: string;
}

export class IndicatorActualDto implements IndicatorActual {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @MaxLength(ID_MAX_LENGTH)
  indicatorId: string;

  @ApiProperty({ example: 28 })
  @IsNumber(FINITE)
  actual: number;
}

export class EvaluationSubmissionDto extends ReturnAnswerDto implements EvaluationSubmission {
  @ApiProperty({ type: [IndicatorActualDto], description: 'One actual for each of the item’s indicators.' })
  @IsArray()
  @ArrayMaxSize(LIST_MAX_LENGTH)
  @ValidateNested({ each: true })
  @Type(() => IndicatorActualDto)
  actuals: readonly IndicatorActualDto[];

  @ApiProperty({
    description:
      'A code of the city’s 一次評価（所管）scale (GET /api/v1/settings → ratings.self; A best … D worst by default).',
    maxLength: 32,
  })
  @IsString()
  @MaxLength(32)
  selfRating: string;

  @ApiProperty({ maxLength: TEXT_MAX_LENGTH })
  @IsString()
  analysis: string;

  @ApiPropertyOptional({ description: GRADE_DESCRIPTION, example: 'A' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  grade?: string;

  @ApiPropertyOptional({ type: EffectAmountsDto, description: '効果額の実績額 of the fiscal year.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EffectAmountsDto)
  effects?: EffectAmountsDto;

  @ApiPropertyOptional({
    type: ItemCostsInputDto,
    description:
      '事業費・人工・財源内訳の実績 (actual) of the fiscal year; stored with the フルコスト it gives.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ItemCostsInputDto)
  costs?: ItemCostsInputDto;
}

export class ActionSubmissionDto extends ReturnAnswerDto implements ActionSubmission {
  @ApiProperty({
    description:
      'A code of the city’s decision list (GET /api/v1/settings → decisions; by default 拡充 expand / 継続 continue / 改善 improve / 縮小 reduce / 休廃止 abolish / 完了 complete). The cycle checks it against the list in force when its year started.',
    maxLength: 32,
  })
  @IsString()
  @MaxLength(32)
  decision: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Next-year budget in whole yen; required for expand and reduce, see the budget rules.',
    example: 13000000,
  })
  @IsOptional()
  @IsNumber(FINITE)
  budgetProposal?: number | null;

  @ApiProperty({ maxLength: TEXT_MAX_LENGTH })
  @IsString()
  rationale: string;
}

export class StartCycleDto {
  @ApiProperty({ minimum: MIN_FISCAL_YEAR, maximum: MAX_FISCAL_YEAR, example: 2025 })
  @IsFiscalYear()
  fiscalYear: number;
}

export class WithdrawCycleDto {
  @ApiProperty({ maxLength: TEXT_MAX_LENGTH, example: '事業統合のため取下げ' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX_LENGTH)
  reason: string;
}

// Compile-time guard: every payload DTO is exactly the domain type (same fields, each assignable to
// the other). A field added to the domain type but not here would otherwise be rejected as unknown
// by the ValidationPipe; the same DTOs document the submissions the cycle answers with.
export const PAYLOAD_DTOS_MATCH_DOMAIN: [
  SameShape<PlanSubmissionDto, PlanSubmission>,
  SameShape<IndicatorTargetDto, IndicatorTarget>,
  SameShape<ReviewSubmissionDto, ReviewSubmission>,
  SameShape<IndicatorValueDto, IndicatorValue>,
  SameShape<ExecutionReportDto, ExecutionReport>,
  SameShape<EvaluationSubmissionDto, EvaluationSubmission>,
  SameShape<IndicatorActualDto, IndicatorActual>,
  SameShape<ActionSubmissionDto, ActionSubmission>,
  SameShape<EffectAmountsDto, EffectAmounts>,
  SameShape<ItemCostsInputDto, ItemCostsInput>,
] = [true, true, true, true, true, true, true, true, true, true];
