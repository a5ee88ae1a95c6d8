import { planError } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import { splitLabel } from '../value-parsers';
import {
  DEFAULT_GOAL_CODE,
  DEFAULT_GOAL_TITLE,
  FIELD_LABELS_JA,
  LEVEL_FIELDS,
} from './plan-fields.constants';
import type { TreeNode } from './plan-tree.types';
import type { RowView } from './table-row.view';

/** A level cell's identity: its code, else its title. */
export function labelKey(cell: string): string {
  const label = splitLabel(cell);
  return label.code ?? label.title;
}

export interface Found<T> {
  readonly node: T;
  /** A cell naming a known node in a way that contradicts where it was first named. */
  readonly problem?: PlanImportProblem;
}

/**
 * The nodes named so far, by level and key. An empty cell stands for the default node of its
 * parent (on level 1: the plan's one default goal); a known key returns the first node with it.
 */
export class NodeRegistry {
  private readonly byKey = new Map<string, TreeNode>();
  private readonly roots: TreeNode[] = [];

  /** The top-level nodes in order of first appearance. */
  topNodes(): TreeNode[] {
    return this.roots;
  }

  /** The node `cell` names on `level` under `parent` (undefined on level 1). */
  nodeFor(level: number, cell: string, parent: TreeNode | undefined, view: RowView): Found<TreeNode> {
    const row = view.raw.row;
    if (cell === '') {
      // A default node is keyed apart from the written keys.
      const key = `\u0000${parent?.key ?? ''}`;
      const known = this.byKey.get(`${level}\u0000${key}`);
      if (known) return { node: known };
      return {
        node: this.add({
          key,
          ...(parent ? {} : { code: DEFAULT_GOAL_CODE }),
          title: parent?.title ?? DEFAULT_GOAL_TITLE,
          isDefault: true,
          level,
          ...(parent ? { parent } : {}),
          row,
          children: [],
          items: [],
        }),
      };
    }
    const { code, title } = splitLabel(cell);
    const key = code ?? title;
    const existing = this.byKey.get(`${level}\u0000${key}`);
    if (existing) return { node: existing, problem: conflict(existing, parent, title, cell, view) };
    return {
      node: this.add({
        key,
        ...(code ? { code } : {}),
        title,
        isDefault: false,
        level,
        ...(parent ? { parent } : {}),
        row,
        children: [],
        items: [],
      }),
    };
  }

  private add(node: TreeNode): TreeNode {
    this.byKey.set(`${node.level}\u0000${node.key}`, node);
    if (node.parent) node.parent.children.push(node);
    else this.roots.push(node);
    return node;
  }
}

function conflict(
  existing: TreeNode,
  parent: TreeNode | undefined,
  title: string,
  cell: string,
  view: RowView,
): PlanImportProblem | undefined {
  const field = LEVEL_FIELDS[existing.level - 1]!;
  const at = { row: view.raw.row, column: view.column(field), value: cell };
  const label = FIELD_LABELS_JA[field];
  const key = existing.key;
  if (parent && existing.parent !== parent) {
    const parentLabel = FIELD_LABELS_JA[LEVEL_FIELDS[parent.level - 1]!];
    return planError('hierarchy_conflict', at, {
      ja: `${label}「${key}」は${existing.row}行目で${parentLabel}「${existing.parent?.title}」の下にあり、別の${parentLabel}「${parent.title}」の下には置けません（${label}の番号は計画内で一意にしてください）。`,
      en: `${field === 'theme' ? 'Theme' : `Level ${existing.level} node`} "${key}" sits under "${existing.parent?.title}" on row ${existing.row}; it cannot also sit under "${parent.title}" (codes must be unique within the plan and level).`,
    });
  }
  if (existing.title === title) return undefined;
  return planError('hierarchy_conflict', at, {
    ja: `${label}「${key}」の名称が${existing.row}行目（${existing.title}）と異なります。`,
    en: `${field === 'goal' ? 'Goal' : field === 'theme' ? 'Theme' : `Level ${existing.level} node`} "${key}" has a different title than on row ${existing.row} ("${existing.title}").`,
  });
}
