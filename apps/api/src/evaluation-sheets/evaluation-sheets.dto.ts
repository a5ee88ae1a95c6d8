import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { type ExportLang, ExportLangQuery } from '../common/http/export-lang';
import { IsFiscalYear, MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../common/http/fiscal-year';
import { BooleanQuery } from '../common/http/pagination.dto';

export const EVALUATION_SHEET_FORMATS = ['html', 'xlsx'] as const;
export type EvaluationSheetFormat = (typeof EVALUATION_SHEET_FORMATS)[number];

/** `GET /items/{itemId}/evaluation-sheet`: which year, which file, for whom, in which language. */
export class EvaluationSheetQueryDto {
  @ApiProperty({ minimum: MIN_FISCAL_YEAR, maximum: MAX_FISCAL_YEAR, example: 2025 })
  @Type(() => Number)
  @IsFiscalYear()
  fiscalYear: number;

  @ApiPropertyOptional({
    enum: EVALUATION_SHEET_FORMATS,
    default: 'html',
    description: '`html`: a print-ready A4 page (shown inline); `xlsx`: one styled sheet (a download).',
  })
  @IsOptional()
  @IsIn(EVALUATION_SHEET_FORMATS)
  format?: EvaluationSheetFormat;

  @ApiPropertyOptional({
    description: '公表用 (for publication): no personal names (leader, submitters, approvers).',
    default: false,
  })
  @BooleanQuery()
  publication?: boolean;

  @ExportLangQuery('headings and labels')
  lang?: ExportLang;
}
