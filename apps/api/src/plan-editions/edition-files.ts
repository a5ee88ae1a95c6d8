import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { PlanRollup } from '@pdca/domain';
import {
  compareItemCodes,
  EVALUATION_SHEET_PREFIX,
  EXTERNAL_REVIEW_PREFIX,
  externalReviewFileOf,
  fileSafeCode,
  POLICY_SHEET_PREFIX,
  policySheetFileOf,
  sheetFileOf,
} from '@pdca/domain/edition-files';
import type { EditionFileInput, PlanReportData } from '@pdca/persistence/repositories';
import { progressReportCsv, writeProgressReportXlsx } from '@pdca/reports/progress-report';
import type { RenderedEvaluationSheet } from '../evaluation-sheets/evaluation-sheets.service';
import type { RenderedReviewReport } from '../external-review-reports/external-review-reports.service';
import type { RenderedPolicySheet } from '../policy-evaluation-sheets/policy-evaluation-sheets.service';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

/** What a file of an edition is, in words, for the download's Japanese file name and the web page. */
export function editionFileLabel(name: string): string {
  const sheet = sheetFileOf(name);
  if (sheet) return `評価シート_${sheet.code}`;
  const policySheet = policySheetFileOf(name);
  if (policySheet) return `施策評価シート_${policySheet.code}`;
  const report = externalReviewFileOf(name);
  if (report) return `外部評価報告書_第${report.code}回`;
  if (name.startsWith('progress-report.')) return '進捗管理表';
  return name.replace(/\.[^.]+$/, '');
}

/** Everything a stream writer writes, as one Buffer (the xlsx writer ends the stream itself). */
export async function collect(write: (stream: Writable) => Promise<void>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  await write(sink);
  await finished(sink);
  return Buffer.concat(chunks);
}

/**
 * The 進捗管理表 of the year as published (公表用: no personal names), in Japanese: Excel for the
 * reader and CSV for anyone re-using the figures (オープンデータ).
 */
export async function progressReportFiles(
  data: PlanReportData,
  rollup: PlanRollup,
  fiscalYear: number,
): Promise<EditionFileInput[]> {
  const options = { fiscalYear, publication: true, lang: 'ja' } as const;
  return [
    {
      name: 'progress-report.xlsx',
      contentType: XLSX_TYPE,
      bytes: await collect((stream) => writeProgressReportXlsx(data, rollup, options, stream)),
    },
    {
      name: 'progress-report.csv',
      contentType: CSV_TYPE,
      bytes: Buffer.from(progressReportCsv(data, options)),
    },
  ];
}

/** A rendered sheet as the edition names it: by its item's or node's id and code. */
interface EditionSheet {
  readonly id: string;
  readonly code: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

/**
 * Each sheet as `<prefix>-<code>.html` and `.xlsx`, in code order (1-2 before 1-10, as the plan
 * counts them). Codes that sanitise to the same name (「1.2」 and 「1_2」) get `-2`, `-3` … so no
 * file hides another.
 */
function sheetFilesNamed(
  prefix: string,
  html: readonly EditionSheet[],
  xlsx: readonly EditionSheet[],
): EditionFileInput[] {
  const workbooks = new Map(xlsx.map((sheet) => [sheet.id, sheet]));
  const taken = new Set<string>();
  const files: EditionFileInput[] = [];
  const inOrder = [...html].sort((a, b) => compareItemCodes(a.code, b.code));
  inOrder.forEach((page, index) => {
    const base = `${prefix}-${fileSafeCode(page.code, index)}`;
    let stem = base;
    for (let n = 2; taken.has(stem); n++) stem = `${base}-${n}`;
    taken.add(stem);
    files.push({ name: `${stem}.html`, contentType: page.contentType, bytes: page.bytes });
    const book = workbooks.get(page.id);
    if (book) files.push({ name: `${stem}.xlsx`, contentType: book.contentType, bytes: book.bytes });
  });
  return files;
}

/** Each item's 評価シート as `evaluation-sheet-<code>.html` and `.xlsx`. */
export function evaluationSheetFiles(
  html: readonly RenderedEvaluationSheet[],
  xlsx: readonly RenderedEvaluationSheet[],
): EditionFileInput[] {
  const byItem = (s: RenderedEvaluationSheet): EditionSheet => ({ ...s, id: s.itemId, code: s.itemCode });
  return sheetFilesNamed(EVALUATION_SHEET_PREFIX, html.map(byItem), xlsx.map(byItem));
}

/** Each evaluated node's 施策評価シート (#24) as `policy-evaluation-sheet-<code>.html` and `.xlsx`. */
export function policySheetFiles(
  html: readonly RenderedPolicySheet[],
  xlsx: readonly RenderedPolicySheet[],
): EditionFileInput[] {
  const byNode = (s: RenderedPolicySheet): EditionSheet => ({ ...s, id: s.nodeId, code: s.nodeCode });
  return sheetFilesNamed(POLICY_SHEET_PREFIX, html.map(byNode), xlsx.map(byNode));
}

/** Each review round's 外部評価報告書 (#25) as `external-review-<n>.html` and `.xlsx`, n its 第n回 of the year. */
export function externalReviewFiles(
  reports: ReadonlyArray<{ html: RenderedReviewReport; xlsx: RenderedReviewReport }>,
): EditionFileInput[] {
  return reports.flatMap(({ html, xlsx }) => [
    {
      name: `${EXTERNAL_REVIEW_PREFIX}-${html.ordinal}.html`,
      contentType: html.contentType,
      bytes: html.bytes,
    },
    {
      name: `${EXTERNAL_REVIEW_PREFIX}-${xlsx.ordinal}.xlsx`,
      contentType: xlsx.contentType,
      bytes: xlsx.bytes,
    },
  ]);
}
