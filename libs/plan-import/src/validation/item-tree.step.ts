import { problems as messages, planError } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import { normalizeCode } from '../value-parsers';
import { GoalThemeRegistry, labelKey } from './goal-theme.registry';
import { FIELD_LABELS_JA } from './plan-fields.constants';
import type { GoalNode, ItemNode, ItemOfRow } from './plan-tree.types';
import type { ProblemsByRow } from './problem-order.step';
import type { RowView } from './table-row.view';

/** The goal and theme cells in effect on a row: written on it, or filled down from the rows above. */
export interface RowBlock {
  readonly goalCell: string;
  readonly themeCell: string;
}

const NO_BLOCK: RowBlock = { goalCell: '', themeCell: '' };

/**
 * With fill-down (csv/tsv/xlsx by default), an empty goal/theme cell repeats the one above, as in
 * a merged cell; a new goal starts a new block, so its first row's empty theme does not inherit the
 * old one. Rows without data keep nothing and change nothing.
 */
export function fillDownBlocks(rows: readonly RowView[], fillDown: boolean): readonly RowBlock[] {
  let last = NO_BLOCK;
  return rows.map((view) => {
    if (!view.hasData) return NO_BLOCK;
    const goalWritten = view.text('goal');
    const themeWritten = view.text('theme');
    const goalChanged = goalWritten !== '' && goalWritten !== last.goalCell;
    last = {
      goalCell: goalWritten || (fillDown ? last.goalCell : ''),
      themeCell: themeWritten || (fillDown && !goalChanged ? last.themeCell : ''),
    };
    return last;
  });
}

export interface ItemTree {
  /** In order of first appearance, each with its themes and their items. */
  readonly goals: readonly GoalNode[];
  /** Every item in order of appearance. */
  readonly items: readonly ItemNode[];
  readonly itemOfRow: ItemOfRow;
  /** Rows that name no item, reuse a code, or contradict the item they continue. */
  readonly problems: ProblemsByRow;
}

/**
 * Places every data row: it starts an item (under the goal and theme of its block) or continues
 * one (same code; an empty title; or, without a code column, the same title right below).
 */
export function buildItemTree(
  rows: readonly RowView[],
  blocks: readonly RowBlock[],
  hasCodeColumn: boolean,
): ItemTree {
  const tree = new TreeBuilder(hasCodeColumn);
  const itemOfRow: (ItemNode | undefined)[] = [];
  const problems = rows.map((view, index) => {
    const placed = view.hasData ? tree.place(view, blocks[index]!) : { problems: [] };
    itemOfRow.push(placed.item);
    return placed.problems;
  });
  return { goals: tree.registry.goals(), items: tree.items, itemOfRow, problems };
}

interface Placement {
  readonly item?: ItemNode;
  readonly continuation?: boolean;
  readonly problems: PlanImportProblem[];
}

const continues = (item: ItemNode): Placement => ({ item, continuation: true, problems: [] });
const rejected = (problem: PlanImportProblem): Placement => ({ problems: [problem] });

class TreeBuilder {
  readonly registry = new GoalThemeRegistry();
  readonly items: ItemNode[] = [];
  private readonly itemsByCode = new Map<string, ItemNode>();
  private current: ItemNode | undefined;

  constructor(private readonly hasCodeColumn: boolean) {}

  place(view: RowView, block: RowBlock): Placement {
    const placed = this.resolve(view, block);
    if (placed.item && placed.continuation) placed.problems.push(...blockConflict(view, placed.item));
    if (placed.item) this.current = placed.item;
    return placed;
  }

  private resolve(view: RowView, block: RowBlock): Placement {
    const title = view.text('title');
    const codeText = view.text('code');
    const code = codeText === '' ? '' : normalizeCode(codeText);
    const known = code === '' ? undefined : this.itemsByCode.get(code);
    if (title === '') {
      if (known) return continues(known);
      if (code === '' && this.current) return continues(this.current);
      return rejected(
        messages.required(view.raw.row, view.column('title'), { ja: '改革項目名', en: 'The item title' }),
      );
    }
    if (known) return known.title === title ? continues(known) : rejected(duplicateCode(view, code, known));
    const current = this.current;
    // No code column: a repeated title right below continues the item (one row per indicator).
    if (!this.hasCodeColumn && current?.title === title && blockDifference(view, current) === undefined) {
      return continues(current);
    }
    if (this.hasCodeColumn && code === '') {
      return rejected(messages.required(view.raw.row, view.column('code'), { ja: '番号', en: 'The code' }));
    }
    return this.start(view, block, code, title);
  }

  private start(view: RowView, block: RowBlock, code: string, title: string): Placement {
    const goal = this.registry.goalFor(block.goalCell, view);
    const theme = this.registry.themeFor(block.themeCell, goal.node, view);
    const item: ItemNode = {
      ...(code === '' ? {} : { code }),
      codeAutoAssigned: !this.hasCodeColumn,
      title,
      theme: theme.node,
      row: view.raw.row,
    };
    theme.node.items.push(item);
    this.items.push(item);
    if (code !== '') this.itemsByCode.set(code, item);
    return { item, problems: [goal.problem, theme.problem].filter((p) => p !== undefined) };
  }
}

/**
 * Which of the goal/theme cells written on the row (empty = not written) names another block than
 * the item's; filled-down values are the block's, not the row's, so they do not count.
 */
function blockDifference(view: RowView, item: ItemNode): 'goal' | 'theme' | undefined {
  const goalCell = view.text('goal');
  const themeCell = view.text('theme');
  if (goalCell !== '' && labelKey(goalCell) !== item.theme.goal.key) return 'goal';
  if (themeCell !== '' && labelKey(themeCell) !== item.theme.key) return 'theme';
  return undefined;
}

function blockConflict(view: RowView, item: ItemNode): PlanImportProblem[] {
  const field = blockDifference(view, item);
  if (!field) return [];
  return [
    planError(
      'hierarchy_conflict',
      { row: view.raw.row, column: view.column(field), value: view.text(field) },
      {
        ja: `${item.row}行目の改革項目「${item.title}」の続きの行ですが、${FIELD_LABELS_JA[field]}が異なります。`,
        en: `This row continues item "${item.title}" from row ${item.row} but names a different ${field}.`,
      },
    ),
  ];
}

function duplicateCode(view: RowView, code: string, known: ItemNode): PlanImportProblem {
  return planError(
    'duplicate_code',
    { row: view.raw.row, column: view.column('code'), value: view.text('code') },
    {
      ja: `番号「${code}」は${known.row}行目の「${known.title}」で使われています。番号は計画内で一意にしてください。`,
      en: `Code "${code}" is already used by "${known.title}" on row ${known.row}. Codes must be unique within the plan.`,
    },
  );
}
