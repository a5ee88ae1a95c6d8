/**
 * The 進捗管理表's 施策評価 sheet (#24): one row per node evaluated in the year — code, title, the
 * plan's level name, 担当部評価 (symbol and label), 評価の理由, 課題, 今後の方向性 and the status;
 * the 担当部長 only when the report is not for publication. The same words as the 施策評価シート.
 */
import { GLOSSARY } from '@pdca/domain';
import type { PolicyEvaluationSheetData } from '@pdca/persistence/repositories/policy-evaluation-sheet.types';
import { gradeLine, L } from './evaluation-sheet-format';
import { POLICY_SHEET_WORDS, POLICY_STATUS_WORDS } from './policy-evaluation-sheet';
import type { CellValue, ColumnKind, ProgressReportOptions, ReportLang } from './progress-report-columns';

export const POLICY_EVALUATIONS_SHEET = GLOSSARY.policyEvaluation;

export interface PolicyEvaluationColumn {
  readonly ja: string;
  readonly en: string;
  readonly kind: ColumnKind;
  readonly width: number;
  readonly value: (evaluation: PolicyEvaluationSheetData) => CellValue;
}

export function policyEvaluationColumns(
  options: ProgressReportOptions,
  lang: ReportLang,
): PolicyEvaluationColumn[] {
  const column = (
    words: { ja: string; en: string },
    width: number,
    value: PolicyEvaluationColumn['value'],
  ): PolicyEvaluationColumn => ({ ja: words.ja, en: words.en, kind: 'text', width, value });
  return [
    column(L.code, 10, (e) => e.node.code),
    column(POLICY_SHEET_WORDS.node, 36, (e) => e.node.title),
    column({ ja: '階層', en: 'Level' }, 12, (e) => e.node.levelName?.[lang] ?? ''),
    column(GLOSSARY.policyRating, 16, (e) => (e.rating ? gradeLine(e.rating, lang) : '')),
    column(GLOSSARY.ratingReason, 48, (e) => e.reason),
    column(POLICY_SHEET_WORDS.issues, 40, (e) => e.issues),
    column(GLOSSARY.direction, 40, (e) => e.direction),
    column(POLICY_SHEET_WORDS.status, 12, (e) => POLICY_STATUS_WORDS[e.status][lang]),
    ...(options.publication ? [] : [column(GLOSSARY.nodeOwner, 16, (e) => e.node.ownerName ?? '')]),
  ];
}
