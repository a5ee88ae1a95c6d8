import type { ImportedItem, ImportedNode, ImportedPlan } from './plan-import.types';

/** An item with the nodes from the top down to its primary parent. */
export interface PlacedItem {
  readonly path: readonly ImportedNode[];
  readonly item: ImportedItem;
}

/** Every item of the plan in plan order, with its path. */
export function placedItems(plan: Pick<ImportedPlan, 'nodes'>): PlacedItem[] {
  const out: PlacedItem[] = [];
  const walk = (node: ImportedNode, above: readonly ImportedNode[]) => {
    const path = [...above, node];
    for (const item of node.items) out.push({ path, item });
    for (const child of node.children) walk(child, path);
  };
  for (const node of plan.nodes) walk(node, []);
  return out;
}

/** Every node of the plan, parents before children, with its parent. */
export function allNodes(
  plan: Pick<ImportedPlan, 'nodes'>,
): Array<{ node: ImportedNode; parent: ImportedNode | undefined }> {
  const out: Array<{ node: ImportedNode; parent: ImportedNode | undefined }> = [];
  const walk = (node: ImportedNode, parent: ImportedNode | undefined) => {
    out.push({ node, parent });
    for (const child of node.children) walk(child, node);
  };
  for (const node of plan.nodes) walk(node, undefined);
  return out;
}

/** The plan with every item replaced by `map` (nodes keep their place). */
export function mapItems(plan: ImportedPlan, map: (item: ImportedItem) => ImportedItem): ImportedPlan {
  const node = (source: ImportedNode): ImportedNode => ({
    ...source,
    children: source.children.map(node),
    items: source.items.map(map),
  });
  return { ...plan, nodes: plan.nodes.map(node) };
}
