/**
 * The 評価シート's words and how it writes values, dates, grades and year ranges in each language
 * (split from evaluation-sheet-model.ts). Japanese keeps its full-width punctuation; English uses
 * ASCII punctuation only — "A (On plan)", "Cumulative (FY2024–FY2026)".
 */
import {
  DEFAULT_APPROVAL_POLICY,
  GLOSSARY,
  jstDateString,
  type LocalizedText,
  reportFiscalYear,
} from '@pdca/domain';
import type { SheetGrade } from '@pdca/persistence/repositories/evaluation-sheet.types';

export type SheetLang = 'ja' | 'en';

/** A typed value: yen print in 千円, percent with one decimal, an empty value as a blank cell. */
export type SheetValue =
  | { readonly text: string }
  | { readonly yen: number }
  | { readonly percent: number }
  | { readonly number: number }
  | null;

/** What a label/value row prints when it has nothing to say (a blank cell reads as forgotten). */
export const EMPTY = '—';

export const L = {
  sheet: { ja: '評価シート', en: 'evaluation sheet' },
  basics: { ja: '基本情報', en: 'Item' },
  code: { ja: '番号', en: 'Code' },
  leader: { ja: 'WGリーダー', en: 'Leader' },
  plan: { ja: '計画', en: 'Plan' },
  period: { ja: '計画期間', en: 'Plan period' },
  place: { ja: '計画上の位置付け', en: 'Place in the plan' },
  relisted: { ja: '（再掲）', en: ' (listed again)' },
  purpose: { ja: '目的・対象・概要', en: 'Purpose, target and outline' },
  summary: { ja: '概要', en: 'Outline' },
  background: { ja: '目的・現状と課題', en: 'Purpose and background' },
  indicators: { ja: '指標', en: 'Indicators' },
  noIndicator: { ja: '指標はありません。', en: 'No indicator.' },
  fiscalYear: { ja: '年度', en: 'Fiscal year' },
  kind: { ja: '区分', en: 'Kind' },
  outcome: { ja: '成果指標', en: 'Outcome' },
  activity: { ja: '活動指標', en: 'Activity' },
  unit: { ja: '単位', en: 'Unit' },
  method: { ja: '算定方法', en: 'Method' },
  direction: { ja: '方向', en: 'Direction' },
  higher: { ja: '高いほど良い', en: 'Higher is better' },
  lower: { ja: '低いほど良い', en: 'Lower is better' },
  finalTarget: { ja: '最終目標値', en: 'Final target' },
  target: { ja: '目標値', en: 'Target' },
  actual: { ja: '実績値', en: 'Actual' },
  formula: { ja: '算式', en: 'Formula' },
  work: { ja: '主な取組と成果', en: 'Main activities and results' },
  activities: { ja: '取組内容', en: 'Activities' },
  results: { ja: '実施結果', en: 'Results' },
  // The grade of the city's progress scale: 進捗評価 on the board, the forms and the 進捗管理表.
  progressGrade: { ja: '進捗評価', en: 'Progress grade' },
  progressGradeReason: { ja: '進捗評価の理由', en: 'Reasons for the progress grade' },
  reason: { ja: '理由', en: 'Reason' },
  evaluation: { ja: '評価', en: 'Evaluation' },
  // The 進捗管理表's column words.
  hqReason: {
    ja: `${GLOSSARY.secondEvaluation.ja}の理由`,
    en: 'Reasons for the second evaluation (HQ)',
  },
  issues: { ja: '課題', en: 'Issues' },
  effects: { ja: '効果額', en: 'Fiscal effect' },
  effectTarget: { ja: '見込額', en: 'Target' },
  effectActual: { ja: '実績額', en: 'Actual' },
  cumulative: { ja: '累計', en: 'Cumulative' },
  comments: { ja: '本部のコメント', en: 'Comments from HQ' },
  approved: { ja: '承認', en: 'approved' },
  returned: { ja: '差戻し', en: 'returned' },
  page: { ja: 'ページ', en: 'Page' },
} satisfies Record<string, LocalizedText>;

/** `（x）` in Japanese, ` (x)` in English. */
export function parenthesised(text: string, lang: SheetLang): string {
  return lang === 'ja' ? `（${text}）` : ` (${text})`;
}

/** A fiscal year as the reports title it: `令和7年度（2025年度）` / `FY2025 (Reiwa 7)`. */
export const fiscalYearText = (fiscalYear: number, lang: SheetLang): string =>
  reportFiscalYear(fiscalYear)[lang];

/** `令和6年度（2024年度）〜令和8年度（2026年度）` / `FY2024–FY2026` (no nested brackets in English). */
export function yearRange(from: number, to: number, lang: SheetLang): string {
  return lang === 'ja' ? `${fiscalYearText(from, 'ja')}〜${fiscalYearText(to, 'ja')}` : `FY${from}–FY${to}`;
}

/** Every grade of a scale as symbol and label, `A（計画どおり）` / `A (On plan)`; the symbol alone without a label. */
export function gradeLine(grade: SheetGrade, lang: SheetLang): string {
  const label = grade.label?.[lang];
  return label ? `${grade.symbol}${parenthesised(label, lang)}` : grade.symbol;
}

/** A 今後の方向性, whose symbol is its Japanese label: the label in the sheet's language. */
export function decisionLine(grade: SheetGrade, lang: SheetLang): string {
  return grade.label?.[lang] ?? grade.symbol;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A day in Japan time as the web app writes it: `2026年12月7日` / `7 Dec 2026`. */
export function sheetDate(iso: string, lang: SheetLang): string {
  const [year, month, day] = jstDateString(new Date(iso)).split('-').map(Number) as [number, number, number];
  return lang === 'ja' ? `${year}年${month}月${day}日` : `${day} ${MONTHS[month - 1]} ${year}`;
}

/**
 * The label of one of HQ's comments: `計画 — 承認（2026年12月7日、本部 次郎）`. The approval step is
 * named only when the city's chain has its own steps (推進リーダー, 本部長): the default one-step
 * chain's 本部承認 would only repeat 承認.
 */
export function commentLabel(
  comment: {
    readonly stage: LocalizedText;
    readonly stepLabel: LocalizedText;
    readonly status: string;
    readonly decidedAt: string | null;
    readonly approverName: string | null;
  },
  lang: SheetLang,
): string {
  const status =
    comment.status === 'approved' || comment.status === 'returned' ? L[comment.status][lang] : '';
  const defaultStep = DEFAULT_APPROVAL_POLICY.steps[0]!.label[lang];
  const step = comment.stepLabel[lang] === defaultStep ? '' : comment.stepLabel[lang];
  const what = [step, status].filter(Boolean).join(lang === 'ja' ? '：' : ': ');
  const when = [comment.decidedAt ? sheetDate(comment.decidedAt, lang) : '', comment.approverName ?? '']
    .filter(Boolean)
    .join(lang === 'ja' ? '、' : ', ');
  return `${comment.stage[lang]}${what ? ` — ${what}` : ''}${when ? parenthesised(when, lang) : ''}`;
}

/** A value as the HTML prints it: yen in 千円 (`3,600千円`), percent with one decimal; empty as ''. */
export function valueText(value: SheetValue, lang: SheetLang): string {
  if (value === null) return '';
  if ('text' in value) return value.text;
  if ('yen' in value) {
    const thousands = (value.yen / 1000).toLocaleString('ja-JP', { maximumFractionDigits: 3 });
    return lang === 'ja' ? `${thousands}千円` : `${thousands} thousand yen`;
  }
  if ('percent' in value) return `${value.percent.toFixed(1)}%`;
  return value.number.toLocaleString('ja-JP', { maximumFractionDigits: 6 });
}
