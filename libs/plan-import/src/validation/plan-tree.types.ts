import type { PlanField } from '../plan-import.types';

/**
 * The goal → theme → item tree as the rows build it (item-tree.step.ts). Codes the file did not
 * give are left out here and assigned at the end (code-assignment.step.ts); what else the rows say
 * about an item (details, 効果額, indicators) is kept by the step that read it, keyed by the item.
 */
export interface GoalNode {
  /** Code, else title; '' for the default goal. */
  readonly key: string;
  readonly code?: string;
  readonly title: string;
  readonly isDefault: boolean;
  readonly row: number;
  readonly themes: ThemeNode[];
}

export interface ThemeNode {
  readonly key: string;
  readonly code?: string;
  readonly title: string;
  readonly isDefault: boolean;
  readonly goal: GoalNode;
  readonly row: number;
  readonly items: ItemNode[];
}

export interface ItemNode {
  readonly code?: string;
  readonly codeAutoAssigned: boolean;
  readonly title: string;
  readonly theme: ThemeNode;
  readonly row: number;
}

/** The item of each row of the table (same index); undefined for an empty or rejected row. */
export type ItemOfRow = readonly (ItemNode | undefined)[];

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
