/**
 * Roll-ups of a plan for one fiscal year: per node of every level (and, as before plans had their
 * own levels, per theme and goal) and for the plan, the 効果額 target vs actual
 * (for the year and cumulative from the plan's first year), and items per grade, stage, rating and
 * decision. Pure, so the summary endpoint, the 進捗管理表 export and the tests compute alike.
 */
import { type EffectAmounts, type EffectTarget, netEffect } from './fiscal-effects';
import type { ActDecision, Rating, Stage } from './stages';

export interface RollupYear {
  readonly target: EffectTarget | null;
  readonly actual: EffectAmounts | null;
}

/** A node on an item's way from the top of the plan. */
export interface RollupPathNode {
  readonly code: string;
  readonly title: string;
}

export interface RollupItem {
  /**
   * The nodes from the top of the plan down to the item's primary parent (1–3 of them). Counted
   * under these only, so an item listed again elsewhere (再掲) is not counted twice. Without it the
   * item's path is its goal and theme.
   */
  readonly path?: readonly RollupPathNode[];
  readonly goalCode: string;
  readonly goalTitle: string;
  readonly themeCode: string;
  readonly themeTitle: string;
  /** The stage of this fiscal year's cycle; null when no cycle has opened. */
  readonly stage: Stage | null;
  readonly grade: string | null;
  /** HQ's rating, else the self-rating. */
  readonly rating: Rating | null;
  readonly decision: ActDecision | null;
  /** Effects per fiscal year (every year known, not only the one asked for). */
  readonly effectsByYear: Readonly<Record<number, RollupYear>>;
}

export interface EffectFigures {
  readonly spendingReduction: number;
  readonly revenueGain: number;
  readonly cost: number;
  readonly net: number;
}

export interface EffectTotals {
  readonly target: EffectFigures;
  readonly actual: EffectFigures;
  readonly itemsWithTarget: number;
  readonly itemsWithActual: number;
  /** actual net / target net in percent (one decimal); null when the target net is not positive. */
  readonly achievementRate: number | null;
}

export interface RollupNode {
  readonly items: number;
  /** The fiscal year asked for. */
  readonly year: EffectTotals;
  readonly cumulative: EffectTotals;
  /** Keys: grade code, or `none`. */
  readonly byGrade: Readonly<Record<string, number>>;
  /** Keys: PLAN/DO/CHECK/ACT, or `not_started`. */
  readonly byStage: Readonly<Record<string, number>>;
  /** Keys: A–D, or `none`. */
  readonly byRating: Readonly<Record<string, number>>;
  /** Keys: the decisions, or `none`. */
  readonly byDecision: Readonly<Record<string, number>>;
}

export interface ThemeRollup extends RollupNode {
  readonly code: string;
  readonly title: string;
}

export interface GoalRollup extends RollupNode {
  readonly code: string;
  readonly title: string;
  readonly themes: readonly ThemeRollup[];
}

/** A node of the plan tree with its totals and the nodes of the next level under it. */
export interface NodeRollup extends RollupNode {
  readonly code: string;
  readonly title: string;
  /** 1 = the top level. */
  readonly level: number;
  readonly children: readonly NodeRollup[];
}

export interface PlanRollup {
  readonly fiscalYear: number;
  /** First year counted in the cumulative figures (the plan's first year, else the earliest known). */
  readonly cumulativeFromFy: number;
  readonly plan: RollupNode;
  /** Every level: the top-level nodes, each with its subtree. */
  readonly nodes: readonly NodeRollup[];
  /** The goal and theme of each item (the first two levels), as before plans had their own levels. */
  readonly goals: readonly GoalRollup[];
}

interface NodeAcc {
  code: string;
  title: string;
  level: number;
  acc: Acc;
  children: Map<string, NodeAcc>;
}

function freezeNode(node: NodeAcc): NodeRollup {
  return {
    code: node.code,
    title: node.title,
    level: node.level,
    ...freeze(node.acc),
    children: [...node.children.values()].map(freezeNode),
  };
}

interface Acc {
  items: number;
  year: TotalsAcc;
  cumulative: TotalsAcc;
  byGrade: Record<string, number>;
  byStage: Record<string, number>;
  byRating: Record<string, number>;
  byDecision: Record<string, number>;
}

interface TotalsAcc {
  target: { spendingReduction: number; revenueGain: number; cost: number; net: number };
  actual: { spendingReduction: number; revenueGain: number; cost: number; net: number };
  itemsWithTarget: number;
  itemsWithActual: number;
}

const zero = () => ({ spendingReduction: 0, revenueGain: 0, cost: 0, net: 0 });
const newTotals = (): TotalsAcc => ({
  target: zero(),
  actual: zero(),
  itemsWithTarget: 0,
  itemsWithActual: 0,
});
const newAcc = (): Acc => ({
  items: 0,
  year: newTotals(),
  cumulative: newTotals(),
  byGrade: {},
  byStage: {},
  byRating: {},
  byDecision: {},
});

/** One item's figures over a set of years. */
function itemTotals(item: RollupItem, years: (fy: number) => boolean): TotalsAcc {
  const totals = newTotals();
  let hasTarget = false;
  let hasActual = false;
  for (const [fyText, year] of Object.entries(item.effectsByYear)) {
    if (!years(Number(fyText))) continue;
    if (year.target) {
      hasTarget = true;
      totals.target.spendingReduction += year.target.spendingReduction ?? 0;
      totals.target.revenueGain += year.target.revenueGain ?? 0;
      totals.target.cost += year.target.cost ?? 0;
      totals.target.net += year.target.net;
    }
    if (year.actual) {
      hasActual = true;
      totals.actual.spendingReduction += year.actual.spendingReduction;
      totals.actual.revenueGain += year.actual.revenueGain;
      totals.actual.cost += year.actual.cost;
      totals.actual.net += netEffect(year.actual);
    }
  }
  totals.itemsWithTarget = hasTarget ? 1 : 0;
  totals.itemsWithActual = hasActual ? 1 : 0;
  return totals;
}

function addTotals(into: TotalsAcc, from: TotalsAcc): void {
  for (const side of ['target', 'actual'] as const) {
    for (const key of ['spendingReduction', 'revenueGain', 'cost', 'net'] as const) {
      into[side][key] += from[side][key];
    }
  }
  into.itemsWithTarget += from.itemsWithTarget;
  into.itemsWithActual += from.itemsWithActual;
}

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

function addItem(acc: Acc, item: RollupItem, year: TotalsAcc, cumulative: TotalsAcc): void {
  acc.items += 1;
  addTotals(acc.year, year);
  addTotals(acc.cumulative, cumulative);
  bump(acc.byGrade, item.grade ?? 'none');
  bump(acc.byStage, item.stage ?? 'not_started');
  bump(acc.byRating, item.rating ?? 'none');
  bump(acc.byDecision, item.decision ?? 'none');
}

/** Percent with one decimal, as the reports print it. */
export function effectAchievementRate(targetNet: number, actualNet: number): number | null {
  if (targetNet <= 0) return null;
  return Math.round((actualNet / targetNet) * 1000) / 10;
}

function freezeTotals(t: TotalsAcc): EffectTotals {
  return {
    target: { ...t.target },
    actual: { ...t.actual },
    itemsWithTarget: t.itemsWithTarget,
    itemsWithActual: t.itemsWithActual,
    achievementRate: t.itemsWithActual === 0 ? null : effectAchievementRate(t.target.net, t.actual.net),
  };
}

function freeze(acc: Acc): RollupNode {
  return {
    items: acc.items,
    year: freezeTotals(acc.year),
    cumulative: freezeTotals(acc.cumulative),
    byGrade: { ...acc.byGrade },
    byStage: { ...acc.byStage },
    byRating: { ...acc.byRating },
    byDecision: { ...acc.byDecision },
  };
}

/** Items in plan order (goals and themes keep the order they first appear in). */
export function rollUpPlan(
  items: readonly RollupItem[],
  fiscalYear: number,
  periodStartFy: number | null,
): PlanRollup {
  const knownYears = items.flatMap((i) => Object.keys(i.effectsByYear).map(Number));
  const fromFy = periodStartFy ?? (knownYears.length > 0 ? Math.min(...knownYears) : fiscalYear);
  const plan = newAcc();
  const tops = new Map<string, NodeAcc>();
  const goals = new Map<
    string,
    { title: string; acc: Acc; themes: Map<string, { title: string; acc: Acc }> }
  >();
  for (const item of items) {
    const year = itemTotals(item, (fy) => fy === fiscalYear);
    const cumulative = itemTotals(item, (fy) => fy >= fromFy && fy <= fiscalYear);
    let goal = goals.get(item.goalCode);
    if (!goal) {
      goal = { title: item.goalTitle, acc: newAcc(), themes: new Map() };
      goals.set(item.goalCode, goal);
    }
    let theme = goal.themes.get(item.themeCode);
    if (!theme) {
      theme = { title: item.themeTitle, acc: newAcc() };
      goal.themes.set(item.themeCode, theme);
    }
    addItem(plan, item, year, cumulative);
    addItem(goal.acc, item, year, cumulative);
    addItem(theme.acc, item, year, cumulative);
    const path = item.path ?? [
      { code: item.goalCode, title: item.goalTitle },
      { code: item.themeCode, title: item.themeTitle },
    ];
    let level = tops;
    for (const [index, step] of path.entries()) {
      let node = level.get(step.code);
      if (!node) {
        node = { code: step.code, title: step.title, level: index + 1, acc: newAcc(), children: new Map() };
        level.set(step.code, node);
      }
      addItem(node.acc, item, year, cumulative);
      level = node.children;
    }
  }
  return {
    fiscalYear,
    cumulativeFromFy: fromFy,
    plan: freeze(plan),
    nodes: [...tops.values()].map(freezeNode),
    goals: [...goals.entries()].map(([code, goal]) => ({
      code,
      title: goal.title,
      ...freeze(goal.acc),
      themes: [...goal.themes.entries()].map(([themeCode, theme]) => ({
        code: themeCode,
        title: theme.title,
        ...freeze(theme.acc),
      })),
    })),
  };
}
