import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  EffectFigures,
  EffectTotals,
  GoalRollup,
  NodeRollup,
  PlanLevel,
  PlanRollup,
  ProgressGradeScale,
  RollupNode,
} from '@pdca/domain';
import type { PlanReportHeader } from '@pdca/persistence/repositories';
import { Type } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { type ExportLang, ExportLangQuery } from '../common/http/export-lang';
import { IsFiscalYear, MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../common/http/fiscal-year';
import { LocalizedTextDto } from '../common/http/localized-text.dto';
import { BooleanQuery } from '../common/http/pagination.dto';

export class PlanSummaryQueryDto {
  @ApiProperty({ minimum: MIN_FISCAL_YEAR, maximum: MAX_FISCAL_YEAR, example: 2025 })
  @Type(() => Number)
  @IsFiscalYear()
  fiscalYear: number;
}

export const PROGRESS_REPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ProgressReportFormat = (typeof PROGRESS_REPORT_FORMATS)[number];

export class ProgressReportQueryDto extends PlanSummaryQueryDto {
  @ApiPropertyOptional({ enum: PROGRESS_REPORT_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(PROGRESS_REPORT_FORMATS)
  format?: ProgressReportFormat;

  @ApiPropertyOptional({
    description: '公表用 (annual results for publication): no personal names, only the organisation.',
    default: false,
  })
  @BooleanQuery()
  publication?: boolean;

  @ExportLangQuery('headings, sheet names and labels')
  lang?: ExportLang;
}

class LabelDto {
  @ApiProperty({ example: '計画どおり' })
  ja: string;
  @ApiProperty({ example: 'On plan' })
  en: string;
}

export class ProgressGradeDto {
  @ApiProperty({ example: 'A' })
  code: string;
  @ApiProperty({ example: 'A' })
  symbol: string;
  @ApiProperty({ type: LabelDto })
  label: LabelDto;
  @ApiProperty({ description: '1 = best.', example: 2 })
  order: number;
}

export class EffectFiguresDto implements EffectFigures {
  @ApiProperty({ description: '歳出削減, yen.' })
  spendingReduction: number;
  @ApiProperty({ description: '歳入確保, yen.' })
  revenueGain: number;
  @ApiProperty({ description: '取組経費, yen.' })
  cost: number;
  @ApiProperty({ description: '効果額 = 歳出削減 + 歳入確保 − 取組経費, yen.' })
  net: number;
}

export class EffectTotalsDto implements EffectTotals {
  @ApiProperty({ type: EffectFiguresDto, description: '見込額 (targets).' })
  target: EffectFiguresDto;
  @ApiProperty({ type: EffectFiguresDto, description: '実績額 (actuals of approved evaluations).' })
  actual: EffectFiguresDto;
  @ApiProperty()
  itemsWithTarget: number;
  @ApiProperty()
  itemsWithActual: number;
  @ApiProperty({ type: Number, nullable: true, description: 'actual net / target net, percent.' })
  achievementRate: number | null;
}

const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class RollupNodeDto implements RollupNode {
  @ApiProperty()
  items: number;
  @ApiProperty({ type: EffectTotalsDto, description: 'The fiscal year asked for.' })
  year: EffectTotalsDto;
  @ApiProperty({ type: EffectTotalsDto, description: 'From cumulativeFromFy up to the fiscal year.' })
  cumulative: EffectTotalsDto;
  @ApiPropertyOptional({
    type: EffectTotalsDto,
    description:
      'Against the whole plan period (目標値 / 累計 / 進捗率): target = every year’s targets, actual = the actuals up to the fiscal year. Present when the plan has a last year.',
  })
  period?: EffectTotalsDto;
  @ApiProperty({ ...COUNTS, description: 'Items per grade code (`none` = no grade yet).' })
  byGrade: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'Items per stage (`not_started` = no cycle this year).' })
  byStage: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'Items per rating (HQ’s, else the self-rating; `none`).' })
  byRating: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'Items per Act decision (`none`).' })
  byDecision: Record<string, number>;
}

export class ThemeRollupDto extends RollupNodeDto {
  @ApiProperty()
  code: string;
  @ApiProperty()
  title: string;
}

export class GoalRollupDto extends ThemeRollupDto {
  @ApiProperty({ type: [ThemeRollupDto] })
  themes: ThemeRollupDto[];
}

export class NodeRollupDto extends ThemeRollupDto {
  @ApiProperty({ example: 1, description: '1 = the top level.' })
  level: number;
  @ApiProperty({ type: LocalizedTextDto, description: 'The plan’s name of this level.' })
  levelName: LocalizedTextDto;
  @ApiProperty({ type: () => [NodeRollupDto] })
  children: NodeRollupDto[];
}

export class PlanPeriodDto {
  @ApiProperty({ type: 'integer', example: 2024 })
  fromFy: number;
  @ApiProperty({ type: 'integer', example: 2027 })
  toFy: number;
}

/** One fiscal year of the plan period: 効果額 (net, yen) of the year and cumulative from its first year. */
export class PlanYearEffectDto {
  @ApiProperty({ type: 'integer', example: 2025 })
  fiscalYear: number;
  @ApiProperty({ description: '見込額 of the year (net), yen.' })
  target: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      '実績額 of the year (net, approved evaluations), yen; null for years after the fiscal year asked.',
  })
  actual: number | null;
  @ApiProperty({ description: '見込額 from the plan’s first year up to this year (net), yen.' })
  cumulativeTarget: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      '実績額 from the plan’s first year up to this year (net), yen; null after the fiscal year asked.',
  })
  cumulativeActual: number | null;
  @ApiProperty({ description: 'Items with an approved actual in this year.' })
  itemsWithActual: number;
}

export class PlanRollupDto {
  @ApiProperty({ format: 'uuid' })
  planId: string;
  @ApiProperty()
  planTitle: string;
  @ApiProperty({ type: 'integer', example: 2025 })
  fiscalYear: number;
  @ApiProperty({
    type: 'integer',
    description: 'First fiscal year of the cumulative figures (the plan’s first year).',
  })
  cumulativeFromFy: number;
  @ApiPropertyOptional({ type: PlanPeriodDto, description: 'The years of the `period` figures.' })
  period?: PlanPeriodDto;
  @ApiProperty({ type: [ProgressGradeDto], description: 'The tenant’s grade scale, best first.' })
  gradeScale: ProgressGradeDto[];
  @ApiProperty({ type: RollupNodeDto })
  plan: RollupNodeDto;
  @ApiProperty({
    type: [LocalizedTextDto],
    description: 'The plan’s level names from the top, the last being the reform item’s.',
  })
  levels: LocalizedTextDto[];
  @ApiProperty({
    type: [NodeRollupDto],
    description: 'Totals per node of every level (an item counts under its primary parent’s path only).',
  })
  nodes: NodeRollupDto[];
  @ApiProperty({ type: [GoalRollupDto], description: 'The first two levels as goals and themes.' })
  goals: GoalRollupDto[];
  @ApiProperty({
    type: [PlanYearEffectDto],
    description:
      'Every fiscal year of the plan period (else the years with figures, and the year asked), oldest first: the board’s chart of 効果額 cumulative against target.',
  })
  years: PlanYearEffectDto[];
}

export function mapPlanRollup(
  plan: PlanReportHeader,
  scale: ProgressGradeScale,
  rollup: PlanRollup,
  levels: readonly PlanLevel[],
  years: PlanYearEffectDto[],
): PlanRollupDto {
  const node = (n: NodeRollup): NodeRollupDto => ({
    ...(n as Omit<NodeRollup, 'children'>),
    levelName: { ...(levels[n.level - 1]?.name ?? { ja: `第${n.level}階層`, en: `Level ${n.level}` }) },
    children: n.children.map(node),
  });
  const grades = [...scale.grades].sort((a, b) => a.order - b.order);
  return {
    planId: plan.id,
    planTitle: plan.title,
    fiscalYear: rollup.fiscalYear,
    cumulativeFromFy: rollup.cumulativeFromFy,
    ...(rollup.period ? { period: { ...rollup.period } } : {}),
    gradeScale: grades.map((g) => ({
      code: g.code,
      symbol: g.symbol,
      label: { ...g.label },
      order: g.order,
    })),
    plan: rollup.plan as RollupNodeDto,
    levels: levels.map((level) => ({ ...level.name })),
    nodes: rollup.nodes.map(node),
    goals: rollup.goals.map((g: GoalRollup) => g as GoalRollupDto),
    years,
  };
}
