/**
 * The 進捗管理表's 集計 sheet: the plan, then every node of every level under its parent, named by
 * the plan's own level names, with 効果額 of the year, cumulative and against the whole period
 * (目標値 / 累計 / 進捗率), and the 実施状況 counts (福知山: 達成 / 部分実施 / 検討中): items per
 * progress grade, per stage and per 今後の方向性 of the year, in the report's language.
 */
import {
  DEFAULT_CITY_SETTINGS,
  type EffectTotals,
  GLOSSARY,
  type LocalizedText,
  type NodeRollup,
  type PlanLevel,
  type PlanRollup,
  type RollupNode,
  STAGE_LABELS,
  STAGES,
} from '@pdca/domain';
import type { PlanReportData } from '@pdca/persistence/repositories/plan-report.repository';
import type { CellValue, ColumnKind, ReportLang } from './progress-report-columns';

export interface TotalsRow {
  readonly level: string;
  readonly code: string;
  readonly title: string;
  readonly node: RollupNode;
  /** A node of the level right above the items (printed plain, the levels above in bold). */
  readonly deepest: boolean;
}

/** The plan, then every node of every level under its parent, named by the plan's level names. */
export function totalsRows(
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

export interface TotalsColumn {
  readonly ja: string;
  readonly en: string;
  readonly kind: ColumnKind;
  readonly value: (row: TotalsRow) => CellValue;
}

type Which = 'year' | 'cumulative' | 'period';

const effect =
  (pick: (t: EffectTotals) => CellValue, which: Which) =>
  (r: TotalsRow): CellValue => {
    const totals = r.node[which];
    return totals ? pick(totals) : null;
  };

/** A count column headed `<group>：<name>` (段階：計画, 今後の方向性：継続). */
function count(group: LocalizedText, name: LocalizedText, value: (r: TotalsRow) => number): TotalsColumn {
  return { ja: `${group.ja}：${name.ja}`, en: `${group.en}: ${name.en}`, kind: 'number', value };
}

/** 効果額 columns: the year, cumulative from the plan's first year, against the whole period. */
function effectTotalsColumns(withPeriod: boolean): TotalsColumn[] {
  const columns: TotalsColumn[] = [
    { ja: '効果額 見込額', en: 'Effect target', kind: 'yen', value: effect((t) => t.target.net, 'year') },
    { ja: '効果額 実績額', en: 'Effect actual', kind: 'yen', value: effect((t) => t.actual.net, 'year') },
    { ...GLOSSARY.effectProgressRate, kind: 'percent', value: effect((t) => t.achievementRate, 'year') },
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
  ];
  if (!withPeriod) return columns;
  return [
    ...columns,
    {
      ja: '効果額 目標値（計画期間計）',
      en: 'Effect target (whole period)',
      kind: 'yen',
      value: effect((t) => t.target.net, 'period'),
    },
    {
      ja: '効果額 累計',
      en: 'Effect actual (cumulative)',
      kind: 'yen',
      value: effect((t) => t.actual.net, 'period'),
    },
    {
      ja: `${GLOSSARY.effectProgressRate.ja}（計画期間）`,
      en: `${GLOSSARY.effectProgressRate.en} (whole period)`,
      kind: 'percent',
      value: effect((t) => t.achievementRate, 'period'),
    },
  ];
}

/** An item whose cycle of the year has not started, as the board's stage chart names it. */
export const NOT_STARTED: LocalizedText = { ja: 'サイクル未開始', en: 'No cycle yet' };

/** Every column of the 集計 sheet. */
export function totalsColumns(data: PlanReportData, rollup: PlanRollup): TotalsColumn[] {
  const stage = { ja: '段階', en: 'Stage' };
  const decisions = data.decisions ?? DEFAULT_CITY_SETTINGS.decisions;
  return [
    { ja: '区分', en: 'Level', kind: 'text', value: (r) => r.level },
    { ja: '番号', en: 'Code', kind: 'text', value: (r) => r.code },
    { ja: '名称', en: 'Title', kind: 'text', value: (r) => r.title },
    // The board's and the printed report's words: 改革項目数, サイクル未開始.
    { ja: `${GLOSSARY.reformItem.ja}数`, en: 'Reform items', kind: 'number', value: (r) => r.node.items },
    ...effectTotalsColumns(rollup.period !== undefined),
    ...data.gradeScale.grades.map(
      (g): TotalsColumn => ({
        ja: `${g.symbol}（${g.label.ja}）`,
        en: `${g.symbol} (${g.label.en})`,
        kind: 'number',
        value: (r) => r.node.byGrade[g.code] ?? 0,
      }),
    ),
    { ja: '評価なし', en: 'No grade', kind: 'number', value: (r) => r.node.byGrade.none ?? 0 },
    ...STAGES.map((s) => count(stage, STAGE_LABELS[s], (r) => r.node.byStage[s] ?? 0)),
    count(stage, NOT_STARTED, (r) => r.node.byStage.not_started ?? 0),
    ...decisions.map((d) => count(GLOSSARY.direction, d.label, (r) => r.node.byDecision[d.code] ?? 0)),
    count(GLOSSARY.direction, { ja: '未決定', en: 'Not decided' }, (r) => r.node.byDecision.none ?? 0),
  ];
}
