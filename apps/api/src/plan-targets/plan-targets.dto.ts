import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ACHIEVEMENT_FORMULA_SETTINGS,
  type AchievementFormulaSetting,
  TARGET_ACCUMULATIONS,
  TARGET_NOTE_MAX_LENGTH,
  TARGET_SOURCE_MAX_LENGTH,
  TARGET_VALUE_LIMIT,
  type TargetAccumulation,
  TEXT_MAX_LENGTH,
} from '@pdca/domain';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsFiscalYear, MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../common/http/fiscal-year';
import { LocalizedTextDto } from '../common/http/localized-text.dto';
import { OptionalNotNull } from '../common/http/optional';
import { Trim } from '../common/http/trim';

/** A figure of a 主要目標: finite and within ±10^15. */
function IsTargetValue(): PropertyDecorator {
  return (target, key) => {
    Max(TARGET_VALUE_LIMIT)(target, key);
    Min(-TARGET_VALUE_LIMIT)(target, key);
    IsNumber({ allowNaN: false, allowInfinity: false })(target, key);
  };
}

export class PlanTargetsQueryDto {
  @ApiProperty({
    minimum: MIN_FISCAL_YEAR,
    maximum: MAX_FISCAL_YEAR,
    example: 2026,
    description: 'The year the progress is as of: actuals of later years are left out.',
  })
  @Type(() => Number)
  @IsFiscalYear()
  fiscalYear: number;
}

export class PutIndicatorActualDto {
  @ApiProperty({ example: 92.5, description: 'The year’s actual, in the indicator’s unit.' })
  @IsTargetValue()
  value: number;

  @ApiProperty({
    maxLength: TARGET_SOURCE_MAX_LENGTH,
    example: '令和7年度 決算カード',
    description: '出典: where the figure comes from.',
  })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TARGET_SOURCE_MAX_LENGTH)
  source: string;

  @ApiProperty({
    example: '2026-09-30',
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    description:
      '時点: the date the figure is as of — not in the future, not before the fiscal year began (1 April).',
  })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  asOf: string;

  @ApiPropertyOptional({ maxLength: TARGET_NOTE_MAX_LENGTH, description: '備考 (e.g. 速報値).' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(TARGET_NOTE_MAX_LENGTH)
  note?: string;
}

export class PutIndicatorTargetsDto {
  @ApiPropertyOptional({
    nullable: true,
    example: 90,
    description:
      '目標値（計画期間）; null: derived from the yearly targets (their sum for `sum`, the last for `latest`).',
  })
  @IsOptional()
  @IsTargetValue()
  periodTarget?: number | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { 2025: 94, 2026: 93 },
    description: 'Yearly targets by fiscal year (within the plan period); replaces the stored ones.',
  })
  @OptionalNotNull()
  @IsObject()
  targets?: Record<string, number>;

  @ApiPropertyOptional({
    enum: TARGET_ACCUMULATIONS,
    description: 'sum: 累計 = the years’ actuals added up (flows); latest: the latest actual (stocks).',
  })
  @OptionalNotNull()
  @IsIn(TARGET_ACCUMULATIONS)
  accumulation?: TargetAccumulation;

  @ApiProperty({ maxLength: TEXT_MAX_LENGTH, description: 'Why, for the ledger.' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX_LENGTH)
  reason: string;
}

export class PlanTargetNodeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '3' }) code: string;
  @ApiProperty({ example: '次世代につなぐ財政基盤を確立する' }) title: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 3 }) level: number;
  @ApiProperty({ type: LocalizedTextDto, description: 'The plan’s name for the level (基本方針, 施策 …).' })
  levelName: LocalizedTextDto;
}

export class PlanTargetYearDto {
  @ApiProperty({ type: 'integer' }) fiscalYear: number;
  @ApiProperty({ type: 'number', nullable: true }) target: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'Null after the year asked, or not entered.' })
  actual: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'The year’s 目標達成率 (%).' })
  achievementRate: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: '出典.' }) source: string | null;
  @ApiProperty({ type: 'string', nullable: true, format: 'date', description: '時点.' }) asOf: string | null;
  @ApiProperty({ type: 'string', nullable: true }) note: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'Who entered it.' }) enteredByName:
    | string
    | null;
  @ApiProperty({ type: 'string', nullable: true, format: 'date-time' }) enteredAt: string | null;
}

export class PlanTargetDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['plan', 'node'] }) owner: 'plan' | 'node';
  @ApiProperty({ type: PlanTargetNodeDto, nullable: true }) node: PlanTargetNodeDto | null;
  @ApiProperty({ example: '経常収支比率' }) name: string;
  @ApiProperty({ example: '%' }) unit: string;
  @ApiProperty({ enum: ['outcome', 'activity'], nullable: true }) kind: 'outcome' | 'activity' | null;
  @ApiProperty({ enum: ['higher_is_better', 'lower_is_better'] })
  direction: 'higher_is_better' | 'lower_is_better';
  @ApiProperty({ enum: TARGET_ACCUMULATIONS }) accumulation: TargetAccumulation;
  @ApiProperty({ type: 'number', nullable: true, description: '基準値.' }) baseline: number | null;
  @ApiProperty({
    enum: ACHIEVEMENT_FORMULA_SETTINGS,
    description: 'The formula in force (its own, else the city’s).',
  })
  achievementFormula: AchievementFormulaSetting;
  @ApiProperty({ type: 'number', nullable: true, description: '目標値（計画期間）.' }) periodTarget:
    | number
    | null;
  @ApiProperty({ description: 'True when derived from the yearly targets (none set).' })
  periodTargetDerived: boolean;
  @ApiProperty({ type: [PlanTargetYearDto], description: 'Every year of the plan period.' })
  years: PlanTargetYearDto[];
  @ApiProperty({ type: 'number', nullable: true, description: '累計 (sum) or the latest actual (latest).' })
  cumulative: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) cumulativeFiscalYear: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: '進捗率 (%) against the whole-period target.' })
  progressRate: number | null;
  @ApiProperty({
    enum: ['cumulative_over_target', 'actual_over_target', 'target_over_actual', 'progress_from_baseline'],
    nullable: true,
  })
  progressFormula: string | null;
  @ApiProperty({ type: LocalizedTextDto, nullable: true, description: 'How 進捗率 was computed, to print.' })
  progressFormulaLabel: LocalizedTextDto | null;
}

export class PlanTargetsDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty() planTitle: string;
  @ApiProperty({ type: 'integer' }) fiscalYear: number;
  @ApiProperty({ type: 'integer' }) fromFy: number;
  @ApiProperty({ type: 'integer' }) toFy: number;
  @ApiProperty({ type: [PlanTargetDto], description: 'The plan’s own, then its nodes’ in plan order.' })
  indicators: PlanTargetDto[];
}

export class PlanTargetWriteResultDto {
  @ApiProperty({ description: 'False when the stored values were already these (nothing written).' })
  changed: boolean;
  @ApiProperty({ type: PlanTargetDto }) indicator: PlanTargetDto;
}
