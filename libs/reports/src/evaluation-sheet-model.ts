/**
 * The 評価シート as a list of headed blocks in one language, built once from the sheet's data and
 * drawn by both renderers (HTML for print, ExcelJS for a clerk), so the two files always say the
 * same thing. Values stay typed (yen, percent, number, text) so the Excel cells keep numbers.
 */
import {
  ACHIEVEMENT_FORMULA_LABELS,
  ACHIEVEMENT_FORMULA_SETTING_LABELS,
  type EffectTotals,
  GLOSSARY,
  type LocalizedText,
  STAGE_LABELS,
  term,
} from '@pdca/domain';
import { COST_BASIS_LABELS, ITEM_COST_LABELS, type ItemCostFigures } from '@pdca/domain/item-costs';
import {
  type EvaluationSheetData,
  type SheetGrade,
  withoutPersonalNames,
} from '@pdca/persistence/repositories/evaluation-sheet.types';
import {
  commentLabel,
  decisionLine,
  fiscalYearText,
  gradeLine,
  L,
  parenthesised,
  type SheetLang,
  type SheetValue,
  yearRange,
} from './evaluation-sheet-format';

export { EMPTY, type SheetLang, type SheetValue, valueText } from './evaluation-sheet-format';

export interface EvaluationSheetOptions {
  /** 公表用: no personal name anywhere (leader, submitters, approvers). */
  readonly publication: boolean;
  /** The language of every heading and label; Japanese by default. */
  readonly lang?: SheetLang;
}

/** One label/value row; `key` becomes the HTML's data-field (the tests read it). */
export interface SheetField {
  readonly key: string;
  readonly label: string;
  readonly value: SheetValue;
}

export interface FieldBlock {
  readonly kind: 'fields';
  readonly key: string;
  readonly heading: string;
  readonly fields: readonly SheetField[];
}

export interface IndicatorFigureRow {
  readonly key: 'target' | 'actual' | 'rate' | 'formula';
  readonly label: string;
  /** One value per year of `years`. */
  readonly values: readonly SheetValue[];
}

export interface IndicatorBlock {
  readonly kind: 'indicators';
  readonly key: 'indicators';
  readonly heading: string;
  readonly yearHeading: string;
  readonly years: ReadonlyArray<{ readonly fiscalYear: number; readonly label: string }>;
  readonly indicators: ReadonlyArray<{
    readonly name: string;
    readonly facts: readonly SheetField[];
    readonly rows: readonly IndicatorFigureRow[];
  }>;
  /** What the block says when the item has no indicator. */
  readonly none: string;
}

/** A small table: one row per period, one column per figure (the 効果額 of the year and cumulative). */
export interface GridBlock {
  readonly kind: 'grid';
  readonly key: string;
  readonly heading: string;
  /** The heading of the row labels' column. */
  readonly corner: string;
  readonly columns: ReadonlyArray<{ readonly key: string; readonly label: string }>;
  readonly rows: ReadonlyArray<{
    readonly key: string;
    readonly label: string;
    readonly values: readonly SheetValue[];
  }>;
  /** Without rows: this text in one row across the whole table (「意見はありません。」). */
  readonly empty?: string;
}

export interface SheetModel {
  readonly lang: SheetLang;
  readonly title: string;
  /** What every printed page repeats at its top: the item's code and title. */
  readonly runningHead: string;
  /** The item's code (the Excel footer names it beside the page number). */
  readonly code: string;
  /** City, plan and its period: the lines under the title. */
  readonly subtitle: readonly string[];
  readonly blocks: ReadonlyArray<FieldBlock | IndicatorBlock | GridBlock>;
}

const text = (value: string | null | undefined): SheetValue => (value ? { text: value } : null);

const gradeText = (grade: SheetGrade | null, lang: SheetLang): SheetValue =>
  grade ? { text: gradeLine(grade, lang) } : null;
const decisionText = (grade: SheetGrade | null, lang: SheetLang): SheetValue =>
  grade ? { text: decisionLine(grade, lang) } : null;

/** 見込額 (when one was set), 実績額 (once an evaluation was approved) and 効果額進捗率 of a period. */
function effectValues(totals: EffectTotals): SheetValue[] {
  return [
    totals.itemsWithTarget > 0 ? { yen: totals.target.net } : null,
    totals.itemsWithActual > 0 ? { yen: totals.actual.net } : null,
    totals.achievementRate === null ? null : { percent: totals.achievementRate },
  ];
}

/** The sheet's blocks in `lang`; for publication, from data with every personal name removed. */
export function evaluationSheetModel(
  input: EvaluationSheetData,
  options: EvaluationSheetOptions,
): SheetModel {
  const lang = options.lang ?? 'ja';
  const data = options.publication ? withoutPersonalNames(input) : input;
  const fy = (year: number) => fiscalYearText(year, lang);
  const { plan, item } = data;
  const period =
    plan.periodStartFy !== null && plan.periodEndFy !== null
      ? yearRange(plan.periodStartFy, plan.periodEndFy, lang)
      : null;
  // The plan's own name for its items (実施計画事業), as the row label below says; else 改革項目.
  const itemLevel = data.levels.at(-1)?.name ?? GLOSSARY.reformItem;
  const title =
    lang === 'ja'
      ? `${itemLevel.ja} ${L.sheet.ja} ${fy(data.fiscalYear)}`
      : `${itemLevel.en} ${L.sheet.en}, ${fy(data.fiscalYear)}`;

  const basics: SheetField[] = [
    { key: 'code', label: L.code[lang], value: text(item.code) },
    { key: 'title', label: itemLevel[lang], value: text(item.title) },
    { key: 'department', label: GLOSSARY.departmentOrGroup[lang], value: text(item.department) },
    ...(options.publication ? [] : [{ key: 'leader', label: L.leader[lang], value: text(item.leaderName) }]),
  ];
  const place = data.parents.map(
    (parent, index): SheetField => ({
      key: `parent${index}`,
      label:
        parent.path.map((_, level) => data.levels[level]?.name[lang] ?? '').join(' › ') +
        (parent.relisted ? L.relisted[lang] : ''),
      value: text(parent.path.map((node) => `${node.code} ${node.title}`).join(' › ')),
    }),
  );
  const years =
    data.indicators[0]?.years.map((y) => ({ fiscalYear: y.fiscalYear, label: fy(y.fiscalYear) })) ?? [];
  const indicators: IndicatorBlock = {
    kind: 'indicators',
    key: 'indicators',
    heading: L.indicators[lang],
    yearHeading: L.fiscalYear[lang],
    years,
    none: L.noIndicator[lang],
    indicators: data.indicators.map((indicator) => ({
      name: indicator.name,
      facts: [
        { key: 'kind', label: L.kind[lang], value: indicator.kind ? text(L[indicator.kind][lang]) : null },
        { key: 'unit', label: L.unit[lang], value: text(indicator.unit) },
        {
          key: 'method',
          label: L.method[lang],
          value: text(ACHIEVEMENT_FORMULA_SETTING_LABELS[indicator.formulaSetting][lang]),
        },
        {
          key: 'direction',
          label: L.direction[lang],
          value: text(L[indicator.direction === 'higher_is_better' ? 'higher' : 'lower'][lang]),
        },
        {
          key: 'baseline',
          label: GLOSSARY.baseline[lang],
          value: indicator.baseline === null ? null : { number: indicator.baseline },
        },
        {
          key: 'finalTarget',
          label: L.finalTarget[lang],
          value: indicator.finalTarget === null ? null : { number: indicator.finalTarget },
        },
      ],
      rows: [
        { key: 'target', label: L.target[lang], values: indicator.years.map((y) => num(y.target)) },
        { key: 'actual', label: L.actual[lang], values: indicator.years.map((y) => num(y.actual)) },
        {
          key: 'rate',
          label: GLOSSARY.targetAchievementRate[lang],
          values: indicator.years.map((y) =>
            y.achievementRate === null ? null : { percent: y.achievementRate },
          ),
        },
        {
          key: 'formula',
          label: L.formula[lang],
          values: indicator.years.map((y) =>
            y.achievementFormula ? text(ACHIEVEMENT_FORMULA_LABELS[y.achievementFormula][lang]) : null,
          ),
        },
      ],
    })),
  };
  const reviews = data.reviews.map(
    (review, index): SheetField => ({
      key: `review${index}`,
      label: review.period?.[lang] ?? `${GLOSSARY.progressReview[lang]} ${index + 1}`,
      value: text(
        [
          review.progress === null ? '' : `${review.progress}%`,
          review.grade ? gradeLine(review.grade, lang) : '',
          review.notes,
          review.submitterName ? parenthesised(review.submitterName, lang).trim() : '',
        ]
          .filter(Boolean)
          .join(lang === 'ja' ? '　' : ' / '),
      ),
    }),
  );
  const reflection = data.budgetReflection;
  const comments = data.comments.map(
    (comment, index): SheetField => ({
      key: `comment${index}`,
      label: commentLabel({ ...comment, stage: STAGE_LABELS[comment.stage] }, lang),
      value: text(comment.comment),
    }),
  );
  const cumulativeLabel = `${L.cumulative[lang]}${parenthesised(yearRange(data.effects.cumulativeFromFy, data.fiscalYear, lang), lang)}`;

  const f = (key: string, label: LocalizedText, value: SheetValue): SheetField => ({
    key,
    label: label[lang],
    value,
  });
  const block = (key: string, heading: LocalizedText, fields: SheetField[]): FieldBlock => ({
    kind: 'fields',
    key,
    heading: heading[lang],
    fields,
  });
  return {
    lang,
    title,
    runningHead: `${item.code} ${item.title}`,
    code: item.code,
    subtitle: [
      data.tenantName,
      `${plan.title}${period ? parenthesised(`${L.period[lang]} ${period}`, lang) : ''}`,
    ],
    blocks: [
      block('basics', L.basics, basics),
      block('place', L.place, place),
      block('purpose', L.purpose, [
        f('summary', L.summary, text(item.summary)),
        f('background', L.background, text(item.background)),
      ]),
      indicators,
      block('work', L.work, [
        f('activities', L.activities, text(data.activities.join('\n'))),
        f('results', L.results, text(data.executionSummary)),
        ...reviews,
      ]),
      block('progress', L.progressGrade, [
        f('grade', L.progressGrade, gradeText(data.grade, lang)),
        f('gradeReason', L.progressGradeReason, text(data.gradeReason)),
      ]),
      block('evaluation', L.evaluation, [
        f('firstEvaluation', GLOSSARY.firstEvaluation, gradeText(data.firstEvaluation, lang)),
        f('firstEvaluationReason', GLOSSARY.ratingReason, text(data.firstEvaluationReason)),
        f('secondEvaluation', GLOSSARY.secondEvaluation, gradeText(data.secondEvaluation, lang)),
        f('secondEvaluationReason', L.hqReason, text(data.secondEvaluationReason)),
      ]),
      block('issues', L.issues, [f('issues', L.issues, text(data.issues))]),
      block('direction', GLOSSARY.direction, [
        f('direction', GLOSSARY.direction, decisionText(data.direction, lang)),
        f('directionReason', L.reason, text(data.directionReason)),
        f(
          'budgetReflection',
          reflection ? term('budgetReflectionOf', { fy: reflection.fiscalYear }) : GLOSSARY.budgetReflection,
          reflection ? { yen: reflection.amount } : null,
        ),
      ]),
      {
        kind: 'grid',
        key: 'effects',
        heading: L.effects[lang],
        corner: L.fiscalYear[lang],
        columns: [
          { key: 'target', label: L.effectTarget[lang] },
          { key: 'actual', label: L.effectActual[lang] },
          { key: 'rate', label: GLOSSARY.effectProgressRate[lang] },
        ],
        rows: [
          { key: 'year', label: fy(data.fiscalYear), values: effectValues(data.effects.year) },
          { key: 'cumulative', label: cumulativeLabel, values: effectValues(data.effects.cumulative) },
        ],
      },
      ...(data.costs ? [costsBlock(data.costs, lang)] : []),
      block('comments', L.comments, comments),
    ],
  };
}

/**
 * フルコスト（a＋b） as 平塚市's 事業評価シート prints it (#26): 事業費 (a), 人工 and the 人件費単価 used,
 * 人件費 (b), フルコスト and the 財源内訳, the year's 見込 beside its 実績.
 */
function costsBlock(costs: NonNullable<EvaluationSheetData['costs']>, lang: SheetLang): GridBlock {
  const C = ITEM_COST_LABELS;
  const bases = [costs.estimate, costs.actual];
  const row = (
    key: keyof ItemCostFigures,
    label: LocalizedText,
    suffix: string,
    value: (figures: ItemCostFigures) => SheetValue,
  ) => ({
    key,
    label: `${label[lang]}${suffix}`,
    values: bases.map((figures) => (figures ? value(figures) : null)),
  });
  const yen = (key: keyof ItemCostFigures) => (figures: ItemCostFigures) => {
    const amount = figures[key];
    return amount === null ? null : { yen: amount };
  };
  return {
    kind: 'grid',
    key: 'costs',
    heading: `${C.fullCost[lang]}${lang === 'ja' ? '（a＋b）' : ' (a + b)'}`,
    corner: lang === 'ja' ? '項目' : 'Figure',
    columns: [
      { key: 'estimate', label: COST_BASIS_LABELS.estimate[lang] },
      { key: 'actual', label: COST_BASIS_LABELS.actual[lang] },
    ],
    rows: [
      row('projectCost', C.projectCost, lang === 'ja' ? '（a）' : ' (a)', yen('projectCost')),
      row('staffFte', C.staffFte, '', (f) => ({ number: f.staffFte })),
      row('unitCost', C.unitCost, '', yen('unitCost')),
      row('staffCost', C.staffCost, lang === 'ja' ? '（b）' : ' (b)', yen('staffCost')),
      row('fullCost', C.fullCost, lang === 'ja' ? '（a＋b）' : ' (a + b)', yen('fullCost')),
      row('fundingGeneral', C.fundingGeneral, '', yen('fundingGeneral')),
      row('fundingNationalPrefectural', C.fundingNationalPrefectural, '', yen('fundingNationalPrefectural')),
      row('fundingOther', C.fundingOther, '', yen('fundingOther')),
    ],
  };
}

function num(value: number | null): SheetValue {
  return value === null ? null : { number: value };
}

/** The figures of an indicator: one column per fiscal year of the plan. */
export function yearGrid(block: IndicatorBlock, rows: IndicatorBlock['indicators'][number]['rows']) {
  return {
    corner: block.yearHeading,
    columns: block.years.map((y) => ({ key: String(y.fiscalYear), label: y.label })),
    rows,
  };
}
