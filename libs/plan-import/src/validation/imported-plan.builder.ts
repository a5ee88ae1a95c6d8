import type { ImportedGoal, ImportedIndicator, ImportedItem, ImportedPlan } from '../plan-import.types';
import type { ResolvedMetadata } from '../plan-metadata';
import type { AssignedCodes } from './code-assignment.step';
import type { EffectTargetsByYear } from './effect-targets.step';
import type { ItemDetails } from './item-details.step';
import type { GoalNode, ItemNode } from './plan-tree.types';

/** What the row steps found about each item, besides its place in the tree. */
export interface ItemFacts {
  readonly detailsOf: ReadonlyMap<ItemNode, ItemDetails>;
  readonly indicatorsOf: ReadonlyMap<ItemNode, readonly ImportedIndicator[]>;
  readonly effectTargetsOf: ReadonlyMap<ItemNode, EffectTargetsByYear>;
}

/** The plan as returned: metadata, then the tree with its codes and every item's facts. */
export function buildImportedPlan(
  title: string,
  meta: ResolvedMetadata,
  goals: readonly GoalNode[],
  codes: AssignedCodes,
  facts: ItemFacts,
): ImportedPlan {
  return {
    title,
    ...(meta.tenantName ? { tenantName: meta.tenantName } : {}),
    ...(meta.periodStartFy !== undefined ? { periodStartFy: meta.periodStartFy } : {}),
    ...(meta.periodEndFy !== undefined ? { periodEndFy: meta.periodEndFy } : {}),
    ...(meta.source ? { source: meta.source } : {}),
    metadata: meta.other,
    notes: meta.notes,
    goals: goals.map(
      (goal): ImportedGoal => ({
        code: codes.get(goal)!,
        title: goal.title,
        isDefault: goal.isDefault,
        themes: goal.themes.map((theme) => ({
          code: codes.get(theme)!,
          title: theme.title,
          isDefault: theme.isDefault,
          items: theme.items.map((item) => importedItem(item, codes.get(item)!, facts)),
        })),
      }),
    ),
  };
}

function importedItem(item: ItemNode, code: string, facts: ItemFacts): ImportedItem {
  const details = facts.detailsOf.get(item) ?? {};
  const effectTargets = facts.effectTargetsOf.get(item);
  return {
    code,
    codeAutoAssigned: item.codeAutoAssigned,
    title: item.title,
    ...(details.summary !== undefined ? { summary: details.summary } : {}),
    ...(details.background !== undefined ? { background: details.background } : {}),
    ...(details.workingGroup !== undefined ? { workingGroup: details.workingGroup } : {}),
    ...(details.reviewCadence !== undefined ? { reviewCadence: details.reviewCadence } : {}),
    indicators: facts.indicatorsOf.get(item) ?? [],
    ...(details.budget !== undefined ? { budget: { currentAmount: details.budget } } : {}),
    ...(effectTargets ? { effectTargets } : {}),
    sourceRow: item.row,
  };
}
