import { problems as messages, planError } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import { normalizeCode } from '../value-parsers';
import { labelKey, NodeRegistry } from './node.registry';
import { FIELD_LABELS_JA, LEVEL_FIELDS, type LevelField } from './plan-fields.constants';
import { type ItemNode, type ItemOfRow, type PathOfRow, pathOf, type TreeNode } from './plan-tree.types';
import type { ProblemsByRow } from './problem-order.step';
import type { RowView } from './table-row.view';

/** The level cells in effect on a row, from the top: written on it, or filled down from the rows above. */
export interface RowBlock {
  readonly cells: readonly string[];
}

/** The level cells written on the row itself (not filled down), '' where none. */
function writtenCells(view: RowView, nodeLevels: number): string[] {
  return LEVEL_FIELDS.slice(0, nodeLevels).map((field) => view.text(field));
}

/**
 * With fill-down (csv/tsv/xlsx by default), an empty level cell repeats the one above, as in a
 * merged cell; a new node on a level starts a new block, so the levels below it do not inherit the
 * old ones. Rows without data keep nothing and change nothing.
 */
export function fillDownBlocks(
  rows: readonly RowView[],
  fillDown: boolean,
  nodeLevels: number,
): readonly RowBlock[] {
  const none: RowBlock = { cells: Array.from({ length: nodeLevels }, () => '') };
  let last = none;
  return rows.map((view) => {
    if (!view.hasData) return none;
    const written = writtenCells(view, nodeLevels);
    let changed = false;
    const cells = written.map((cell, i) => {
      const inherited = fillDown && !changed ? last.cells[i]! : '';
      if (cell !== '' && cell !== last.cells[i]) changed = true;
      return cell || inherited;
    });
    last = { cells };
    return last;
  });
}

export interface ItemTree {
  /** The top-level nodes in order of first appearance, each with its subtree and items. */
  readonly nodes: readonly TreeNode[];
  /** Every item in order of appearance. */
  readonly items: readonly ItemNode[];
  readonly itemOfRow: ItemOfRow;
  readonly pathOfRow: PathOfRow;
  /** Rows that name no item, reuse a code, or contradict the item they continue. */
  readonly problems: ProblemsByRow;
}

/**
 * Places every data row: it starts an item (under the nodes of its block) or continues one (same
 * code; an empty title; or, without a code column, the same title right below). A row without a
 * code and title that names other nodes than the item above is a node row: it names nodes (which
 * may hold no item, e.g. a 目指す姿 reached only through 再掲) and their texts and indicators; so is
 * a row of plan-wide cells only (`hasNodeCells`) before any item.
 */
export function buildItemTree(
  rows: readonly RowView[],
  blocks: readonly RowBlock[],
  hasCodeColumn: boolean,
  nodeLevels: number,
  hasNodeCells: (view: RowView) => boolean = () => false,
): ItemTree {
  const tree = new TreeBuilder(hasCodeColumn, nodeLevels, hasNodeCells);
  const itemOfRow: (ItemNode | undefined)[] = [];
  const pathOfRow: (TreeNode[] | undefined)[] = [];
  const problems = rows.map((view, index) => {
    const placed = view.hasData ? tree.place(view, blocks[index]!) : { problems: [] };
    itemOfRow.push(placed.item);
    pathOfRow.push(placed.item ? pathOf(placed.item.parent) : placed.path);
    return placed.problems;
  });
  return { nodes: tree.registry.topNodes(), items: tree.items, itemOfRow, pathOfRow, problems };
}

interface Placement {
  readonly item?: ItemNode;
  readonly continuation?: boolean;
  /** A node row's nodes. */
  readonly path?: TreeNode[];
  readonly problems: PlanImportProblem[];
}

const continues = (item: ItemNode): Placement => ({ item, continuation: true, problems: [] });
const rejected = (problem: PlanImportProblem): Placement => ({ problems: [problem] });

class TreeBuilder {
  readonly registry = new NodeRegistry();
  readonly items: ItemNode[] = [];
  private readonly itemsByCode = new Map<string, ItemNode>();
  private current: ItemNode | undefined;

  constructor(
    private readonly hasCodeColumn: boolean,
    private readonly nodeLevels: number,
    private readonly hasNodeCells: (view: RowView) => boolean,
  ) {}

  place(view: RowView, block: RowBlock): Placement {
    const placed = this.resolve(view, block);
    if (placed.item && placed.continuation) {
      placed.problems.push(...blockConflict(view, placed.item, this.nodeLevels));
    }
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
      if (code === '') {
        const names = writtenCells(view, this.nodeLevels).some((cell) => cell !== '');
        const current = this.current;
        if (names && (!current || blockDifference(view, current, this.nodeLevels) !== undefined)) {
          return this.nodeRow(view, block);
        }
        if (current) return continues(current);
        if (this.hasNodeCells(view)) return { path: [], problems: [] };
      }
      return rejected(
        messages.required(view.raw.row, view.column('title'), { ja: '改革項目名', en: 'The item title' }),
      );
    }
    if (known) return known.title === title ? continues(known) : rejected(duplicateCode(view, code, known));
    const current = this.current;
    // No code column: a repeated title right below continues the item (one row per indicator).
    if (
      !this.hasCodeColumn &&
      current?.title === title &&
      blockDifference(view, current, this.nodeLevels) === undefined
    ) {
      return continues(current);
    }
    if (this.hasCodeColumn && code === '') {
      return rejected(messages.required(view.raw.row, view.column('code'), { ja: '番号', en: 'The code' }));
    }
    return this.start(view, block, code, title);
  }

  /** The nodes of the block down to the deepest level, each found or created. */
  private nodesOf(view: RowView, block: RowBlock, depth: number) {
    const path: TreeNode[] = [];
    const problems: PlanImportProblem[] = [];
    for (let level = 1; level <= depth; level++) {
      const found = this.registry.nodeFor(level, block.cells[level - 1] ?? '', path.at(-1), view);
      path.push(found.node);
      if (found.problem) problems.push(found.problem);
    }
    return { path, problems };
  }

  private nodeRow(view: RowView, block: RowBlock): Placement {
    const written = writtenCells(view, this.nodeLevels);
    const deepest = written.findLastIndex((cell) => cell !== '') + 1;
    return this.nodesOf(view, block, deepest);
  }

  private start(view: RowView, block: RowBlock, code: string, title: string): Placement {
    const { path, problems } = this.nodesOf(view, block, this.nodeLevels);
    const parent = path.at(-1)!;
    const item: ItemNode = {
      ...(code === '' ? {} : { code }),
      codeAutoAssigned: !this.hasCodeColumn,
      title,
      parent,
      row: view.raw.row,
    };
    parent.items.push(item);
    this.items.push(item);
    if (code !== '') this.itemsByCode.set(code, item);
    return { item, problems };
  }
}

/**
 * Which of the level cells written on the row (empty = not written) names another node than the
 * item's; filled-down values are the block's, not the row's, so they do not count.
 */
function blockDifference(view: RowView, item: ItemNode, nodeLevels: number): LevelField | undefined {
  const path = pathOf(item.parent);
  const written = writtenCells(view, nodeLevels);
  for (const [i, cell] of written.entries()) {
    if (cell !== '' && labelKey(cell) !== path[i]?.key) return LEVEL_FIELDS[i];
  }
  return undefined;
}

function blockConflict(view: RowView, item: ItemNode, nodeLevels: number): PlanImportProblem[] {
  const field = blockDifference(view, item, nodeLevels);
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
