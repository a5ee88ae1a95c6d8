import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { EncodingOption, PlanFileFormat } from '@pdca/plan-import';
import type { ImportProblem, PlanImportReport, PlanPreviewNode } from '@pdca/plan-import/store';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsFiscalYear, MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../common/http/fiscal-year';
import { LocalizedTextDto } from '../common/http/localized-text.dto';
import { BooleanQuery, NumberQuery } from '../common/http/pagination.dto';

// POST /plans/import: its options and the import report it answers with.
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
  @ApiProperty({ example: 2, description: 'Nodes on the top level (goals / 基本方針 / 柱).' })
  goals: number;
  @ApiProperty({
    example: 4,
    description: 'Nodes below the top level (themes, and the level-3 nodes of a four-level plan).',
  })
  themes: number;
  @ApiProperty({ type: [Number], example: [2, 4], description: 'Nodes per level, from the top.' })
  levels: number[];
  @ApiProperty({ example: 19 })
  items: number;
  @ApiProperty({ example: 20, description: 'The items’ indicators.' })
  indicators: number;
  @ApiProperty({ example: 3, description: 'The nodes’ and the plan’s own indicators (主要目標).' })
  nodeIndicators: number;
}

export class ChangedItemDto {
  @ApiProperty({ example: '1-1' })
  code: string;
  @ApiProperty({
    type: [String],
    example: ['title', 'indicators'],
    description:
      'title, summary, background, goalCode, themeCode, alsoUnder, workingGroup, budgetAmount, effectTargets, indicators',
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

export class PreviewNodeDto {
  @ApiProperty()
  code: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ description: 'Made up for rows that name nothing on this level.' })
  isDefault: boolean;
  @ApiProperty({ example: 1, description: '1 = the top level.' })
  level: number;
  @ApiProperty({ type: () => [PreviewNodeDto] })
  children: PreviewNodeDto[];
  @ApiProperty({ type: [PreviewItemDto], description: 'Items whose primary parent this node is.' })
  items: PreviewItemDto[];
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
  @ApiProperty({
    type: [LocalizedTextDto],
    description:
      'The plan’s levels from the top, the last being the reform item’s: the file’s (`# levels:`), else the plan’s own, else the city’s settings.',
  })
  levels: LocalizedTextDto[];
  @ApiProperty({ description: 'The file said its levels (`# levels:`): they are stored as the plan’s own.' })
  levelsFromFile: boolean;
  @ApiPropertyOptional({
    type: [PreviewNodeDto],
    description: 'Dry run only: the tree the import would write (top-level nodes, each with its subtree).',
  })
  tree?: PreviewNodeDto[];
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
    ...(tree ? { tree: tree as PlanPreviewNode[] } : {}),
  };
}
