import type { PlanField } from '../plan-import.types';

/**
 * The node → … → item tree as the rows build it (item-tree.step.ts). Codes the file did not give
 * are left out here and assigned at the end (code-assignment.step.ts); what else the rows say about
 * an item or a node (details, 効果額, indicators) is kept by the step that read it, keyed by it.
 */
export interface TreeNode {
  /** Code, else title; for a default node a key of its own (see NodeRegistry). */
  readonly key: string;
  readonly code?: string;
  readonly title: string;
  readonly isDefault: boolean;
  /** 1 = the top level. */
  readonly level: number;
  readonly parent?: TreeNode;
  readonly row: number;
  readonly children: TreeNode[];
  /** Items whose primary parent this is (last node level only). */
  readonly items: ItemNode[];
}

export interface ItemNode {
  readonly code?: string;
  readonly codeAutoAssigned: boolean;
  readonly title: string;
  /** The primary parent, on the plan's last node level. */
  readonly parent: TreeNode;
  readonly row: number;
}

/** The nodes from the top down to `node`. */
export function pathOf(node: TreeNode): TreeNode[] {
  const path: TreeNode[] = [];
  for (let at: TreeNode | undefined = node; at; at = at.parent) path.unshift(at);
  return path;
}

/** The item of each row of the table (same index); undefined for an empty or rejected row. */
export type ItemOfRow = readonly (ItemNode | undefined)[];

/**
 * The nodes each row stands in, from the top (same index): its item's parent path, or for a node
 * row (no item) the nodes it names; undefined for an empty or rejected row.
 */
export type PathOfRow = readonly (readonly TreeNode[] | undefined)[];

export type EffectPart = 'spendingReduction' | 'revenueGain' | 'cost' | 'net';

export const EFFECT_PART_OF: Readonly<Partial<Record<PlanField, EffectPart>>> = {
  effectSpending: 'spendingReduction',
  effectRevenue: 'revenueGain',
  effectCost: 'cost',
  effectNet: 'net',
};

/** What one fiscal year's 効果額 cells said, before the net is derived. */
export type EffectCells = Partial<Record<EffectPart, { value: number; row: number; column: string }>>;

/** An item's 効果額 cells by fiscal year; `null` key = a year-less column (every year of the plan period). */
export type EffectCellsByYear = ReadonlyMap<number | null, EffectCells>;
