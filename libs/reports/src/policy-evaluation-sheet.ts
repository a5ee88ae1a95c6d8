/**
 * 施策評価シート: one node's policy evaluation for one fiscal year (#24), as Takarazuka publishes its
 * 施策評価 — 担当部評価, 評価の理由, 成果指標 (実績, 理由), 課題, 今後の方向性, HQ's decisions, and the items
 * under the node with their results. It is built as the item 評価シート's model (a list of headed
 * blocks) so both of that sheet's renderers draw it: the same A4 print page and the same styled
 * Excel sheet, in one language, Japanese by default.
 */
import { GLOSSARY, type LocalizedText } from '@pdca/domain';
import type { SheetGrade } from '@pdca/persistence/repositories/evaluation-sheet.types';
import {
  type PolicyEvaluationSheetData,
  type PolicySheetStatus,
  policyWithoutPersonalNames,
} from '@pdca/persistence/repositories/policy-evaluation-sheet.types';
import { sheetModelHtml } from './evaluation-sheet';
import {
  commentLabel,
  decisionLine,
  fiscalYearText,
  gradeLine,
  L,
  parenthesised,
  type SheetValue,
  yearRange,
} from './evaluation-sheet-format';
import type {
  EvaluationSheetOptions,
  FieldBlock,
  GridBlock,
  SheetField,
  SheetModel,
} from './evaluation-sheet-model';
import { sheetModelXlsx } from './evaluation-sheet-xlsx';

export const POLICY_SHEET_WORDS = {
  sheet: { ja: '施策評価シート', en: 'Policy evaluation sheet' },
  status: { ja: '状況', en: 'Status' },
  evaluation: GLOSSARY.policyEvaluation,
  indicators: { ja: '成果指標', en: 'Indicators' },
  issues: { ja: '施策実現のための課題', en: 'Issues for the policy' },
  items: { ja: '対象の改革項目', en: 'Items under the node' },
  decisions: { ja: '本部の決定とコメント', en: 'Decisions and comments from HQ' },
  node: { ja: '施策', en: 'Policy' },
} satisfies Record<string, LocalizedText>;

/** The evaluation's status as the web's 施策評価 page words it. */
export const POLICY_STATUS_WORDS: Readonly<Record<PolicySheetStatus, LocalizedText>> = {
  scheduled: { ja: '予定', en: 'Scheduled' },
  open: { ja: '受付中', en: 'Open' },
  submitted: { ja: '承認待ち', en: 'Awaiting approval' },
  returned: { ja: '差戻し', en: 'Returned' },
  approved: { ja: '承認済み', en: 'Approved' },
};

const text = (value: string | null | undefined): SheetValue => (value?.trim() ? { text: value } : null);
const num = (value: number | null): SheetValue => (value === null ? null : { number: value });
const yen = (value: number | null): SheetValue => (value === null ? null : { yen: value });
const grade = (g: SheetGrade | null, lang: 'ja' | 'en', line = gradeLine): SheetValue =>
  g ? { text: line(g, lang) } : null;

/** The sheet's blocks in one language; for publication, from data without any personal name. */
export function policyEvaluationSheetModel(
  input: PolicyEvaluationSheetData,
  options: EvaluationSheetOptions,
): SheetModel {
  const lang = options.lang ?? 'ja';
  const data = options.publication ? policyWithoutPersonalNames(input) : input;
  const W = POLICY_SHEET_WORDS;
  const { plan, node } = data;
  const fy = fiscalYearText(data.fiscalYear, lang);
  const title = lang === 'ja' ? `${W.sheet.ja} ${fy}` : `${W.sheet.en}, ${fy}`;
  const levelName = (node.levelName ?? W.node)[lang];
  const block = (key: string, heading: LocalizedText, fields: SheetField[]): FieldBlock => ({
    kind: 'fields',
    key,
    heading: heading[lang],
    fields,
  });
  /** A table with one column per entry of `columns` (its key becomes the HTML's data-col). */
  const grid = (
    key: string,
    heading: LocalizedText,
    corner: LocalizedText,
    columns: Readonly<Record<string, LocalizedText>>,
    rows: GridBlock['rows'],
  ): GridBlock => ({
    kind: 'grid',
    key,
    heading: heading[lang],
    corner: corner[lang],
    columns: Object.entries(columns).map(([k, label]) => ({ key: k, label: label[lang] })),
    rows,
  });

  const basics: SheetField[] = [
    { key: 'code', label: L.code[lang], value: text(node.code) },
    { key: 'title', label: levelName, value: text(node.title) },
    ...node.path.map((p, i) => ({
      key: `parent${i}`,
      label: (p.levelName ?? L.place)[lang],
      value: text(`${p.code} ${p.title}`),
    })),
    ...(options.publication
      ? []
      : [{ key: 'owner', label: GLOSSARY.nodeOwner[lang], value: text(node.ownerName) }]),
    { key: 'status', label: W.status[lang], value: text(POLICY_STATUS_WORDS[data.status][lang]) },
  ];
  const evaluation: SheetField[] = [
    { key: 'rating', label: GLOSSARY.policyRating[lang], value: grade(data.rating, lang) },
    { key: 'reason', label: GLOSSARY.ratingReason[lang], value: text(data.reason) },
    { key: 'issues', label: W.issues[lang], value: text(data.issues) },
    { key: 'direction', label: GLOSSARY.direction[lang], value: text(data.direction) },
  ];
  const indicators = grid(
    'indicators',
    W.indicators,
    L.indicators,
    {
      unit: L.unit,
      target: L.target,
      actual: L.actual,
      reason: L.reason,
    },
    data.indicators.map((i, index) => ({
      key: `indicator${index}`,
      label: i.name,
      values: [text(i.unit), num(i.target), num(i.actual), text(i.reason)],
    })),
  );
  const items = grid(
    'items',
    W.items,
    GLOSSARY.reformItem,
    {
      firstEvaluation: GLOSSARY.firstEvaluation,
      secondEvaluation: GLOSSARY.secondEvaluation,
      progressGrade: L.progressGrade,
      decision: GLOSSARY.direction,
      effectTarget: {
        ja: `${L.effects.ja} ${L.effectTarget.ja}`,
        en: `${L.effects.en} ${L.effectTarget.en}`,
      },
      effectActual: {
        ja: `${L.effects.ja} ${L.effectActual.ja}`,
        en: `${L.effects.en} ${L.effectActual.en}`,
      },
    },
    data.items.map((item) => ({
      key: item.code,
      label: `${item.code} ${item.title}`,
      values: [
        grade(item.firstEvaluation, lang),
        grade(item.secondEvaluation, lang),
        grade(item.progressGrade, lang),
        grade(item.decision, lang, decisionLine),
        yen(item.effectTarget),
        yen(item.effectActual),
      ],
    })),
  );
  const decisions = data.decisions.map(
    (d, index): SheetField => ({
      key: `decision${index}`,
      label: commentLabel({ ...d, stage: GLOSSARY.policyEvaluation }, lang),
      value: text(d.comment),
    }),
  );
  return {
    lang,
    title,
    runningHead: `${node.code} ${node.title}`,
    code: node.code,
    subtitle: [
      data.tenantName,
      plan.periodStartFy !== null && plan.periodEndFy !== null
        ? `${plan.title}${parenthesised(`${L.period[lang]} ${yearRange(plan.periodStartFy, plan.periodEndFy, lang)}`, lang)}`
        : plan.title,
    ],
    blocks: [
      block('basics', { ja: '基本情報', en: levelName }, basics),
      block('evaluation', W.evaluation, evaluation),
      data.indicators.length > 0
        ? indicators
        : block('indicators', W.indicators, [{ key: 'none', label: '', value: text(L.noIndicator[lang]) }]),
      items,
      block('decisions', W.decisions, decisions),
    ],
  };
}

/** The 施策評価シート as one self-contained, print-ready A4 HTML page. */
export function policyEvaluationSheetHtml(
  data: PolicyEvaluationSheetData,
  options: EvaluationSheetOptions,
): string {
  return sheetModelHtml(policyEvaluationSheetModel(data, options));
}

/** The 施策評価シート as one styled Excel worksheet. */
export function policyEvaluationSheetXlsx(
  data: PolicyEvaluationSheetData,
  options: EvaluationSheetOptions,
): Promise<Buffer> {
  const model = policyEvaluationSheetModel(data, options);
  return sheetModelXlsx(model, POLICY_SHEET_WORDS.sheet[model.lang]);
}
