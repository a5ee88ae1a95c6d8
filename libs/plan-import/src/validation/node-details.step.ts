import { planError } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import { nfkc, normalizeCode } from '../value-parsers';
import type { AssignedCodes } from './code-assignment.step';
import type { ItemNode, ItemOfRow, PathOfRow, TreeNode } from './plan-tree.types';
import type { ProblemsByRow } from './problem-order.step';
import type { RowView } from './table-row.view';

export type NodeTextField = 'description' | 'vision' | 'background';

/** A node's own texts (方針の説明, 3年後の姿 / 目指す姿, 現状と課題). */
export type NodeTexts = { [F in NodeTextField]?: string };

const TEXT_OF = {
  nodeDescription: 'description',
  nodeVision: 'vision',
  nodeBackground: 'background',
} as const;

/**
 * The texts of each node from the node columns of the rows that stand in it. A node spans several
 * rows of a city's table (a merged cell, or one 目指す姿 per item under one 基本方針): its text is the
 * distinct values in row order, one per line.
 */
export function readNodeTexts(
  rows: readonly RowView[],
  pathOfRow: PathOfRow,
): ReadonlyMap<TreeNode, NodeTexts> {
  const textsOf = new Map<TreeNode, Record<NodeTextField, string[]>>();
  rows.forEach((view, index) => {
    const path = pathOfRow[index];
    if (!view.hasData || !path) return;
    for (const binding of view.nodeBindings()) {
      if (binding.field === 'nodeIndicator') continue;
      const node = path[(binding.level ?? 1) - 1];
      const value = view.cell(binding);
      if (!node || value === '') continue;
      const texts = textsOf.get(node) ?? { description: [], vision: [], background: [] };
      const list = texts[TEXT_OF[binding.field as keyof typeof TEXT_OF]];
      if (!list.includes(value)) list.push(value);
      textsOf.set(node, texts);
    }
  });
  return new Map(
    [...textsOf].map(([node, texts]) => [
      node,
      Object.fromEntries(
        Object.entries(texts)
          .filter(([, list]) => list.length > 0)
          .map(([field, list]) => [field, list.join('\n')]),
      ) as NodeTexts,
    ]),
  );
}

/** The codes a 再掲先 cell lists: separated by commas, 、, semicolons or spaces. */
function codesIn(cell: string): string[] {
  return nfkc(cell)
    .split(/[,、;；\s]+/u)
    .map((code) => normalizeCode(code))
    .filter((code) => code !== '');
}

export interface AlsoUnderReading {
  /** Items with further parents: the nodes' assigned codes, in the file's order. */
  readonly alsoUnderOf: ReadonlyMap<ItemNode, readonly string[]>;
  readonly problems: ProblemsByRow;
}

/**
 * 再掲先: each item's further parents, codes of nodes on the plan's last node level (where its own
 * parent is). A code no such node has is `parent_unknown`; the item's own parent is not repeated.
 */
export function readAlsoUnder(
  rows: readonly RowView[],
  itemOfRow: ItemOfRow,
  lastLevel: readonly TreeNode[],
  codes: AssignedCodes,
): AlsoUnderReading {
  const nodeByCode = new Map<string, TreeNode>();
  for (const node of lastLevel) {
    nodeByCode.set(codes.get(node)!, node);
    if (!nodeByCode.has(node.key)) nodeByCode.set(node.key, node);
  }
  const alsoUnderOf = new Map<ItemNode, string[]>();
  const problems = rows.map((view, index): PlanImportProblem[] => {
    const binding = view.binding('alsoUnder');
    const item = itemOfRow[index];
    if (!binding || !view.hasData || !item) return [];
    const found: PlanImportProblem[] = [];
    for (const code of codesIn(view.cell(binding))) {
      const node = nodeByCode.get(code);
      if (!node) {
        found.push(
          planError(
            'parent_unknown',
            { row: view.raw.row, column: binding.header, value: code },
            {
              ja: `再掲先「${code}」に当たる項目が計画にありません。再掲先には、改革項目のすぐ上の段階の番号（この計画では ${[...new Set(lastLevel.map((n) => codes.get(n)!))].slice(0, 5).join('、')} など）を書いてください。`,
              en: `There is no node "${code}" to list this item under again. "Also under" takes codes of the level right above the items (in this plan e.g. ${[...new Set(lastLevel.map((n) => codes.get(n)!))].slice(0, 5).join(', ')}).`,
            },
          ),
        );
        continue;
      }
      if (node === item.parent) continue;
      const list = alsoUnderOf.get(item) ?? [];
      const nodeCode = codes.get(node)!;
      if (!list.includes(nodeCode)) list.push(nodeCode);
      alsoUnderOf.set(item, list);
    }
    return found;
  });
  return { alsoUnderOf, problems };
}
