import type { ServerResponse } from 'node:http';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import { type EvaluationSheetFormat, EvaluationSheetQueryDto } from './evaluation-sheets.dto';
import {
  EVALUATION_SHEET_CONTENT_TYPES,
  type EvaluationSheetRenderOptions,
  EvaluationSheetsService,
} from './evaluation-sheets.service';

/** The served page may draw its own inline styles and nothing else: no script, no request out. */
export const SHEET_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** The documented answer of a sheet endpoint (the 施策評価シート's too). */
export const SHEET_OK = {
  description: 'The sheet (html inline; xlsx with Content-Disposition: attachment).',
  content: {
    'text/html': { schema: { type: 'string' } },
    [EVALUATION_SHEET_CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
  },
};

/** The query's render options with their defaults: html, not for publication, Japanese. */
export function sheetOptions(
  query: Pick<EvaluationSheetQueryDto, 'format' | 'publication' | 'lang'>,
): EvaluationSheetRenderOptions {
  return {
    format: query.format ?? 'html',
    publication: query.publication ?? false,
    lang: query.lang ?? 'ja',
  };
}

@ApiTags('items')
@Controller('items')
export class EvaluationSheetsController {
  constructor(private readonly sheets: EvaluationSheetsService) {}

  @Get(':itemId/evaluation-sheet')
  @Endpoint({
    summary: '評価シート of a reform item for a fiscal year, as a print-ready A4 page (html) or Excel (xlsx)',
    action: { en: 'export the evaluation sheet', ja: '評価シートの出力' },
    externalReviewers: { item: 'itemId' },
    roles: ['hq_approver', 'hq_admin', 'admin', 'auditor', 'wg_leader'],
    description:
      'The item’s place in the plan (every parent, 再掲 marked), 目的・対象・概要, each indicator with its target and actual for every year of the plan period and its 目標達成率 with the formula named, 主な取組と成果, 進捗評価 with its reason (the latest 進捗報告’s notes), 一次評価（所管）and 二次評価（本部）with their reasons, every grade as symbol and label (A（計画どおり）), 課題, 今後の方向性 with the budget reflected and its year, 効果額 of the year and cumulative, and HQ’s comments (dated 2026年12月7日). Fiscal years as 令和7年度（2025年度）; titled with the plan’s own name for its items (実施計画事業 評価シート). Every printed page (and the xlsx footer, with the page number) names the item. `html` is served inline (self-contained, print CSS for A4; the browser’s print makes the PDF), `xlsx` as an attachment (amounts in yen shown in 千円). `publication=true` leaves out every personal name; `lang` chooses the language of headings and labels (`ja` by default). A `wg_leader` may export only the items of the working groups they lead (403 otherwise).',
    ok: SHEET_OK,
    errors: [
      [403, 'A wg_leader asked for an item of a working group they do not lead.'],
      [404, 'No such reform item in your tenant.'],
    ],
  })
  async evaluationSheet(
    @CurrentUser() user: AuthUser,
    @Param('itemId', UuidParamPipe) itemId: string,
    @Query() query: EvaluationSheetQueryDto,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const options = sheetOptions(query);
    sendSheet(res, await this.sheets.renderForUser(user, itemId, query.fiscalYear, options), options.format);
  }
}

/** Writes a rendered sheet: html inline under {@link SHEET_CSP}, xlsx as an attachment. */
export function sendSheet(
  res: ServerResponse,
  sheet: {
    readonly bytes: Buffer;
    readonly contentType: string;
    readonly fileName: string;
    readonly asciiFileName: string;
  },
  format: EvaluationSheetFormat,
): void {
  const disposition = format === 'html' ? 'inline' : 'attachment';
  res.setHeader(
    'Content-Disposition',
    `${disposition}; filename="${sheet.asciiFileName}"; filename*=UTF-8''${encodeURIComponent(sheet.fileName)}`,
  );
  res.setHeader('Content-Type', sheet.contentType);
  res.setHeader('Content-Length', String(sheet.bytes.length));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (format === 'html') res.setHeader('Content-Security-Policy', SHEET_CSP);
  res.end(sheet.bytes);
}
