import { planError } from '../plan-import.messages';
import type { ImportedEffectTarget, PlanImportProblem } from '../plan-import.types';
import type { ResolvedMetadata } from '../plan-metadata';
import type { EffectCells, EffectCellsByYear, ItemNode } from './plan-tree.types';

export type EffectTargetsByYear = Record<number, ImportedEffectTarget>;

export interface EffectTargets {
  /** Items with 効果額 cells (possibly no year in the end). */
  readonly targetsOf: ReadonlyMap<ItemNode, EffectTargetsByYear>;
  readonly problems: readonly PlanImportProblem[];
}

/**
 * Each item's 効果額 per fiscal year: year-less columns fill every year of the plan period, a year
 * column wins; the net is derived from the parts, and a net cell must agree with them.
 */
export function deriveEffectTargets(
  items: readonly ItemNode[],
  cellsOf: ReadonlyMap<ItemNode, EffectCellsByYear>,
  period: Pick<ResolvedMetadata, 'periodStartFy' | 'periodEndFy'>,
): EffectTargets {
  const targetsOf = new Map<ItemNode, EffectTargetsByYear>();
  const problems: PlanImportProblem[] = [];
  const { periodStartFy: start, periodEndFy: end } = period;
  for (const item of items) {
    const effects = cellsOf.get(item);
    if (!effects) continue;
    const years: EffectTargetsByYear = {};
    const everyYear = effects.get(null);
    const yearsOfPeriod =
      everyYear && start !== undefined && end !== undefined
        ? Array.from({ length: end - start + 1 }, (_, i) => start + i)
        : [];
    const explicitYears = [...effects.keys()].filter((k): k is number => k !== null);
    for (const fy of new Set([...yearsOfPeriod, ...explicitYears])) {
      const { target, problem } = effectTargetOfCells({ ...everyYear, ...effects.get(fy) }, item);
      if (problem) problems.push(problem);
      if (target) years[fy] = target;
    }
    targetsOf.set(item, years);
  }
  return { targetsOf, problems };
}

/** Net from the parts (missing parts count as 0); a net column that disagrees with them is an error. */
export function effectTargetOfCells(
  cells: EffectCells,
  item: Pick<ItemNode, 'title'>,
): { target?: ImportedEffectTarget; problem?: PlanImportProblem } {
  const { spendingReduction, revenueGain, cost, net } = cells;
  if (!spendingReduction && !revenueGain && !cost) {
    return net ? { target: { spendingReduction: null, revenueGain: null, cost: null, net: net.value } } : {};
  }
  const s = spendingReduction?.value ?? 0;
  const r = revenueGain?.value ?? 0;
  const c = cost?.value ?? 0;
  const target = { spendingReduction: s, revenueGain: r, cost: c, net: s + r - c };
  if (!net || net.value === target.net) return { target };
  const problem = planError(
    'effect_mismatch',
    { row: net.row, column: net.column, value: String(net.value) },
    {
      ja: `改革項目「${item.title}」の効果額（${net.value}円）が、歳出削減＋歳入確保−取組経費（${target.net}円）と一致しません。`,
      en: `The effect of item "${item.title}" (${net.value} yen) does not equal spending reduced + revenue gained − cost (${target.net} yen).`,
    },
  );
  return { target, problem };
}
