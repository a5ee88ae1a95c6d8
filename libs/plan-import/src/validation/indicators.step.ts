import type { ColumnLayout } from '../column-mapping';
import { planError, planWarning } from '../plan-import.messages';
import type {
  ImportedIndicator,
  LocalizedText,
  PlanImportProblem,
  PlanImportRule,
} from '../plan-import.types';
import type { ResolvedMetadata } from '../plan-metadata';
import { parseAchievementFormula, parseDirection, parseIndicatorKind } from '../value-parsers';
import { readNumberCell } from './number-cell.parser';
import type { ItemNode, ItemOfRow, PathOfRow, TreeNode } from './plan-tree.types';
import type { ProblemsByRow } from './problem-order.step';
import type { RowView } from './table-row.view';

type IndicatorMeta = Pick<ResolvedMetadata, 'periodStartFy' | 'periodEndFy' | 'direction'>;

export interface IndicatorsReading {
  /** Only items with at least one indicator, each in row order. */
  readonly indicatorsOf: ReadonlyMap<ItemNode, readonly ImportedIndicator[]>;
  /** A node's own indicators (`基本方針の指標`), by name the first row's. */
  readonly nodeIndicatorsOf: ReadonlyMap<TreeNode, readonly ImportedIndicator[]>;
  /** The plan's own indicators (主要目標). */
  readonly planIndicators: readonly ImportedIndicator[];
  readonly problems: ProblemsByRow;
}

/**
 * A row with any indicator cell (name, unit, baseline, target, direction, kind) adds one indicator
 * to its item. A node indicator column (`基本方針の指標`, 主要目標) names an indicator of the node of
 * that level the row stands in (or of the plan); without an item indicator column the row's unit,
 * baseline, targets, direction and kind are that indicator's. The cells of a row without an item
 * are still checked, so all its problems show.
 */
export function readIndicators(
  rows: readonly RowView[],
  itemOfRow: ItemOfRow,
  pathOfRow: PathOfRow,
  layout: ColumnLayout,
  meta: IndicatorMeta,
): IndicatorsReading {
  const indicatorsOf = new Map<ItemNode, ImportedIndicator[]>();
  const nodeIndicatorsOf = new Map<TreeNode, ImportedIndicator[]>();
  const planIndicators: ImportedIndicator[] = [];
  const addTo = <K>(map: Map<K, ImportedIndicator[]>, key: K, indicator: ImportedIndicator) => {
    const list = map.get(key) ?? [];
    list.push(indicator);
    map.set(key, list);
  };
  const problems = rows.map((view, index) => {
    if (!view.hasData) return [];
    const item = itemOfRow[index];
    const path = pathOfRow[index];
    const nodeCells = layout.nodeFields
      .filter((b) => b.field === 'nodeIndicator' && view.cell(b) !== '')
      .map((b) => ({ level: b.level ?? 1, name: view.cell(b) }));
    const found: PlanImportProblem[] = [];
    const addToNode = (level: number, indicator: ImportedIndicator) => {
      if (level === 0) {
        if (!planIndicators.some((i) => i.name === indicator.name)) planIndicators.push(indicator);
        return;
      }
      const node = path?.[level - 1];
      // A node spanning several rows may repeat its indicator: the first row's stands.
      if (node && !nodeIndicatorsOf.get(node)?.some((i) => i.name === indicator.name)) {
        addTo(nodeIndicatorsOf, node, indicator);
      }
    };
    const rowOwnsDetails = !layout.byField.has('indicator') && nodeCells.length > 0;
    if (rowOwnsDetails) {
      const [first, ...rest] = nodeCells;
      const read = readIndicator(view, path ? first!.name : undefined, layout, meta, first!.name);
      found.push(...read.problems);
      if (read.indicator) addToNode(first!.level, read.indicator);
      for (const cell of rest) addToNode(cell.level, nameOnly(view, cell.name, meta, found));
    } else {
      const read = readIndicator(view, item?.title, layout, meta, view.text('indicator'));
      found.push(...read.problems);
      if (item && read.indicator) addTo(indicatorsOf, item, read.indicator);
      for (const cell of nodeCells) addToNode(cell.level, nameOnly(view, cell.name, meta, found));
    }
    return found;
  });
  return { indicatorsOf, nodeIndicatorsOf, planIndicators, problems };
}

/** A node indicator given by its name only (the row's other indicator cells are its item's). */
function nameOnly(
  view: RowView,
  name: string,
  meta: IndicatorMeta,
  found: PlanImportProblem[],
): ImportedIndicator {
  if (!meta.direction) found.push(directionRequired(view, name));
  return {
    name,
    targetsByFy: {},
    ...(meta.direction ? { direction: meta.direction } : {}),
    sourceRow: view.raw.row,
  };
}

/**
 * The indicator of the row's cells. `ownerName` is the title of the item it belongs to (its name
 * when the file has no indicator column); undefined when the row belongs to nothing.
 */
function readIndicator(
  view: RowView,
  ownerName: string | undefined,
  layout: ColumnLayout,
  meta: IndicatorMeta,
  name: string,
): { indicator?: ImportedIndicator; problems: PlanImportProblem[] } {
  const unit = view.text('unit');
  const directionText = view.text('direction');
  const kindText = view.text('indicatorKind');
  const baseline = readNumberCell(view, view.binding('baseline'));
  const targets = readTargets(view, layout, meta);
  const parsedDirection = readDirection(view);
  const parsedKind = readKind(view);
  const parsedFormula = readFormula(view);
  const found = [
    baseline.problem,
    ...targets.problems,
    parsedDirection.problem,
    parsedKind.problem,
    parsedFormula.problem,
  ].filter((p) => p !== undefined);
  const hasIndicatorData =
    name !== '' ||
    unit !== '' ||
    directionText !== '' ||
    kindText !== '' ||
    view.text('baseline') !== '' ||
    targets.anyText;
  if (!hasIndicatorData || ownerName === undefined) return { problems: found };
  if (name === '' && layout.byField.has('indicator')) {
    found.push(
      planError(
        'indicator_name_required',
        { row: view.raw.row, column: view.column('indicator') },
        {
          ja: '目標値・現状値などがある行には指標名を入力してください。',
          en: 'A row with indicator values (target, baseline, …) needs an indicator name.',
        },
      ),
    );
    return { problems: found };
  }
  // No indicator column at all: the item is its own single indicator.
  const indicatorName = name === '' ? ownerName : name;
  if (directionText === '' && !meta.direction) found.push(directionRequired(view, indicatorName));
  const direction = parsedDirection.value ?? (directionText === '' ? meta.direction : undefined);
  const years = Object.keys(targets.byFy).map(Number);
  const finalTarget = targets.target ?? (years.length > 0 ? targets.byFy[Math.max(...years)] : undefined);
  const indicator: ImportedIndicator = {
    name: indicatorName,
    ...(unit ? { unit } : {}),
    ...(baseline.value !== undefined ? { baseline: baseline.value } : {}),
    ...(finalTarget !== undefined ? { target: finalTarget } : {}),
    targetsByFy: targets.byFy,
    ...(direction ? { direction } : {}),
    ...(parsedKind.value ? { kind: parsedKind.value } : {}),
    ...(parsedFormula.value ? { achievementFormula: parsedFormula.value } : {}),
    sourceRow: view.raw.row,
  };
  return { indicator, problems: found };
}

/** 目標値 cells: a year-less one is the target, year ones go by year (warned outside the period). */
function readTargets(
  view: RowView,
  layout: ColumnLayout,
  meta: IndicatorMeta,
): { target?: number; byFy: Record<number, number>; anyText: boolean; problems: PlanImportProblem[] } {
  const found: PlanImportProblem[] = [];
  const byFy: Record<number, number> = {};
  let target: number | undefined;
  let anyText = false;
  const { periodStartFy: start, periodEndFy: end } = meta;
  for (const binding of layout.targets) {
    if (view.cell(binding) !== '') anyText = true;
    const { value, problem } = readNumberCell(view, binding);
    if (problem) found.push(problem);
    if (value === undefined) continue;
    const fy = binding.fiscalYear;
    if (fy === undefined) {
      target = value;
      continue;
    }
    byFy[fy] = value;
    if (start !== undefined && end !== undefined && (fy < start || fy > end)) {
      found.push(
        planWarning(
          'target_outside_period',
          { row: view.raw.row, column: binding.header },
          {
            ja: `目標年度 ${fy} は計画期間（${start}～${end}年度）の外です。`,
            en: `Target year ${fy} is outside the plan period (FY${start}–${end}).`,
          },
        ),
      );
    }
  }
  return { target, byFy, anyText, problems: found };
}

/** A cell that must be one of a few words (方向, 指標区分); empty = not given. */
function readChoice<T>(
  view: RowView,
  field: 'direction' | 'indicatorKind' | 'achievementFormula',
  parse: (text: string) => T | undefined,
  rule: PlanImportRule,
  message: (text: string) => LocalizedText,
): { value?: T; problem?: PlanImportProblem } {
  const text = view.text(field);
  if (text === '') return {};
  const value = parse(text);
  if (value !== undefined) return { value };
  return {
    problem: planError(rule, { row: view.raw.row, column: view.column(field), value: text }, message(text)),
  };
}

const readDirection = (view: RowView) =>
  readChoice(view, 'direction', parseDirection, 'direction_invalid', (text) => ({
    ja: `方向「${text}」を読み取れません。「高いほど良い」「低いほど良い」（higher / lower）のいずれかにしてください。`,
    en: `Direction "${text}" is not recognised. Use 高いほど良い / 低いほど良い (higher / lower).`,
  }));

const readKind = (view: RowView) =>
  readChoice(view, 'indicatorKind', parseIndicatorKind, 'indicator_kind_invalid', (text) => ({
    ja: `指標区分「${text}」を読み取れません。「成果指標」「活動指標」（outcome / activity）のいずれかにしてください。`,
    en: `Indicator kind "${text}" is not recognised. Use 成果指標 / 活動指標 (outcome / activity).`,
  }));

const readFormula = (view: RowView) =>
  readChoice(view, 'achievementFormula', parseAchievementFormula, 'achievement_formula_invalid', (text) => ({
    ja: `達成率の算式「${text}」を読み取れません。「実績÷目標」「基準値からの進捗」（ratio / progress）のいずれかにしてください（空欄は市の既定）。`,
    en: `Achievement formula "${text}" is not recognised. Use 実績÷目標 / 基準値からの進捗 (ratio / progress); empty = the city's default.`,
  }));

/** A silent default rewarded a worsening 経常収支比率: the file must say which way is better. */
function directionRequired(view: RowView, indicatorName: string): PlanImportProblem {
  return planError(
    'direction_required',
    {
      row: view.raw.row,
      column: view.binding('direction')?.header ?? view.column('indicator'),
      value: indicatorName,
    },
    {
      ja: `指標「${indicatorName}」の方向（高いほど良い／低いほど良い）がありません。方向の列に入力するか、ファイル先頭に「# direction: higher」のように既定の方向を書いてください。`,
      en: `Indicator "${indicatorName}" has no direction (higher / lower is better). Fill in the direction column or set a file default such as "# direction: higher".`,
    },
  );
}
