/**
 * 事業検証結果 (#26): a fiscal year's 事業検証 rounds as one Excel sheet, one row per item — its
 * 事業区分, whether it was carried over 方向性未決定 from last year, the team's 検証結果 and 方向性,
 * 本部の決定, and the decision's effect on the next budget (反映額 and the year it goes into).
 * Published beside 予算反映状況.
 */
import type { Writable } from 'node:stream';
import { type DecisionSetting, findDecision, reportFiscalYear } from '@pdca/domain';
import { VERIFICATION_ITEM_STATUS_LABELS } from '@pdca/domain/business-verification';
import { isProjectKind, PROJECT_KIND_LABELS } from '@pdca/domain/item-costs';
import type { VerificationItemRow } from '@pdca/persistence/repositories/verification-read.repository';
import { writeListSheetXlsx } from './list-sheet-xlsx';

export type VerificationResultsLang = 'ja' | 'en';

const W = {
  sheet: { ja: '事業検証結果', en: 'Business verification results' },
  round: { ja: '事業検証', en: 'Round' },
  code: { ja: '項目コード', en: 'Item code' },
  title: { ja: '改革項目', en: 'Reform item' },
  kind: { ja: '事業区分', en: 'Project kind' },
  carried: { ja: '前年度からの持ち越し', en: 'Carried over from' },
  findings: { ja: '検証結果', en: 'Findings' },
  proposed: { ja: '今後の方向性（検証チーム）', en: 'Decision (team)' },
  decision: { ja: '本部の決定', en: 'HQ’s decision' },
  status: { ja: '状況', en: 'Status' },
  current: { ja: '予算額（円）', en: 'Budget (yen)' },
  reflected: { ja: '予算への反映額（円）', en: 'Reflected amount (yen)' },
  target: { ja: '反映先の予算年度', en: 'Budget year' },
} as const;

/** 「令和8年度（2026年度） 事業検証結果」 / "FY2026 business verification results". */
export function verificationResultsTitle(fiscalYear: number, lang: VerificationResultsLang): string {
  const fy = reportFiscalYear(fiscalYear)[lang];
  return lang === 'ja' ? `${fy} ${W.sheet.ja}` : `${fy} ${W.sheet.en.toLowerCase()}`;
}

export function verificationResultsHeaders(lang: VerificationResultsLang): string[] {
  return [
    W.round,
    W.code,
    W.title,
    W.kind,
    W.carried,
    W.findings,
    W.proposed,
    W.decision,
    W.status,
    W.current,
    W.reflected,
    W.target,
  ].map((w) => w[lang]);
}

/** The cells of one item's row, in the sheet's column order. */
export function verificationResultsCells(
  row: VerificationItemRow,
  decisions: readonly DecisionSetting[],
  lang: VerificationResultsLang,
): Array<string | number | null> {
  const label = (code: string | null | undefined) =>
    code ? (findDecision({ decisions }, code)?.label[lang] ?? code) : null;
  const from = row.carriedFrom;
  return [
    row.roundTitle,
    row.code,
    row.title,
    isProjectKind(row.projectKind) ? PROJECT_KIND_LABELS[row.projectKind][lang] : null,
    from
      ? lang === 'ja'
        ? `${from.fiscalYear}年度（${label(from.decision) ?? '—'}）`
        : `FY${from.fiscalYear} (${label(from.decision) ?? '—'})`
      : null,
    row.submission?.findings ?? null,
    label(row.submission?.decision),
    label(row.decision),
    VERIFICATION_ITEM_STATUS_LABELS[row.status][lang],
    row.currentAmount,
    row.reflection?.proposedAmount ?? null,
    row.reflection
      ? lang === 'ja'
        ? `${row.reflection.fiscalYear}年度`
        : `FY${row.reflection.fiscalYear}`
      : null,
  ];
}

/** Writes the workbook to `stream` (ends it). */
export async function writeVerificationResultsXlsx(
  rows: readonly VerificationItemRow[],
  options: { fiscalYear: number; lang: VerificationResultsLang; decisions: readonly DecisionSetting[] },
  stream: Writable,
): Promise<void> {
  await writeListSheetXlsx(
    {
      title: verificationResultsTitle(options.fiscalYear, options.lang),
      sheetName: W.sheet[options.lang],
      headers: verificationResultsHeaders(options.lang),
      widths: [24, 10, 36, 14, 18, 60, 16, 16, 16, 16, 16, 14],
      amountColumns: [9, 10],
      frozenColumns: 3,
      wrapColumns: [5],
      rows: rows.map((row) => verificationResultsCells(row, options.decisions, options.lang)),
    },
    stream,
  );
}
