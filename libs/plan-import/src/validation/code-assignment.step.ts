import { planWarning } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import { DEFAULT_GOAL_CODE } from './plan-fields.constants';
import type { ItemNode, TreeNode } from './plan-tree.types';

/** The code of every node and item: the file's, or the one assigned. */
export type AssignedCodes = ReadonlyMap<TreeNode | ItemNode, string>;

/**
 * Codes for nodes and items the file did not number: top nodes 1, 2, …; a node below <parent>-1, …;
 * a node standing in for "nothing on this level" takes its parent's code; items <node>-1, … (plain
 * 1, 2, … when the file names no node at all). Codes are unique per level; codes the file did give
 * are never reused.
 */
export function assignCodes(nodes: readonly TreeNode[], items: readonly ItemNode[]): AssignedCodes {
  const codes = new Map<TreeNode | ItemNode, string>();
  const levels: TreeNode[][] = [];
  const collect = (node: TreeNode) => {
    const level = levels[node.level - 1] ?? [];
    level.push(node);
    levels[node.level - 1] = level;
    node.children.forEach(collect);
  };
  nodes.forEach(collect);
  const used = levels.map((level) => new Set(level.flatMap((n) => (n.code ? [n.code] : []))));
  let topSeq = 0;
  for (const node of nodes) codes.set(node, node.code || firstFree(String(++topSeq), used[0]!));
  for (const [index, level] of levels.entries()) {
    if (index === 0) continue;
    const seqOf = new Map<TreeNode, number>();
    for (const node of level) {
      const parentCode = codes.get(node.parent!)!;
      const seq = (seqOf.get(node.parent!) ?? 0) + (node.isDefault || node.code ? 0 : 1);
      seqOf.set(node.parent!, seq);
      const code =
        node.code ||
        (node.isDefault
          ? firstFree(parentCode, used[index]!)
          : firstFree(`${parentCode}-${seq}`, used[index]!));
      codes.set(node, code);
    }
  }
  const itemCodes = new Set(items.flatMap((i) => (i.code !== undefined ? [i.code] : [])));
  for (const node of levels.at(-1) ?? []) {
    const nodeCode = codes.get(node)!;
    const prefix = nodeCode === DEFAULT_GOAL_CODE ? '' : `${nodeCode}-`;
    let itemSeq = 0;
    for (const item of node.items)
      codes.set(item, item.code || firstFree(`${prefix}${++itemSeq}`, itemCodes));
  }
  return codes;
}

/** The candidate, else candidate#2, #3, … : the first not in `used` (which it joins). */
function firstFree(candidate: string, used: Set<string>): string {
  let code = candidate;
  for (let n = 2; used.has(code); n++) code = `${candidate}#${n}`;
  used.add(code);
  return code;
}

/** Without a code column the codes depend on the row order: worth a warning for re-imports. */
export function noticeAutoAssignedCodes(
  hasCodeColumn: boolean,
  items: readonly ItemNode[],
  headerRow: number | null,
): PlanImportProblem[] {
  if (hasCodeColumn || items.length === 0) return [];
  return [
    planWarning(
      'code_auto_assigned',
      { row: headerRow },
      {
        ja: '番号の列がないため、改革項目の番号を「テーマ番号-連番」で自動採番しました。行の並びを変えると番号が変わるため、再取込する場合は番号の列を追加してください。',
        en: 'There is no code column, so item codes were assigned as <theme code>-<sequence>. Reordering rows changes them: add a code column before re-importing.',
      },
    ),
  ];
}
