/**
 * Roll-ups of a plan for one fiscal year: per node of every level (and, as before plans had their
 * own levels, per theme and goal) and for the plan, the 効果額 target vs actual
 * (for the year and cumulative from the plan's first year), progress against the whole period's
 * target (福知山's 目標値 / 累計 / 進捗率), and items per grade, stage, rating and decision. Pure, so the summary endpoint, the 進捗管理表 export and the tests compute alike.
 */
import { type EffectAmounts, type EffectTarget, netEffect } from './fiscal-effects';
import type { Rating, Stage } from './stages';

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
  /** A code of the decision list the year ran on (the city's own, e.g. 平塚市's `keep_as_is`). */
  readonly decision: string | null;
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
  /**
   * Progress against the whole plan period: target = the period's targets summed, actual = the
   * actuals up to the year asked (累計), rate = 累計 ÷ the whole-period target (進捗率). Present when
   * rollUpPlan was given the period's end.
   */
  readonly period?: EffectTotals;
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
  /** The years of the whole-period figures (`period` on each node), when the period's end was given. */
  readonly period?: { readonly fromFy: number; readonly toFy: number };
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

function freezeNode(node: NodeAcc, withPeriod: boolean): NodeRollup {
  return {
    code: node.code,
    title: node.title,
    level: node.level,
    ...freeze(node.acc, withPeriod),
    children: [...node.children.values()].map((child) => freezeNode(child, withPeriod)),
  };
}

interface Acc {
  items: number;
  year: TotalsAcc;
  cumulative: TotalsAcc;
  period: TotalsAcc;
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
  period: newTotals(),
  byGrade: {},
  byStage: {},
  byRating: {},
  byDecision: {},
});

/** One item's figures over a set of years (the actuals over `actualYears` when given). */
function itemTotals(
  item: RollupItem,
  years: (fy: number) => boolean,
  actualYears: (fy: number) => boolean = years,
): TotalsAcc {
  const totals = newTotals();
  let hasTarget = false;
  let hasActual = false;
  for (const [fyText, year] of Object.entries(item.effectsByYear)) {
    const fy = Number(fyText);
    if (year.target && years(fy)) {
      hasTarget = true;
      totals.target.spendingReduction += year.target.spendingReduction ?? 0;
      totals.target.revenueGain += year.target.revenueGain ?? 0;
      totals.target.cost += year.target.cost ?? 0;
      totals.target.net += year.target.net;
    }
    if (year.actual && actualYears(fy)) {
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

interface ItemFigures {
  readonly year: TotalsAcc;
  readonly cumulative: TotalsAcc;
  readonly period: TotalsAcc;
}

function addItem(acc: Acc, item: RollupItem, figures: ItemFigures): void {
  acc.items += 1;
  addTotals(acc.year, figures.year);
  addTotals(acc.cumulative, figures.cumulative);
  addTotals(acc.period, figures.period);
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

function freeze(acc: Acc, withPeriod: boolean): RollupNode {
  return {
    items: acc.items,
    year: freezeTotals(acc.year),
    cumulative: freezeTotals(acc.cumulative),
    ...(withPeriod ? { period: freezeTotals(acc.period) } : {}),
    byGrade: { ...acc.byGrade },
    byStage: { ...acc.byStage },
    byRating: { ...acc.byRating },
    byDecision: { ...acc.byDecision },
  };
}

/** The fiscal years an item knows figures for. */
function knownYearsOf(items: readonly RollupItem[]): number[] {
  return items.flatMap((i) => Object.keys(i.effectsByYear).map(Number));
}

/**
 * One item's progress against the whole period fromFy..toFy: the period's targets, the actuals up
 * to `fiscalYear` (累計) and their ratio (進捗率), as the 進捗管理表 prints it per item.
 */
export function periodTotalsOf(
  item: RollupItem,
  fiscalYear: number,
  period: { readonly fromFy: number; readonly toFy: number },
): EffectTotals {
  return freezeTotals(periodAcc(item, fiscalYear, period));
}

function periodAcc(item: RollupItem, fiscalYear: number, period: { fromFy: number; toFy: number }) {
  return itemTotals(
    item,
    (fy) => fy >= period.fromFy && fy <= period.toFy,
    (fy) => fy >= period.fromFy && fy <= Math.min(fiscalYear, period.toFy),
  );
}

/**
 * Items in plan order (goals and themes keep the order they first appear in). `periodEndFy`, when
 * given, adds the whole-period figures (`period`); null means the last year the data knows.
 */
export function rollUpPlan(
  items: readonly RollupItem[],
  fiscalYear: number,
  periodStartFy: number | null,
  periodEndFy?: number | null,
): PlanRollup {
  const knownYears = knownYearsOf(items);
  const fromFy = periodStartFy ?? (knownYears.length > 0 ? Math.min(...knownYears) : fiscalYear);
  const withPeriod = periodEndFy !== undefined;
  const period = { fromFy, toFy: periodEndFy ?? Math.max(fiscalYear, ...knownYears) };
  const plan = newAcc();
  const tops = new Map<string, NodeAcc>();
  const goals = new Map<
    string,
    { title: string; acc: Acc; themes: Map<string, { title: string; acc: Acc }> }
  >();
  for (const item of items) {
    const figures: ItemFigures = {
      year: itemTotals(item, (fy) => fy === fiscalYear),
      cumulative: itemTotals(item, (fy) => fy >= fromFy && fy <= fiscalYear),
      period: withPeriod ? periodAcc(item, fiscalYear, period) : newTotals(),
    };
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
    addItem(plan, item, figures);
    addItem(goal.acc, item, figures);
    addItem(theme.acc, item, figures);
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
      addItem(node.acc, item, figures);
      level = node.children;
    }
  }
  return {
    fiscalYear,
    cumulativeFromFy: fromFy,
    ...(withPeriod ? { period } : {}),
    plan: freeze(plan, withPeriod),
    nodes: [...tops.values()].map((node) => freezeNode(node, withPeriod)),
    goals: [...goals.entries()].map(([code, goal]) => ({
      code,
      title: goal.title,
      ...freeze(goal.acc, withPeriod),
      themes: [...goal.themes.entries()].map(([themeCode, theme]) => ({
        code: themeCode,
        title: theme.title,
        ...freeze(theme.acc, withPeriod),
      })),
    })),
  };
}
