/**
 * 進捗管理表 (progress report) of a plan for one fiscal year: one row per item with every fiscal
 * year of the plan period side by side (progress-report-columns.ts), and a totals sheet 集計 by node
 * of every level (progress-report-totals.ts), both named by the plan's own level names. Excel
 * through ExcelJS's streaming writer (rows are written as they are made, so 1,000 items never sit in
 * memory as a workbook), and CSV with a BOM for other tools. One header row, in the report's
 * language: a second one would read as data to Excel.
 *
 * Amounts are stored in yen in both; the Excel cells show them in 千円 through a number format
 * (`#,##0,`), so a sum in Excel stays exact.
 */
import type { Writable } from 'node:stream';
import { type PlanRollup, reportFiscalYear, rollUpPlan } from '@pdca/domain';
import type { PlanReportData } from '@pdca/persistence/repositories/plan-report.repository';
import ExcelJS from 'exceljs';
import {
  type CellValue,
  type ColumnKind,
  levelsOf,
  type ProgressReportOptions,
  progressReportColumns,
  type ReportLang,
  reportPeriod,
  reportYears,
} from './progress-report-columns';
import { POLICY_EVALUATIONS_SHEET, policyEvaluationColumns } from './progress-report-policy';
import { PLAN_TARGETS_SHEET, planTargetColumns } from './progress-report-targets';
import { totalsColumns, totalsRows } from './progress-report-totals';

export {
  type ProgressReportOptions,
  progressReportColumns,
  REPORT_LANGS,
  type ReportLang,
  reportYears,
} from './progress-report-columns';

const YEN_IN_THOUSANDS = '#,##0,;[Red]-#,##0,';
const NUMBER = '#,##0.##';
const PERCENT = '0.0"%"';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const HEADER_BORDER: Partial<ExcelJS.Borders> = { bottom: { style: 'thin', color: { argb: 'FF7F7F7F' } } };

function formatOf(kind: ColumnKind): string | undefined {
  return kind === 'yen'
    ? YEN_IN_THOUSANDS
    : kind === 'number'
      ? NUMBER
      : kind === 'percent'
        ? PERCENT
        : undefined;
}

type Heading = { ja: string; en: string; kind: ColumnKind };

/** A column's heading in one language, with the unit of its figures: 千円 in Excel, 円 in CSV. */
function headerTitle(column: Heading, lang: ReportLang, unit: 'thousand' | 'yen'): string {
  const name = column[lang];
  if (lang === 'en') {
    if (column.kind === 'yen') return `${name} (${unit === 'thousand' ? 'thousand yen' : 'yen'})`;
    return column.kind === 'percent' ? `${name} (%)` : name;
  }
  if (column.kind === 'yen') return `${name}（${unit === 'thousand' ? '千円' : '円'}）`;
  return column.kind === 'percent' ? `${name}（%）` : name;
}

/** One header row, in the report's language (a second one would read as data to Excel). */
function writeHeader(sheet: ExcelJS.Worksheet, columns: readonly Heading[], lang: ReportLang) {
  const row = sheet.addRow(columns.map((c) => headerTitle(c, lang, 'thousand')));
  row.eachCell((cell) => {
    cell.font = { bold: true, size: 11, color: { argb: 'FF1F3864' } };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.border = HEADER_BORDER;
  });
  row.commit();
}

/** The sheets' names in the report's language. */
export const PROGRESS_REPORT_SHEETS = {
  ja: { items: '進捗管理表', totals: '集計' },
  en: { items: 'Progress report', totals: 'Totals' },
} as const satisfies Record<ReportLang, { items: string; totals: string }>;

/** `行財政改革計画 令和7年度（2025年度） 進捗管理表（公表用）`: the fiscal year as published reports write it. */
export function progressReportTitle(planTitle: string, options: ProgressReportOptions): string {
  const lang = options.lang ?? 'ja';
  const fy = reportFiscalYear(options.fiscalYear)[lang];
  if (lang === 'en')
    return `${planTitle} ${fy} progress report${options.publication ? ' (for publication)' : ''}`;
  return `${planTitle} ${fy} 進捗管理表${options.publication ? '（公表用）' : ''}`;
}

/**
 * The roll-up with the whole-period figures over the years the item sheet shows (the caller's own
 * when it has them already).
 */
function withPeriod(data: PlanReportData, rollup: PlanRollup): PlanRollup {
  if (rollup.period) return rollup;
  const period = reportPeriod(reportYears(data, rollup.fiscalYear));
  return rollUpPlan(data.items, rollup.fiscalYear, period.fromFy, period.toFy);
}

/** A wide sheet prints landscape on A4, one page wide and as many pages down as it takes. */
const LANDSCAPE_ONE_PAGE_WIDE: Partial<ExcelJS.PageSetup> = {
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
};

/** Long texts (the reasons) wrap in their cell. */
const WRAPPED: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };

/** Writes the workbook to `stream` (ends it). */
export async function writeProgressReportXlsx(
  data: PlanReportData,
  rollup: PlanRollup,
  options: ProgressReportOptions,
  stream: Writable,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'pdca-engine';
  const title = progressReportTitle(data.plan.title, options);
  workbook.title = title;

  const lang = options.lang ?? 'ja';
  const sheets = PROGRESS_REPORT_SHEETS[lang];
  const columns = progressReportColumns(data, options);
  const items = workbook.addWorksheet(sheets.items, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }],
    pageSetup: LANDSCAPE_ONE_PAGE_WIDE,
    headerFooter: { oddHeader: `&L${title}` },
  });
  items.columns = columns.map((c) => ({
    key: c.ja,
    width: c.width,
    style: { numFmt: formatOf(c.kind), ...(c.width >= 40 ? { alignment: WRAPPED } : {}) },
  }));
  writeHeader(items, columns, lang);
  for (const item of data.items) {
    items.addRow(columns.map((c) => c.value(item))).commit();
  }
  items.commit();

  // 29 columns or so: landscape, one page wide (as many pages down as it takes), titled on each page.
  const totals = workbook.addWorksheet(sheets.totals, {
    views: [{ state: 'frozen', xSplit: 3, ySplit: 1 }],
    pageSetup: LANDSCAPE_ONE_PAGE_WIDE,
    headerFooter: { oddHeader: `&L${title}` },
  });
  const complete = withPeriod(data, rollup);
  const totalColumns = totalsColumns(data, complete);
  totals.columns = totalColumns.map((c, i) => ({
    key: c.ja,
    width: i === 2 ? 36 : 14,
    style: { numFmt: formatOf(c.kind) },
  }));
  writeHeader(totals, totalColumns, lang);
  for (const row of totalsRows(complete, data.plan.title, levelsOf(data), lang)) {
    const added = totals.addRow(totalColumns.map((c) => c.value(row)));
    if (!row.deepest) added.font = { bold: true };
    added.commit();
  }
  totals.commit();
  const targets = data.targets ?? [];
  writeListSheet(workbook, PLAN_TARGETS_SHEET[lang], planTargetColumns(targets, lang), targets, lang);
  const evaluations = data.policyEvaluations ?? [];
  const policyColumns = policyEvaluationColumns(options, lang);
  writeListSheet(workbook, POLICY_EVALUATIONS_SHEET[lang], policyColumns, evaluations, lang);
  await workbook.commit();
}

/**
 * A sheet of one row per entry, when there is any: the 主要目標 (the plan's and its nodes' own
 * indicators) and the 施策評価 of the year (#24).
 */
function writeListSheet<T>(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: ReadonlyArray<Heading & { width: number; value: (row: T) => CellValue }>,
  rows: readonly T[],
  lang: ReportLang,
) {
  if (rows.length === 0) return;
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({
    key: c.ja,
    width: c.width,
    style: { numFmt: formatOf(c.kind), ...(c.width >= 30 ? { alignment: WRAPPED } : {}) },
  }));
  writeHeader(sheet, columns, lang);
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row))).commit();
  sheet.commit();
}

function csvCell(value: CellValue): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV (UTF-8 with BOM, CRLF) of the item sheet: one header row in the report's language, amounts in yen. */
export function progressReportCsv(data: PlanReportData, options: ProgressReportOptions): string {
  const lang = options.lang ?? 'ja';
  const columns = progressReportColumns(data, options);
  const lines = [
    columns.map((c) => csvCell(headerTitle(c, lang, 'yen'))).join(','),
    ...data.items.map((item) => columns.map((c) => csvCell(c.value(item))).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
