/**
 * 進捗管理表 (progress report) of a plan for one fiscal year: one row per item, a totals sheet by
 * node of every level, both named by the plan's own level names (基本方針, 柱 / 改革, 目標 / 改革テーマ …). Excel through ExcelJS's streaming writer (rows are written as they are made, so
 * 1,000 items never sit in memory as a workbook), and CSV with a BOM for other tools.
 *
 * Amounts are stored in yen in both; the Excel cells show them in 千円 through a number format
 * (`#,##0,`), so a sum in Excel stays exact.
 */
import type { Writable } from 'node:stream';
import {
  ACHIEVEMENT_FORMULA_LABELS,
  ACT_DECISION_LABELS,
  type ActDecision,
  CYCLE_STATUS_LABELS,
  type CycleStatus,
  DEFAULT_CITY_SETTINGS,
  type EffectTotals,
  GLOSSARY,
  type NodeRollup,
  netEffect,
  type PlanLevel,
  type PlanRollup,
  type ProgressGradeScale,
  planLevelsOf,
  type RollupNode,
  type RollupPathNode,
  reportFiscalYear,
  STAGE_LABELS,
  type Stage,
} from '@pdca/domain';
import type { PlanReportData, ReportItem } from '@pdca/persistence/repositories/plan-report.repository';
import ExcelJS from 'exceljs';

export interface ProgressReportOptions {
  /** 公表用: what a city publishes — no personal names, only the organisation. */
  readonly publication: boolean;
  readonly fiscalYear: number;
  /** The language of the headings, sheet names and labels (one header row); Japanese by default. */
  readonly lang?: ReportLang;
}

export const REPORT_LANGS = ['ja', 'en'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

type CellValue = string | number | null;
type ColumnKind = 'text' | 'yen' | 'number' | 'percent';

interface Column {
  readonly ja: string;
  readonly en: string;
  readonly kind: ColumnKind;
  readonly width: number;
  readonly value: (item: ReportItem) => CellValue;
}

const YEN_IN_THOUSANDS = '#,##0,;[Red]-#,##0,';
const NUMBER = '#,##0.##';
const PERCENT = '0.0"%"';

function label<T extends string>(
  labels: Readonly<Record<T, { ja: string; en: string }>>,
  key: T | null,
  lang: ReportLang,
): string {
  return key === null ? '' : (labels[key]?.[lang] ?? key);
}

function gradeSymbol(scale: ProgressGradeScale, code: string | null): string {
  if (code === null) return '';
  return scale.grades.find((g) => g.code === code)?.symbol ?? code;
}

/** The figures shown for each indicator after its name and kind: heading (ja, en), format, field. */
const INDICATOR_FIGURES = [
  ['単位', 'unit', 'text', 'unit'],
  [GLOSSARY.baseline.ja, 'baseline', 'number', 'baseline'],
  ['目標値', 'target', 'number', 'target'],
  ['実績値', 'actual', 'number', 'actual'],
  [GLOSSARY.targetAchievementRate.ja, 'achievement', 'percent', 'achievementRate'],
] as const satisfies ReadonlyArray<
  readonly [string, string, ColumnKind, keyof ReportItem['indicators'][number]]
>;

/** The plan's levels, the last being the item's (目標 → テーマ → 改革項目 when the data has none). */
function levelsOf(data: Pick<PlanReportData, 'levels' | 'items'>): PlanLevel[] {
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

function yearOf(item: ReportItem, fy: number) {
  return item.effectsByYear[fy] ?? { target: null, actual: null };
}

/** Columns of the item sheet; the indicator columns repeat for the item with the most indicators. */
export function progressReportColumns(data: PlanReportData, options: ProgressReportOptions): Column[] {
  const fy = options.fiscalYear;
  const lang = options.lang ?? 'ja';
  const scale = data.gradeScale;
  const columns: Column[] = [
    { ja: '番号', en: 'Code', kind: 'text', width: 8, value: (i) => i.code },
    { ...levelsOf(data).at(-1)!.name, kind: 'text', width: 36, value: (i) => i.title },
    // One column per level above the items, named as the plan names it (基本方針, 柱, 目指す姿 …).
    ...levelsOf(data)
      .slice(0, -1)
      .map(
        (level, index): Column => ({
          ...level.name,
          kind: 'text',
          width: 24,
          value: (i) => pathOf(i)[index]?.title ?? null,
        }),
      ),
    { ...GLOSSARY.department, kind: 'text', width: 18, value: (i) => i.workingGroup },
  ];
  if (!options.publication) {
    columns.push({ ja: 'WGリーダー', en: 'Leader', kind: 'text', width: 14, value: (i) => i.leaderName });
  }
  columns.push(
    {
      ja: '段階',
      en: 'Stage',
      kind: 'text',
      width: 8,
      value: (i) => label(STAGE_LABELS, i.stage as Stage | null, lang),
    },
    {
      ja: '状況',
      en: 'Status',
      kind: 'text',
      width: 14,
      value: (i) => label(CYCLE_STATUS_LABELS, i.status as CycleStatus | null, lang),
    },
    { ja: '進捗評価', en: 'Grade', kind: 'text', width: 8, value: (i) => gradeSymbol(scale, i.grade) },
    { ...GLOSSARY.firstEvaluation, kind: 'text', width: 8, value: (i) => i.selfRating },
    { ...GLOSSARY.secondEvaluation, kind: 'text', width: 8, value: (i) => i.hqRating },
    {
      ...GLOSSARY.direction,
      kind: 'text',
      width: 10,
      value: (i) => label(ACT_DECISION_LABELS, i.decision as ActDecision | null, lang),
    },
    { ja: '予算額（現年度）', en: 'Budget (current)', kind: 'yen', width: 14, value: (i) => i.budgetCurrent },
    { ...GLOSSARY.budgetReflection, kind: 'yen', width: 14, value: (i) => i.budgetReflected },
    {
      ja: '効果額 見込額',
      en: 'Effect target (net)',
      kind: 'yen',
      width: 14,
      value: (i) => yearOf(i, fy).target?.net ?? null,
    },
    {
      ja: '歳出削減 実績額',
      en: 'Spending reduced (actual)',
      kind: 'yen',
      width: 14,
      value: (i) => yearOf(i, fy).actual?.spendingReduction ?? null,
    },
    {
      ja: '歳入確保 実績額',
      en: 'Revenue gained (actual)',
      kind: 'yen',
      width: 14,
      value: (i) => yearOf(i, fy).actual?.revenueGain ?? null,
    },
    {
      ja: '取組経費 実績額',
      en: 'Cost (actual)',
      kind: 'yen',
      width: 14,
      value: (i) => yearOf(i, fy).actual?.cost ?? null,
    },
    {
      ja: '効果額 実績額',
      en: 'Effect actual (net)',
      kind: 'yen',
      width: 14,
      value: (i) => {
        const actual = yearOf(i, fy).actual;
        return actual ? netEffect(actual) : null;
      },
    },
  );
  const most = Math.max(0, ...data.items.map((i) => i.indicators.length));
  for (let n = 0; n < most; n++) {
    const at = (i: ReportItem) => i.indicators[n];
    const no = n + 1;
    columns.push(
      { ja: `指標${no}`, en: `Indicator ${no}`, kind: 'text', width: 28, value: (i) => at(i)?.name ?? null },
      {
        ja: `指標${no} 区分`,
        en: `Indicator ${no} kind`,
        kind: 'text',
        width: 10,
        value: (i) => {
          const kind = at(i)?.kind;
          if (kind === 'outcome') return lang === 'en' ? 'Outcome' : '成果指標';
          return kind === 'activity' ? (lang === 'en' ? 'Activity' : '活動指標') : null;
        },
      },
      ...INDICATOR_FIGURES.map(
        ([ja, en, kind, field]): Column => ({
          ja: `指標${no} ${ja}`,
          en: `Indicator ${no} ${en}`,
          kind,
          width: kind === 'text' ? 8 : 10,
          value: (i) => at(i)?.[field] ?? null,
        }),
      ),
      {
        // The 目標達成率 says how it was computed: 実績÷目標, 目標÷実績 or from the baseline.
        ja: `指標${no} 算式`,
        en: `Indicator ${no} formula`,
        kind: 'text',
        width: 14,
        value: (i) => {
          const formula = at(i)?.achievementFormula;
          return formula ? ACHIEVEMENT_FORMULA_LABELS[formula][lang] : null;
        },
      },
    );
  }
  return columns;
}

interface TotalsRow {
  readonly level: string;
  readonly code: string;
  readonly title: string;
  readonly node: RollupNode;
  /** A node of the level right above the items (printed plain, the levels above in bold). */
  readonly deepest: boolean;
}

/** The plan, then every node of every level under its parent, named by the plan's level names. */
function totalsRows(
  rollup: PlanRollup,
  planTitle: string,
  levels: readonly PlanLevel[],
  lang: ReportLang,
): TotalsRow[] {
  const rows: TotalsRow[] = [
    { level: lang === 'en' ? 'Plan' : '計画', code: '', title: planTitle, node: rollup.plan, deepest: false },
  ];
  const deepest = levels.length - 1;
  const add = (node: NodeRollup) => {
    const name =
      levels[node.level - 1]?.name[lang] ?? (lang === 'en' ? `Level ${node.level}` : `第${node.level}階層`);
    rows.push({ level: name, code: node.code, title: node.title, node, deepest: node.level === deepest });
    node.children.forEach(add);
  };
  rollup.nodes.forEach(add);
  return rows;
}

interface TotalsColumn {
  readonly ja: string;
  readonly en: string;
  readonly kind: ColumnKind;
  readonly value: (row: TotalsRow) => CellValue;
}

function totalsColumns(scale: ProgressGradeScale): TotalsColumn[] {
  const effect = (pick: (t: EffectTotals) => CellValue, which: 'year' | 'cumulative') => (r: TotalsRow) =>
    pick(r.node[which]);
  return [
    { ja: '区分', en: 'Level', kind: 'text', value: (r) => r.level },
    { ja: '番号', en: 'Code', kind: 'text', value: (r) => r.code },
    { ja: '名称', en: 'Title', kind: 'text', value: (r) => r.title },
    { ja: '項目数', en: 'Items', kind: 'number', value: (r) => r.node.items },
    {
      ja: '効果額 見込額',
      en: 'Effect target',
      kind: 'yen',
      value: effect((t) => t.target.net, 'year'),
    },
    {
      ja: '効果額 実績額',
      en: 'Effect actual',
      kind: 'yen',
      value: effect((t) => t.actual.net, 'year'),
    },
    {
      ...GLOSSARY.effectProgressRate,
      kind: 'percent',
      value: effect((t) => t.achievementRate, 'year'),
    },
    {
      ja: '累計 見込額',
      en: 'Cumulative target',
      kind: 'yen',
      value: effect((t) => t.target.net, 'cumulative'),
    },
    {
      ja: '累計 実績額',
      en: 'Cumulative actual',
      kind: 'yen',
      value: effect((t) => t.actual.net, 'cumulative'),
    },
    ...scale.grades.map(
      (g): TotalsColumn => ({
        ja: `${g.symbol}（${g.label.ja}）`,
        en: `${g.symbol} (${g.label.en})`,
        kind: 'number',
        value: (r) => r.node.byGrade[g.code] ?? 0,
      }),
    ),
    { ja: '評価なし', en: 'No grade', kind: 'number', value: (r) => r.node.byGrade.none ?? 0 },
  ];
}

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
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddHeader: `&L${title}` },
  });
  items.columns = columns.map((c) => ({ key: c.ja, width: c.width, style: { numFmt: formatOf(c.kind) } }));
  writeHeader(items, columns, lang);
  for (const item of data.items) {
    items.addRow(columns.map((c) => c.value(item))).commit();
  }
  items.commit();

  const totals = workbook.addWorksheet(sheets.totals, { views: [{ state: 'frozen', xSplit: 3, ySplit: 1 }] });
  const totalColumns = totalsColumns(data.gradeScale);
  totals.columns = totalColumns.map((c, i) => ({
    key: c.ja,
    width: i === 2 ? 36 : 14,
    style: { numFmt: formatOf(c.kind) },
  }));
  writeHeader(totals, totalColumns, lang);
  for (const row of totalsRows(rollup, data.plan.title, levelsOf(data), lang)) {
    const added = totals.addRow(totalColumns.map((c) => c.value(row)));
    if (!row.deepest) added.font = { bold: true };
    added.commit();
  }
  totals.commit();
  await workbook.commit();
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
