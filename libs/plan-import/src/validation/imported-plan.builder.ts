import type { ImportedIndicator, ImportedItem, ImportedNode, ImportedPlan } from '../plan-import.types';
import type { ResolvedMetadata } from '../plan-metadata';
import type { AssignedCodes } from './code-assignment.step';
import type { EffectTargetsByYear } from './effect-targets.step';
import type { ItemDetails } from './item-details.step';
import type { NodeTexts } from './node-details.step';
import type { ItemNode, TreeNode } from './plan-tree.types';

/** What the row steps found about each item and node, besides its place in the tree. */
export interface TreeFacts {
  readonly detailsOf: ReadonlyMap<ItemNode, ItemDetails>;
  readonly indicatorsOf: ReadonlyMap<ItemNode, readonly ImportedIndicator[]>;
  readonly effectTargetsOf: ReadonlyMap<ItemNode, EffectTargetsByYear>;
  readonly alsoUnderOf: ReadonlyMap<ItemNode, readonly string[]>;
  readonly nodeTextsOf: ReadonlyMap<TreeNode, NodeTexts>;
  readonly nodeIndicatorsOf: ReadonlyMap<TreeNode, readonly ImportedIndicator[]>;
  readonly planIndicators: readonly ImportedIndicator[];
}

/** The plan as returned: metadata, then the tree with its codes and every item's and node's facts. */
export function buildImportedPlan(
  title: string,
  meta: ResolvedMetadata,
  nodeLevels: number,
  nodes: readonly TreeNode[],
  codes: AssignedCodes,
  facts: TreeFacts,
): ImportedPlan {
  const node = (source: TreeNode): ImportedNode => ({
    code: codes.get(source)!,
    title: source.title,
    isDefault: source.isDefault,
    level: source.level,
    ...facts.nodeTextsOf.get(source),
    indicators: facts.nodeIndicatorsOf.get(source) ?? [],
    children: source.children.map(node),
    items: source.items.map((item) => importedItem(item, codes.get(item)!, facts)),
  });
  return {
    title,
    ...(meta.tenantName ? { tenantName: meta.tenantName } : {}),
    ...(meta.periodStartFy !== undefined ? { periodStartFy: meta.periodStartFy } : {}),
    ...(meta.periodEndFy !== undefined ? { periodEndFy: meta.periodEndFy } : {}),
    ...(meta.source ? { source: meta.source } : {}),
    ...(meta.levels ? { levels: meta.levels } : {}),
    nodeLevels,
    metadata: meta.other,
    notes: meta.notes,
    nodes: nodes.map(node),
    indicators: facts.planIndicators,
  };
}

function importedItem(item: ItemNode, code: string, facts: TreeFacts): ImportedItem {
  const details = facts.detailsOf.get(item) ?? {};
  const effectTargets = facts.effectTargetsOf.get(item);
  const alsoUnder = facts.alsoUnderOf.get(item);
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
    ...(details.costs !== undefined ? { costs: details.costs } : {}),
    ...(details.projectKind !== undefined ? { projectKind: details.projectKind } : {}),
    ...(effectTargets ? { effectTargets } : {}),
    ...(alsoUnder && alsoUnder.length > 0 ? { alsoUnder } : {}),
    sourceRow: item.row,
  };
}
