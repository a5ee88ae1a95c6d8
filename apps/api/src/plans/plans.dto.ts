import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { PlanEntity } from '../../../../libs/persistence/src';
import type { PlanSummary, PlanTreeItem, PlanTreeNode } from '../../../../libs/persistence/src/repositories';
import type { EncodingOption, PlanFileFormat } from '../../../../libs/plan-import/src';
import type {
  ImportProblem,
  PlanImportReport,
  PlanPreviewGoal,
} from '../../../../libs/plan-import/src/store';
import { IsFiscalYear, MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../common/http/fiscal-year';
import { ItemHeadDto } from '../common/http/item-head.dto';
import { BooleanQuery, NumberQuery, PageOf, PaginationQueryDto } from '../common/http/pagination.dto';

export const PLAN_FILE_FORMATS: readonly PlanFileFormat[] = ['csv', 'tsv', 'json', 'xlsx'];
export const PLAN_FILE_ENCODINGS: readonly EncodingOption[] = [
  'auto',
  'utf-8',
  'shift_jis',
  'cp932',
  'utf-16le',
];
export const MAPPING_MAX_LENGTH = 10_000;

/**
 * Options of POST /plans/import: in the query string, or (multipart uploads) as form fields next
 * to `file`; a form field wins over the same query parameter.
 */
export class PlanImportOptionsDto {
  @ApiPropertyOptional({ description: 'Check and compare only; nothing is written.', default: false })
  @BooleanQuery()
  dryRun?: boolean;

  @ApiPropertyOptional({
    enum: PLAN_FILE_FORMATS,
    description: 'Default: from the file name’s extension, then the content type, then the content.',
  })
  @IsOptional()
  @IsIn(PLAN_FILE_FORMATS)
  format?: PlanFileFormat;

  @ApiPropertyOptional({
    enum: PLAN_FILE_ENCODINGS,
    default: 'auto',
    description: 'Text files: `auto` = UTF-8 (BOM optional), then Shift_JIS (CP932).',
  })
  @IsOptional()
  @IsIn(PLAN_FILE_ENCODINGS)
  encoding?: EncodingOption;

  @ApiPropertyOptional({
    description:
      'Column mapping as a JSON object `{"<header in the file>": "<field or alias or ignore>"}`; wins over the built-in headers and a `# mapping:` line. Fields: code, title, summary, background, goal, theme, workingGroup, indicator, unit, baseline, target, direction, budget.',
    example: '{"改革項目":"code","改革項目名称案":"title","基本方針の説明":"ignore"}',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAPPING_MAX_LENGTH)
  mapping?: string;

  @ApiPropertyOptional({
    description: 'Plan title; wins over the file’s `# plan:` line. Plans are matched by title.',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  planTitle?: string;

  @ApiPropertyOptional({
    minimum: MIN_FISCAL_YEAR,
    maximum: MAX_FISCAL_YEAR,
    description: 'First fiscal year.',
  })
  @IsOptional()
  @NumberQuery()
  @IsFiscalYear()
  periodStartFy?: number;

  @ApiPropertyOptional({
    minimum: MIN_FISCAL_YEAR,
    maximum: MAX_FISCAL_YEAR,
    description: 'Last fiscal year.',
  })
  @IsOptional()
  @NumberQuery()
  @IsFiscalYear()
  periodEndFy?: number;

  @ApiPropertyOptional({
    description: 'Raw-body uploads: the file name (its extension decides the format).',
    maxLength: 255,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  fileName?: string;
}

export class BilingualTextDto {
  @ApiProperty({ example: '「abc」は数値として読み取れません。' })
  ja: string;
  @ApiProperty({ example: '"abc" is not a number.' })
  en: string;
}

export class ImportProblemDto {
  @ApiProperty({ enum: ['error', 'warning'] })
  severity: 'error' | 'warning';
  @ApiProperty({ description: 'Stable rule id (see libs/plan-import/README.md).', example: 'not_a_number' })
  rule: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Row as seen in the file; null = whole file.' })
  row: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Header as written in the file.' })
  column: string | null;
  @ApiPropertyOptional()
  value?: string;
  @ApiProperty({ type: BilingualTextDto })
  message: BilingualTextDto;
}

export class PlanCountsDto {
  @ApiProperty({ example: 2 })
  goals: number;
  @ApiProperty({ example: 4 })
  themes: number;
  @ApiProperty({ example: 19 })
  items: number;
  @ApiProperty({ example: 20 })
  indicators: number;
}

export class ChangedItemDto {
  @ApiProperty({ example: '1-1' })
  code: string;
  @ApiProperty({
    type: [String],
    example: ['title', 'indicators'],
    description: 'title, summary, background, goalCode, themeCode, workingGroup, budgetAmount, indicators',
  })
  fields: string[];
}

export class ImportSourceDto {
  @ApiProperty({ type: String, nullable: true })
  fileName: string | null;
  @ApiProperty({ enum: PLAN_FILE_FORMATS })
  format: string;
  @ApiPropertyOptional({ enum: ['utf-8', 'utf-8-bom', 'shift_jis', 'utf-16le', 'utf-16be'] })
  encoding?: string;
  @ApiPropertyOptional()
  sheetName?: string;
  @ApiProperty({ description: 'Data rows read (comments and header not counted).' })
  dataRows: number;
}

export class PreviewIndicatorDto {
  @ApiProperty()
  name: string;
  @ApiProperty()
  unit: string;
  @ApiProperty({ type: Number, nullable: true })
  baseline: number | null;
  @ApiProperty({ enum: ['higher_is_better', 'lower_is_better'] })
  direction: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { '2027': 60 } })
  targets: Record<string, number>;
}

export class PreviewItemDto {
  @ApiProperty()
  code: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ type: String, nullable: true })
  workingGroup: string | null;
  @ApiProperty({ description: 'Yen.' })
  budgetCurrentAmount: number;
  @ApiProperty({ enum: ['added', 'changed', 'unchanged'] })
  status: string;
  @ApiProperty({ type: [PreviewIndicatorDto] })
  indicators: PreviewIndicatorDto[];
}

export class PreviewThemeDto {
  @ApiProperty()
  code: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ description: 'Made up for rows that name no theme.' })
  isDefault: boolean;
  @ApiProperty({ type: [PreviewItemDto] })
  items: PreviewItemDto[];
}

export class PreviewGoalDto {
  @ApiProperty()
  code: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ description: 'Made up for rows that name no goal.' })
  isDefault: boolean;
  @ApiProperty({ type: [PreviewThemeDto] })
  themes: PreviewThemeDto[];
}

export class PlanImportReportDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null only on a dry run of a plan that does not exist yet.',
  })
  planId: string | null;
  @ApiProperty({ example: '平塚市行財政改革計画（2024-2027）' })
  planTitle: string;
  @ApiProperty({ description: 'The plan was (dry run: would be) created rather than updated.' })
  planCreated: boolean;
  @ApiProperty({ type: Number, nullable: true })
  periodStartFy: number | null;
  @ApiProperty({ type: Number, nullable: true })
  periodEndFy: number | null;
  @ApiProperty()
  dryRun: boolean;
  @ApiProperty({ type: ImportSourceDto })
  source: ImportSourceDto;
  @ApiProperty({ type: PlanCountsDto, description: 'What the file contains.' })
  counts: PlanCountsDto;
  @ApiProperty({ type: [String], description: 'Item codes new to the plan.' })
  added: string[];
  @ApiProperty({ type: [ChangedItemDto], description: 'Items updated in place (ids and cycles kept).' })
  changed: ChangedItemDto[];
  @ApiProperty({ type: [String] })
  unchanged: string[];
  @ApiProperty({
    type: [String],
    description:
      'Item codes of the plan that the file no longer lists: reported, NOT deleted (they may have cycles).',
  })
  removed: string[];
  @ApiProperty({ type: [String], description: 'Working groups created for the file (no leader yet).' })
  workingGroupsCreated: string[];
  @ApiProperty({ type: [ImportProblemDto] })
  warnings: ImportProblemDto[];
  @ApiPropertyOptional({
    type: [PreviewGoalDto],
    description: 'Dry run only: the tree the import would write.',
  })
  tree?: PreviewGoalDto[];
}

export class PlanListQueryDto extends PaginationQueryDto {}

export class PlanSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '平塚市行財政改革計画（2024-2027）' })
  title: string;
  @ApiProperty({ type: Number, nullable: true, example: 2024 })
  periodStartFy: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 2027 })
  periodEndFy: number | null;
  @ApiProperty({ example: 2 })
  goalCount: number;
  @ApiProperty({ example: 4 })
  themeCount: number;
  @ApiProperty({ example: 19 })
  itemCount: number;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class PlanPageDto extends PageOf(PlanSummaryDto) {}

export class PlanItemCycleDto extends PickType(ItemHeadDto, ['stage', 'status'] as const) {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 2026 })
  fiscalYear: number;
  @ApiProperty()
  awaitingApproval: boolean;
}

export class PlanWorkingGroupRefDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '窓口・デジタルWG' })
  name: string;
}

export class PlanTreeItemDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '1-1' })
  code: string;
  @ApiProperty({ example: '窓口サービスのDX推進' })
  title: string;
  @ApiProperty({ type: PlanWorkingGroupRefDto, nullable: true })
  workingGroup: PlanWorkingGroupRefDto | null;
  @ApiProperty({ example: 1 })
  indicatorCount: number;
  @ApiProperty({
    type: PlanItemCycleDto,
    nullable: true,
    description: 'The latest fiscal year’s cycle, if any.',
  })
  currentCycle: PlanItemCycleDto | null;
}

export class PlanThemeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '改革テーマ1' })
  code: string;
  @ApiProperty({ example: '行政サービスの向上' })
  title: string;
  @ApiProperty()
  isDefault: boolean;
  @ApiProperty({ type: [PlanTreeItemDto] })
  items: PlanTreeItemDto[];
}

export class PlanGoalDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '目標1' })
  code: string;
  @ApiProperty({ example: '効率的・効果的な行政サービスの推進' })
  title: string;
  @ApiProperty()
  isDefault: boolean;
  @ApiProperty({ type: [PlanThemeDto] })
  themes: PlanThemeDto[];
}

export class PlanTreeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ type: Number, nullable: true })
  periodStartFy: number | null;
  @ApiProperty({ type: Number, nullable: true })
  periodEndFy: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The source document (`# source:`).' })
  source: string | null;
  @ApiProperty({ type: PlanCountsDto, description: 'Nodes and items of the plan (indicators counted too).' })
  counts: PlanCountsDto;
  @ApiProperty({ type: [PlanGoalDto], description: 'Goals/policies → themes → items, in plan order.' })
  goals: PlanGoalDto[];
  @ApiProperty({ type: [PlanTreeItemDto], description: 'Items that hang under no theme of this plan.' })
  unassignedItems: PlanTreeItemDto[];
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export function mapProblem(problem: ImportProblem): ImportProblemDto {
  return {
    severity: problem.severity,
    rule: problem.rule,
    row: problem.row,
    column: problem.column,
    ...(problem.value !== undefined ? { value: problem.value } : {}),
    message: { ja: problem.message.ja, en: problem.message.en },
  };
}

export function mapImportReport(report: PlanImportReport): PlanImportReportDto {
  const { tree, warnings, source, ...rest } = report;
  return {
    ...rest,
    source: {
      fileName: source.fileName,
      format: source.format,
      ...(source.encoding ? { encoding: source.encoding } : {}),
      ...(source.sheetName ? { sheetName: source.sheetName } : {}),
      dataRows: source.dataRows,
    },
    warnings: warnings.map(mapProblem),
    ...(tree ? { tree: tree as PlanPreviewGoal[] } : {}),
  };
}

export function mapPlanSummary(plan: PlanSummary): PlanSummaryDto {
  return {
    ...plan,
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}

function mapTreeItem(item: PlanTreeItem): PlanTreeItemDto {
  return {
    id: item.id,
    code: item.code,
    title: item.title,
    workingGroup: item.workingGroup,
    indicatorCount: item.indicatorCount,
    currentCycle: item.currentCycle,
  };
}

/** Goals → themes → items from the flat rows (nodes and items both come in plan order). */
export function mapPlanTree(plan: PlanEntity, nodes: PlanTreeNode[], items: PlanTreeItem[]): PlanTreeDto {
  const goals = nodes.filter((n) => n.kind === 'goal' && n.parentId === null);
  const themesOf = new Map<string, PlanTreeNode[]>();
  for (const node of nodes) {
    if (node.kind !== 'theme' || node.parentId === null) continue;
    themesOf.set(node.parentId, [...(themesOf.get(node.parentId) ?? []), node]);
  }
  const itemsOf = new Map<string, PlanTreeItem[]>();
  for (const item of items) {
    if (item.themeId) itemsOf.set(item.themeId, [...(itemsOf.get(item.themeId) ?? []), item]);
  }
  const placed = new Set<string>();
  const goalDtos: PlanGoalDto[] = goals.map((goal) => ({
    id: goal.id,
    code: goal.code,
    title: goal.title,
    isDefault: goal.isDefault,
    themes: (themesOf.get(goal.id) ?? []).map((theme) => {
      const themeItems = itemsOf.get(theme.id) ?? [];
      for (const item of themeItems) placed.add(item.id);
      return {
        id: theme.id,
        code: theme.code,
        title: theme.title,
        isDefault: theme.isDefault,
        items: themeItems.map(mapTreeItem),
      };
    }),
  }));
  const source = plan.source as { document?: unknown };
  return {
    id: plan.id,
    title: plan.title,
    periodStartFy: plan.periodStartFy,
    periodEndFy: plan.periodEndFy,
    source: typeof source?.document === 'string' ? source.document : null,
    counts: {
      goals: goals.length,
      themes: goalDtos.reduce((sum, g) => sum + g.themes.length, 0),
      items: items.length,
      indicators: items.reduce((sum, i) => sum + i.indicatorCount, 0),
    },
    goals: goalDtos,
    unassignedItems: items.filter((i) => !placed.has(i.id)).map(mapTreeItem),
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}
