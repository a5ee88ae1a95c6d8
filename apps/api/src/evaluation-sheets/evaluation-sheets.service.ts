import { HttpStatus, Injectable } from '@nestjs/common';
import type { Role } from '@pdca/domain';
import {
  type EvaluationSheetData,
  EvaluationSheetRepository,
  ItemRepository,
} from '@pdca/persistence/repositories';
import { evaluationSheetHtml, evaluationSheetXlsx } from '@pdca/reports/evaluation-sheet';
import { apiError, notFound } from '../common/errors/localized-error';
import type { ExportLang } from '../common/http/export-lang';
import type { AuthUser } from '../common/http/request-context';
import { ITEM } from '../items/items.service';
import { PLAN } from '../plans/plans.service';
import type { EvaluationSheetFormat } from './evaluation-sheets.dto';

export interface EvaluationSheetRenderOptions {
  readonly format: EvaluationSheetFormat;
  /** 公表用: no personal names. */
  readonly publication: boolean;
  readonly lang: ExportLang;
}

/** One rendered sheet: its bytes, their type and a file name in the sheet's language. */
export interface RenderedEvaluationSheet {
  readonly itemId: string;
  readonly itemCode: string;
  readonly bytes: Buffer;
  readonly contentType: string;
  /** For `filename*` (may hold Japanese). */
  readonly fileName: string;
  /** For plain `filename` (ASCII only). */
  readonly asciiFileName: string;
}

export const EVALUATION_SHEET_CONTENT_TYPES: Readonly<Record<EvaluationSheetFormat, string>> = {
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Roles that read every item's sheet; a wg_leader reads only the sheets of the groups they lead. */
const READ_ALL: readonly Role[] = ['hq_approver', 'hq_admin', 'admin', 'auditor'];

/** Characters Windows and other file systems refuse in a name (a header percent-encodes the rest). */
const UNSAFE_IN_FILE_NAME = /[\\/:*?"<>|]/g;

/**
 * 評価シート files. `render` and `renderPlan` take a tenant id, not a user: the editions freeze a
 * year's sheets through them on HQ's behalf; `renderForUser` is the endpoint's way in, with the
 * leader's own-group rule.
 */
@Injectable()
export class EvaluationSheetsService {
  constructor(
    private readonly sheets: EvaluationSheetRepository,
    private readonly items: ItemRepository,
  ) {}

  async renderForUser(
    user: AuthUser,
    itemId: string,
    fiscalYear: number,
    options: EvaluationSheetRenderOptions,
  ): Promise<RenderedEvaluationSheet> {
    const item = await this.items.findDetail(user.tenantId, itemId);
    if (!item) throw notFound(ITEM);
    // An external reviewer reaches this only for an item under their review (the guard checked).
    const readsAll = user.roles.some(
      (role) => READ_ALL.includes(role as Role) || role === 'external_reviewer',
    );
    if (!readsAll && item.workingGroup?.leaderUserId !== user.id) {
      throw apiError(
        HttpStatus.FORBIDDEN,
        {
          ja: '評価シートは、本部・監査担当者と、その改革項目を担当するWGのリーダーだけが出力できます。',
          en: 'Only HQ, auditors and the leader of the item’s working group may export its evaluation sheet.',
        },
        { code: 'NOT_ITEM_LEADER' },
      );
    }
    return this.render(user.tenantId, itemId, fiscalYear, options);
  }

  /** One item's sheet; 404 when the tenant has no such item. */
  async render(
    tenantId: string,
    itemId: string,
    fiscalYear: number,
    options: EvaluationSheetRenderOptions,
  ): Promise<RenderedEvaluationSheet> {
    const data = await this.sheets.load(tenantId, itemId, fiscalYear);
    if (!data) throw notFound(ITEM);
    return renderSheet(data, options);
  }

  /** Every item's sheet of a plan for the year, in plan order; 404 when the tenant has no such plan. */
  async renderPlan(
    tenantId: string,
    planId: string,
    fiscalYear: number,
    options: EvaluationSheetRenderOptions,
  ): Promise<RenderedEvaluationSheet[]> {
    const sheets = await this.sheets.loadPlan(tenantId, planId, fiscalYear);
    if (sheets.length === 0 && !(await this.sheets.planExists(tenantId, planId))) throw notFound(PLAN);
    const rendered: RenderedEvaluationSheet[] = [];
    // One at a time: 300 workbooks at once would hold them all in memory together.
    for (const data of sheets) rendered.push(await renderSheet(data, options));
    return rendered;
  }
}

async function renderSheet(
  data: EvaluationSheetData,
  options: EvaluationSheetRenderOptions,
): Promise<RenderedEvaluationSheet> {
  const renderOptions = { publication: options.publication, lang: options.lang };
  const file = await sheetFile(
    options,
    {
      html: () => evaluationSheetHtml(data, renderOptions),
      xlsx: () => evaluationSheetXlsx(data, renderOptions),
    },
    {
      en: 'evaluation-sheet',
      ja: '評価シート',
      code: data.item.code,
      title: data.item.title,
      fy: data.fiscalYear,
    },
  );
  return { itemId: data.item.id, itemCode: data.item.code, ...file };
}

/**
 * A sheet's bytes in the asked format with its type and file names — `評価シート_1-1_<title>_2025年度.html`,
 * `evaluation-sheet_1-1_FY2025.html` in English, `evaluation-sheet-1-1-2025.html` in ASCII — for any
 * sheet named by `name` (the 施策評価シート's too).
 */
export async function sheetFile(
  options: EvaluationSheetRenderOptions,
  render: { readonly html: () => string; readonly xlsx: () => Promise<Buffer> },
  name: {
    readonly en: string;
    readonly ja: string;
    readonly code: string;
    readonly title: string;
    readonly fy: number;
  },
): Promise<Pick<RenderedEvaluationSheet, 'bytes' | 'contentType' | 'fileName' | 'asciiFileName'>> {
  const bytes = options.format === 'html' ? Buffer.from(render.html(), 'utf8') : await render.xlsx();
  const { code, fy } = name;
  const fileName =
    options.lang === 'en'
      ? `${name.en}_${code}_FY${fy}${options.publication ? '_public' : ''}.${options.format}`
      : `${name.ja}_${code}_${name.title.slice(0, 40)}_${fy}年度${options.publication ? '（公表用）' : ''}.${options.format}`;
  const asciiCode = code.replace(/[^A-Za-z0-9._-]/g, '_');
  return {
    bytes,
    contentType: EVALUATION_SHEET_CONTENT_TYPES[options.format],
    fileName: fileName.replace(UNSAFE_IN_FILE_NAME, '_'),
    asciiFileName: `${name.en}-${asciiCode}-${fy}${options.publication ? '-public' : ''}.${options.format}`,
  };
}
