/**
 * The pure half of writing an imported plan: what the database can hold (checked before anything is
 * written, so a file the parser accepted can still never fail half-way on a constraint), and the
 * form an imported plan takes once stored (so re-importing the same file compares equal).
 */

import type { StoredDirection } from '@pdca/persistence/repositories';
import type {
  ImportedIndicator,
  ImportedItem,
  ImportedNode,
  ImportedPlan,
  PlanImportProblem,
  PlanImportRule,
  PlanItemSnapshot,
} from '..';
import { allNodes, type PlacedItem, placedItems } from '../plan-tree-walk';

/** Rules of the storage step, on top of the parser's own (`plan-import.types.ts`). */
export type PlanStoreRule =
  | 'invalid_character'
  | 'budget_invalid'
  | 'duplicate_indicator'
  | 'value_out_of_range'
  | 'indicator_kept'
  | 'item_removed';

/** A problem of the parser or of the storage step: same shape, a few more rule ids. */
export type ImportProblem = Omit<PlanImportProblem, 'rule'> & {
  readonly rule: PlanImportRule | PlanStoreRule;
};

/** Where a stored value came from, for messages (the parser keeps rows, not header texts). */
const COLUMN_LABELS = {
  code: '番号 (code)',
  title: '改革項目 (title)',
  summary: '概要 (summary)',
  background: '現状と課題 (background)',
  goal: '目標 (goal)',
  theme: 'テーマ (theme)',
  workingGroup: '所管 (working group)',
  indicator: '指標 (indicator)',
  unit: '単位 (unit)',
  baseline: '現状値 (baseline)',
  target: '目標値 (target)',
  budget: '予算額 (budget)',
} as const;

/** PostgreSQL `numeric` and `jsonb` take any finite number; this keeps values humanly sane. */
const MAX_ABS_VALUE = 1e15;

function error(
  rule: PlanStoreRule | PlanImportRule,
  row: number | null,
  column: string | null,
  ja: string,
  en: string,
  value?: string,
): ImportProblem {
  return {
    severity: 'error',
    rule,
    row,
    column,
    ...(value === undefined ? {} : { value: value.length > 100 ? `${value.slice(0, 100)}…` : value }),
    message: { ja, en },
  };
}

// PostgreSQL text cannot hold U+0000; a JSON file can spell it as "\u0000".
const NUL = '\u0000';

function visibleValue(text: string): string {
  return text.split(NUL).join('\\u0000');
}

/**
 * Everything the parser accepts but the database would refuse (or that would fail a constraint
 * half-way through the transaction): NUL characters, budgets that are not whole non-negative yen,
 * two indicators of one item with the same name, absurd numbers.
 */
export function storeProblems(plan: ImportedPlan): ImportProblem[] {
  const found: ImportProblem[] = [];
  const text = (value: string | undefined, row: number | null, column: string | null) => {
    if (value?.includes(NUL)) {
      found.push(
        error(
          'invalid_character',
          row,
          column,
          '使用できない制御文字（NUL, U+0000）が含まれています。',
          'The text contains a character that cannot be stored (NUL, U+0000).',
          visibleValue(value),
        ),
      );
    }
  };
  const number = (value: number | undefined, row: number, column: string) => {
    if (value === undefined) return;
    if (!Number.isFinite(value) || Math.abs(value) > MAX_ABS_VALUE) {
      found.push(
        error(
          'value_out_of_range',
          row,
          column,
          `数値が大きすぎます（絶対値 ${MAX_ABS_VALUE.toExponential()} 以下）。`,
          `The number is out of range (at most ${MAX_ABS_VALUE.toExponential()} in absolute value).`,
          String(value),
        ),
      );
    }
  };

  text(plan.title, null, null);
  text(plan.tenantName, null, null);
  text(plan.source, null, null);
  for (const [key, value] of Object.entries(plan.metadata)) {
    text(key, null, null);
    text(value, null, null);
  }
  for (const note of plan.notes) text(note, null, null);

  const indicators = (list: readonly ImportedIndicator[], owner: { ja: string; en: string }) => {
    const names = new Map<string, number>();
    for (const indicator of list) {
      const at = indicator.sourceRow;
      text(indicator.name, at, COLUMN_LABELS.indicator);
      text(indicator.unit, at, COLUMN_LABELS.unit);
      number(indicator.baseline, at, COLUMN_LABELS.baseline);
      number(indicator.target, at, COLUMN_LABELS.target);
      for (const value of Object.values(indicator.targetsByFy)) number(value, at, COLUMN_LABELS.target);
      const first = names.get(indicator.name);
      if (first !== undefined) {
        found.push(
          error(
            'duplicate_indicator',
            at,
            COLUMN_LABELS.indicator,
            `${owner.ja}の指標「${indicator.name}」は${first}行目と重複しています。指標名は項目内で一意にしてください。`,
            `${owner.en} already has an indicator "${indicator.name}" (row ${first}); indicator names must be unique within an item.`,
            indicator.name,
          ),
        );
      } else {
        names.set(indicator.name, at);
      }
    }
  };

  for (const { node } of allNodes(plan)) {
    const nodeRow = firstRowOf(node);
    const column = COLUMN_LABELS[node.level === 1 ? 'goal' : 'theme'];
    text(node.code, nodeRow, column);
    text(node.title, nodeRow, column);
    text(node.description, nodeRow, column);
    text(node.vision, nodeRow, column);
    text(node.background, nodeRow, column);
    indicators(node.indicators, { ja: `「${node.code}」`, en: `Node "${node.code}"` });
    for (const item of node.items) {
      const row = item.sourceRow;
      text(item.code, row, COLUMN_LABELS.code);
      text(item.title, row, COLUMN_LABELS.title);
      text(item.summary, row, COLUMN_LABELS.summary);
      text(item.background, row, COLUMN_LABELS.background);
      text(item.workingGroup, row, COLUMN_LABELS.workingGroup);
      const amount = item.budget?.currentAmount;
      if (amount !== undefined && !(Number.isSafeInteger(amount) && amount >= 0)) {
        found.push(
          error(
            'budget_invalid',
            row,
            COLUMN_LABELS.budget,
            '予算額は0以上の円単位の整数で入力してください。',
            'The budget must be a whole, non-negative number of yen.',
            String(amount),
          ),
        );
      }
      indicators(item.indicators, { ja: `改革項目「${item.code}」`, en: `Item "${item.code}"` });
    }
  }
  indicators(plan.indicators, { ja: '計画', en: 'The plan' });
  if (
    plan.periodStartFy !== undefined &&
    plan.periodEndFy !== undefined &&
    plan.periodStartFy > plan.periodEndFy
  ) {
    found.push(
      error(
        'period_invalid',
        null,
        null,
        `計画期間の開始年度（${plan.periodStartFy}）が終了年度（${plan.periodEndFy}）より後になっています。`,
        `The plan period starts (${plan.periodStartFy}) after it ends (${plan.periodEndFy}).`,
      ),
    );
  }
  return found;
}

/** The row of the first item in the node's subtree (or of its first indicator). */
function firstRowOf(node: ImportedNode): number | null {
  const first = placedItems({ nodes: [node] })[0];
  return first?.item.sourceRow ?? node.indicators[0]?.sourceRow ?? null;
}

export function storedDirection(indicator: Pick<ImportedIndicator, 'direction'>): StoredDirection {
  return indicator.direction === 'lower' ? 'lower_is_better' : 'higher_is_better';
}

/**
 * An indicator as the database keeps it: no direction means higher is better (the column's
 * default), and a final target without a year column is also the target of the plan's last fiscal
 * year (`indicators.targets` is what a cycle reads; the plain value is kept in `indicators.target`).
 */
function storedIndicator(indicator: ImportedIndicator, plan: ImportedPlan): ImportedIndicator {
  const targetsByFy: Record<number, number> = { ...indicator.targetsByFy };
  if (
    indicator.target !== undefined &&
    Object.keys(targetsByFy).length === 0 &&
    plan.periodEndFy !== undefined
  ) {
    targetsByFy[plan.periodEndFy] = indicator.target;
  }
  return {
    ...indicator,
    direction: indicator.direction ?? 'higher',
    targetsByFy,
  };
}

/**
 * The imported plan in the form it is stored. An item whose file gives no budget keeps the budget it
 * has (a new item starts at 0 yen): an empty cell is not a decision to cut the budget to nothing.
 */
export function storedFormOf(
  plan: ImportedPlan,
  existing: ReadonlyMap<string, PlanItemSnapshot>,
): ImportedPlan {
  const item = (source: ImportedItem): ImportedItem => ({
    ...source,
    indicators: source.indicators.map((indicator) => storedIndicator(indicator, plan)),
    budget: source.budget ?? { currentAmount: existing.get(source.code)?.budgetAmount ?? 0 },
    // Likewise 効果額: a file without the columns keeps the targets the item has.
    effectTargets: source.effectTargets ?? existing.get(source.code)?.effectTargets ?? {},
  });
  const node = (source: ImportedNode): ImportedNode => ({
    ...source,
    indicators: source.indicators.map((indicator) => storedIndicator(indicator, plan)),
    children: source.children.map(node),
    items: source.items.map(item),
  });
  return {
    ...plan,
    nodes: plan.nodes.map(node),
    indicators: plan.indicators.map((indicator) => storedIndicator(indicator, plan)),
  };
}

export interface PlanCounts {
  /** Nodes on level 1. */
  goals: number;
  /** Nodes below level 1 (the themes of a goal → theme → item plan). */
  themes: number;
  /** Nodes per level, from the top. */
  levels: number[];
  items: number;
  /** The items' indicators. */
  indicators: number;
  /** The nodes' and the plan's own indicators. */
  nodeIndicators: number;
}

export function countsOf(plan: ImportedPlan): PlanCounts {
  const nodes = allNodes(plan).map((n) => n.node);
  const items = placedItems(plan).map((p) => p.item);
  const levels = Array.from(
    { length: plan.nodeLevels },
    (_, i) => nodes.filter((n) => n.level === i + 1).length,
  );
  return {
    goals: levels[0] ?? 0,
    themes: nodes.length - (levels[0] ?? 0),
    levels,
    items: items.length,
    indicators: items.reduce((sum, i) => sum + i.indicators.length, 0),
    nodeIndicators: nodes.reduce((sum, n) => sum + n.indicators.length, plan.indicators.length),
  };
}

/** Every item in plan order, with the nodes from the top down to its primary parent. */
export function itemsOf(plan: ImportedPlan): PlacedItem[] {
  return placedItems(plan);
}

/** Working-group names in the order the file first names them. */
export function workingGroupNames(plan: ImportedPlan): string[] {
  const names = new Set<string>();
  for (const { item } of itemsOf(plan)) if (item.workingGroup) names.add(item.workingGroup);
  return [...names];
}
