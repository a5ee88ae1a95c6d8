/**
 * The columns of the 進捗管理表's item sheet: the item and its place in the plan (the plan's own
 * level names), the year's grade, ratings and decision with the reasons written for them, 効果額 of
 * every fiscal year of the plan period side by side with the progress against the whole period
 * (目標値 / 累計 / 進捗率, as 福知山市 publishes it), and each indicator's target and actual per year.
 * Each column has its heading in both languages; a report prints one of them.
 */
import {
  ACHIEVEMENT_FORMULA_LABELS,
  CYCLE_STATUS_LABELS,
  type CycleStatus,
  DEFAULT_CITY_SETTINGS,
  GLOSSARY,
  type LocalizedText,
  netEffect,
  type PlanLevel,
  type ProgressGradeScale,
  periodTotalsOf,
  planLevelsOf,
  type RollupPathNode,
  reportFiscalYear,
  STAGE_LABELS,
  type Stage,
} from '@pdca/domain';
import {
  COST_BASES,
  COST_BASIS_LABELS,
  ITEM_COST_LABELS,
  type ItemCostFigures,
  isProjectKind,
  PROJECT_KIND_LABELS,
} from '@pdca/domain/item-costs';
import type {
  PlanReportData,
  ReportIndicator,
  ReportItem,
} from '@pdca/persistence/repositories/plan-report.repository';

export interface ProgressReportOptions {
  /** 公表用: what a city publishes — no personal names, only the organisation. */
  readonly publication: boolean;
  readonly fiscalYear: number;
  /** The language of the headings, sheet names and labels (one header row); Japanese by default. */
  readonly lang?: ReportLang;
}

export const REPORT_LANGS = ['ja', 'en'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

export type CellValue = string | number | null;
export type ColumnKind = 'text' | 'yen' | 'number' | 'percent';

export interface Column {
  readonly ja: string;
  readonly en: string;
  readonly kind: ColumnKind;
  readonly width: number;
  readonly value: (item: ReportItem) => CellValue;
}

export function label<T extends string>(
  labels: Readonly<Record<T, LocalizedText>>,
  key: T | null,
  lang: ReportLang,
): string {
  return key === null ? '' : (labels[key]?.[lang] ?? key);
}

/** A grade as the 評価シート prints it: 「A（計画どおり）」 / "A (On plan)"; the symbol alone unlabelled. */
export function gradeText(
  grade: { symbol: string; label: LocalizedText | null } | null | undefined,
  lang: ReportLang,
): string | null {
  if (!grade) return null;
  if (!grade.label) return grade.symbol;
  return lang === 'en' ? `${grade.symbol} (${grade.label.en})` : `${grade.symbol}（${grade.label.ja}）`;
}

/** The progress grade in the city's grade scale (the bare code when the scale no longer has it). */
function progressGrade(scale: ProgressGradeScale, code: string | null, lang: ReportLang): string | null {
  if (code === null) return null;
  return gradeText(scale.grades.find((g) => g.code === code) ?? { symbol: code, label: null }, lang);
}

/** The plan's levels, the last being the item's (目標 → テーマ → 改革項目 when the data has none). */
export function levelsOf(data: Pick<PlanReportData, 'levels' | 'items'>): PlanLevel[] {
  const depth = Math.max(0, ...data.items.map((i) => pathOf(i).length));
  return planLevelsOf(data.levels ?? DEFAULT_CITY_SETTINGS.levels, depth === 0 ? 3 : depth + 1);
}

/** The nodes above the item from the top (its goal and theme when the data gives no path). */
function pathOf(item: ReportItem): readonly RollupPathNode[] {
  return (
    item.path ?? [
      { code: item.goalCode, title: item.goalTitle },
      { code: item.themeCode, title: item.themeTitle },
    ]
  );
}

/**
 * The fiscal years shown side by side: the plan period, else the years the data knows (with the year
 * asked for), kept within whichever end of the period is known.
 */
export function reportYears(data: Pick<PlanReportData, 'plan' | 'items'>, fiscalYear: number): number[] {
  const from = data.plan?.periodStartFy ?? null;
  const to = data.plan?.periodEndFy ?? null;
  if (from !== null && to !== null && to >= from) {
    return Array.from({ length: to - from + 1 }, (_, n) => from + n);
  }
  const known = new Set([fiscalYear]);
  for (const item of data.items) {
    for (const fy of Object.keys(item.effectsByYear ?? {})) known.add(Number(fy));
    for (const indicator of item.indicators) {
      for (const fy of Object.keys(indicator.byYear ?? {})) known.add(Number(fy));
    }
  }
  return [...known]
    .filter((fy) => (from === null || fy >= from) && (to === null || fy <= to))
    .sort((a, b) => a - b);
}

/** The period the cumulative progress is measured against: the years shown. */
export function reportPeriod(years: readonly number[]): { fromFy: number; toFy: number } {
  return { fromFy: years[0]!, toFy: years.at(-1)! };
}

function yearOf(item: ReportItem, fy: number) {
  return item.effectsByYear?.[fy] ?? { target: null, actual: null };
}

/** An indicator's figures of a year: its own per-year record, else (older data) the year asked for. */
function indicatorYear(indicator: ReportIndicator | undefined, fy: number, asked: number) {
  if (!indicator) return null;
  if (indicator.byYear) return indicator.byYear[fy] ?? null;
  return fy === asked ? { target: indicator.target, actual: indicator.actual } : null;
}

/** 今後の方向性 in the list the year ran on, else the city's, else the product's six. */
function decisionText(data: PlanReportData, item: ReportItem, lang: ReportLang): string | null {
  if (item.decision === null) return null;
  const labelled =
    item.decisionLabel ??
    data.decisions?.find((d) => d.code === item.decision)?.label ??
    DEFAULT_CITY_SETTINGS.decisions.find((d) => d.code === item.decision)?.label;
  return labelled?.[lang] ?? item.decision;
}

/** A heading in a sentence: its first letter lower case, an abbreviation (HQ) kept as written. */
function uncapitalised(heading: string): string {
  return heading.replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase());
}

const text = (ja: string, en: string, width: number, value: Column['value']): Column => ({
  ja,
  en,
  kind: 'text',
  width,
  value,
});

/** The year's grade, ratings and decision, each followed by the reason written for it. */
function assessmentColumns(data: PlanReportData, lang: ReportLang): Column[] {
  const scale = data.gradeScale;
  const reason = (pick: (r: NonNullable<ReportItem['reasons']>) => string | null) => (i: ReportItem) =>
    i.reasons ? pick(i.reasons) : null;
  return [
    text('段階', 'Stage', 8, (i) => label(STAGE_LABELS, i.stage as Stage | null, lang)),
    text('状況', 'Status', 14, (i) => label(CYCLE_STATUS_LABELS, i.status as CycleStatus | null, lang)),
    text('進捗評価', 'Progress grade', 16, (i) => progressGrade(scale, i.grade, lang)),
    // Filled as the 評価シート's 理由 under 進捗評価: the latest 進捗報告's notes.
    text(
      '進捗評価の理由',
      'Reasons for the progress grade',
      40,
      reason((r) => r.progress),
    ),
    {
      ...GLOSSARY.firstEvaluation,
      kind: 'text',
      width: 16,
      value: (i) => gradeText(i.ratingGrades?.self, lang) ?? i.selfRating,
    },
    { ...GLOSSARY.ratingReason, kind: 'text', width: 40, value: reason((r) => r.rating) },
    {
      ...GLOSSARY.secondEvaluation,
      kind: 'text',
      width: 16,
      value: (i) => gradeText(i.ratingGrades?.hq, lang) ?? i.hqRating,
    },
    text(
      `${GLOSSARY.secondEvaluation.ja}の理由`,
      `Reasons for the ${uncapitalised(GLOSSARY.secondEvaluation.en)}`,
      40,
      reason((r) => r.hqRating),
    ),
    text(
      '課題',
      'Issues',
      40,
      reason((r) => r.issues),
    ),
    { ...GLOSSARY.direction, kind: 'text', width: 10, value: (i) => decisionText(data, i, lang) },
    text(
      `${GLOSSARY.direction.ja}の理由`,
      `Reasons for the ${uncapitalised(GLOSSARY.direction.en)}`,
      40,
      reason((r) => r.direction),
    ),
  ];
}

/** 効果額: the year asked for in detail, every year's target and actual, the whole-period progress. */
function effectColumns(years: readonly number[], fy: number): Column[] {
  const yen = (ja: string, en: string, value: Column['value']): Column => ({
    ja,
    en,
    kind: 'yen',
    width: 14,
    value,
  });
  const period = years.length > 0 ? reportPeriod(years) : null;
  const progress = (i: ReportItem) => (period ? periodTotalsOf(i, fy, period) : null);
  return [
    yen('効果額 見込額', 'Effect target (net)', (i) => yearOf(i, fy).target?.net ?? null),
    yen(
      '歳出削減 実績額',
      'Spending reduced (actual)',
      (i) => yearOf(i, fy).actual?.spendingReduction ?? null,
    ),
    yen('歳入確保 実績額', 'Revenue gained (actual)', (i) => yearOf(i, fy).actual?.revenueGain ?? null),
    yen('取組経費 実績額', 'Cost (actual)', (i) => yearOf(i, fy).actual?.cost ?? null),
    yen('効果額 実績額', 'Effect actual (net)', (i) => {
      const actual = yearOf(i, fy).actual;
      return actual ? netEffect(actual) : null;
    }),
    ...years.flatMap((year) => {
      const { ja, en } = reportFiscalYear(year);
      return [
        yen(`${ja} 効果額 見込額`, `${en} effect target (net)`, (i) => yearOf(i, year).target?.net ?? null),
        yen(`${ja} 効果額 実績額`, `${en} effect actual (net)`, (i) => {
          const actual = yearOf(i, year).actual;
          return actual ? netEffect(actual) : null;
        }),
      ];
    }),
    yen('効果額 目標値（計画期間計）', 'Effect target (whole period)', (i) => {
      const p = progress(i);
      return p && p.itemsWithTarget > 0 ? p.target.net : null;
    }),
    yen('効果額 累計', 'Effect actual (cumulative)', (i) => {
      const p = progress(i);
      return p && p.itemsWithActual > 0 ? p.actual.net : null;
    }),
    {
      ja: `${GLOSSARY.effectProgressRate.ja}（計画期間）`,
      en: `${GLOSSARY.effectProgressRate.en} (whole period)`,
      kind: 'percent',
      width: 12,
      value: (i) => progress(i)?.achievementRate ?? null,
    },
  ];
}

/** Each indicator: name, kind, unit, baseline, target and actual of every year, the year's 目標達成率. */
function indicatorColumns(
  data: PlanReportData,
  years: readonly number[],
  fy: number,
  lang: ReportLang,
): Column[] {
  const most = Math.max(0, ...data.items.map((i) => i.indicators.length));
  return Array.from({ length: most }, (_, n): Column[] => {
    const at = (i: ReportItem) => i.indicators[n];
    const ja = `指標${n + 1}`;
    const en = `Indicator ${n + 1}`;
    const perYear = years.flatMap((year): Column[] => {
      const fyName = reportFiscalYear(year);
      return (['target', 'actual'] as const).map((side) => ({
        ja: `${ja} ${fyName.ja} ${side === 'target' ? '目標値' : '実績値'}`,
        en: `${en} ${fyName.en} ${side}`,
        kind: 'number',
        width: 10,
        value: (i) => indicatorYear(at(i), year, fy)?.[side] ?? null,
      }));
    });
    return [
      text(ja, en, 28, (i) => at(i)?.name ?? null),
      text(`${ja} 区分`, `${en} kind`, 10, (i) => {
        const kind = at(i)?.kind;
        if (kind === 'outcome') return lang === 'en' ? 'Outcome' : '成果指標';
        return kind === 'activity' ? (lang === 'en' ? 'Activity' : '活動指標') : null;
      }),
      text(`${ja} 単位`, `${en} unit`, 8, (i) => at(i)?.unit ?? null),
      {
        ja: `${ja} ${GLOSSARY.baseline.ja}`,
        en: `${en} baseline`,
        kind: 'number',
        width: 10,
        value: (i) => at(i)?.baseline ?? null,
      },
      ...perYear,
      {
        ja: `${ja} ${GLOSSARY.targetAchievementRate.ja}`,
        en: `${en} achievement`,
        kind: 'percent',
        width: 10,
        value: (i) => at(i)?.achievementRate ?? null,
      },
      // The 目標達成率 says how it was computed: 実績÷目標, 目標÷実績 or from the baseline.
      text(`${ja} 算式`, `${en} formula`, 14, (i) => {
        const formula = at(i)?.achievementFormula;
        return formula ? ACHIEVEMENT_FORMULA_LABELS[formula][lang] : null;
      }),
    ];
  }).flat();
}

/** Columns of the item sheet; the indicator columns repeat for the item with the most indicators. */
export function progressReportColumns(data: PlanReportData, options: ProgressReportOptions): Column[] {
  const fy = options.fiscalYear;
  const lang = options.lang ?? 'ja';
  const levels = levelsOf(data);
  const years = reportYears(data, fy);
  return [
    text('番号', 'Code', 8, (i) => i.code),
    { ...levels.at(-1)!.name, kind: 'text', width: 36, value: (i) => i.title },
    // One column per level above the items, named as the plan names it (基本方針, 柱, 目指す姿 …).
    ...levels.slice(0, -1).map(
      (level, index): Column => ({
        ...level.name,
        kind: 'text',
        width: 24,
        value: (i) => pathOf(i)[index]?.title ?? null,
      }),
    ),
    { ...GLOSSARY.department, kind: 'text', width: 18, value: (i) => i.workingGroup },
    ...(options.publication ? [] : [text('WGリーダー', 'Leader', 14, (i) => i.leaderName)]),
    ...assessmentColumns(data, lang),
    { ja: '予算額（現年度）', en: 'Budget (current)', kind: 'yen', width: 14, value: (i) => i.budgetCurrent },
    { ...GLOSSARY.budgetReflection, kind: 'yen', width: 14, value: (i) => i.budgetReflected },
    ...costColumns(lang),
    ...effectColumns(years, fy),
    ...indicatorColumns(data, years, fy, lang),
  ];
}

/** 事業区分 and the year's 事業費・人工・人件費・フルコスト, 見込 then 実績 (#26). */
function costColumns(lang: ReportLang): Column[] {
  const C = ITEM_COST_LABELS;
  const kindLabel = (i: ReportItem) => {
    const kind = i.costs?.projectKind;
    return kind && isProjectKind(kind) ? PROJECT_KIND_LABELS[kind] : null;
  };
  return [
    { ...C.projectKind, kind: 'text', width: 14, value: (i) => kindLabel(i)?.[lang] ?? null },
    ...COST_BASES.flatMap((basis): Column[] => {
      const b = COST_BASIS_LABELS[basis];
      const of = (i: ReportItem) => i.costs?.[basis] ?? null;
      const yen = (label: LocalizedText, pick: (f: ItemCostFigures) => number): Column => ({
        ja: `${label.ja}（${b.ja}）`,
        en: `${label.en} (${b.en.toLowerCase()})`,
        kind: 'yen',
        width: 14,
        value: (i) => {
          const f = of(i);
          return f ? pick(f) : null;
        },
      });
      return [
        yen(C.projectCost, (f) => f.projectCost),
        {
          ja: `${C.staffFte.ja}（${b.ja}）`,
          en: `${C.staffFte.en} (${b.en.toLowerCase()})`,
          kind: 'number',
          width: 10,
          value: (i) => of(i)?.staffFte ?? null,
        },
        yen(C.staffCost, (f) => f.staffCost),
        yen(C.fullCost, (f) => f.fullCost),
      ];
    }),
  ];
}
