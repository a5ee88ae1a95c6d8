/**
 * 予算反映状況 (#26): per budget year, every item with the decisions behind 反映額 and the chain
 * 予算要求額 → 査定額 → 当初予算額, as one Excel sheet a clerk can sort and filter (one header row,
 * in one language; amounts in yen). Published with the other sheets.
 */
import type { Writable } from 'node:stream';
import { reportFiscalYear } from '@pdca/domain';
import { BUDGET_CHAIN_LABELS } from '@pdca/domain/budget-chain';
import type { ChainItem, ChainYear } from '@pdca/persistence/repositories/item-budget.repository';
import { writeListSheetXlsx } from './list-sheet-xlsx';

export type BudgetStatusLang = 'ja' | 'en';

export interface BudgetStatusRow {
  readonly item: ChainItem;
  readonly year: ChainYear;
}

const W = {
  sheet: { ja: '予算反映状況', en: 'Budget reflection status' },
  code: { ja: '項目コード', en: 'Item code' },
  title: { ja: '改革項目', en: 'Reform item' },
  decision: { ja: '今後の方向性', en: 'Future direction' },
  budget: { ja: '予算額（現在）', en: 'Budget (current)' },
} as const;

/** 「令和9年度（2027年度） 予算反映状況」 / "FY2027 budget reflection status". */
export function budgetStatusTitle(fiscalYear: number, lang: BudgetStatusLang): string {
  const fy = reportFiscalYear(fiscalYear)[lang];
  return lang === 'ja' ? `${fy} ${W.sheet.ja}` : `${fy} ${W.sheet.en.toLowerCase()}`;
}

function yen(header: string, lang: BudgetStatusLang): string {
  return lang === 'ja' ? `${header}（円）` : `${header} (yen)`;
}

/** The cells of one row, in the sheet's column order. */
export function budgetStatusCells(
  row: BudgetStatusRow,
  lang: BudgetStatusLang,
): Array<string | number | null> {
  const y = row.year;
  return [
    row.item.code,
    row.item.title,
    y.reflections
      .map((r) =>
        lang === 'ja'
          ? `${r.decisionLabel.ja}（${r.sourceFiscalYear}年度）`
          : `${r.decisionLabel.en} (FY${r.sourceFiscalYear})`,
      )
      .join(lang === 'ja' ? '、' : '; ') || null,
    y.reflected?.amount ?? null,
    y.requested?.amount ?? null,
    y.assessed?.amount ?? null,
    y.adopted?.amount ?? null,
    y.budget?.amount ?? null,
  ];
}

export function budgetStatusHeaders(lang: BudgetStatusLang): string[] {
  return [
    W.code[lang],
    W.title[lang],
    W.decision[lang],
    yen(BUDGET_CHAIN_LABELS.reflected[lang], lang),
    yen(BUDGET_CHAIN_LABELS.requested[lang], lang),
    yen(BUDGET_CHAIN_LABELS.assessed[lang], lang),
    yen(BUDGET_CHAIN_LABELS.adopted[lang], lang),
    yen(W.budget[lang], lang),
  ];
}

const WIDTHS = [12, 40, 24, 16, 16, 16, 16, 16];

/** Writes the workbook to `stream` (ends it). */
export async function writeBudgetStatusXlsx(
  rows: readonly BudgetStatusRow[],
  options: { fiscalYear: number; lang: BudgetStatusLang },
  stream: Writable,
): Promise<void> {
  await writeListSheetXlsx(
    {
      title: budgetStatusTitle(options.fiscalYear, options.lang),
      sheetName: W.sheet[options.lang],
      headers: budgetStatusHeaders(options.lang),
      widths: WIDTHS,
      amountColumns: [3, 4, 5, 6, 7],
      frozenColumns: 2,
      rows: rows.map((row) => budgetStatusCells(row, options.lang)),
    },
    stream,
  );
}
