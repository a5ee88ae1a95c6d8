import { planError } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import { splitLabel } from '../value-parsers';
import { DEFAULT_GOAL_CODE, DEFAULT_GOAL_TITLE } from './plan-fields.constants';
import type { GoalNode, ThemeNode } from './plan-tree.types';
import type { RowView } from './table-row.view';

/** A goal/theme cell's identity: its code, else its title. */
export function labelKey(cell: string): string {
  const label = splitLabel(cell);
  return label.code ?? label.title;
}

export interface Found<T> {
  readonly node: T;
  /** A cell naming a known goal/theme in a way that contradicts where it was first named. */
  readonly problem?: PlanImportProblem;
}

/**
 * The goals and themes named so far, by key. An empty cell stands for the default goal (one per
 * plan) or the default theme of its goal; a known key returns the first node with that key.
 */
export class GoalThemeRegistry {
  private readonly goalsByKey = new Map<string, GoalNode>();
  private readonly themesByKey = new Map<string, ThemeNode>();

  /** The goals in order of first appearance. */
  goals(): GoalNode[] {
    return [...this.goalsByKey.values()];
  }

  goalFor(cell: string, view: RowView): Found<GoalNode> {
    const row = view.raw.row;
    if (cell === '') {
      const defaultGoal = this.goalsByKey.get('');
      if (defaultGoal) return { node: defaultGoal };
      const goal = {
        key: '',
        code: DEFAULT_GOAL_CODE,
        title: DEFAULT_GOAL_TITLE,
        isDefault: true,
        row,
        themes: [],
      };
      return { node: this.addGoal(goal) };
    }
    const { code, title } = splitLabel(cell);
    const key = code ?? title;
    const existing = this.goalsByKey.get(key);
    if (existing) return { node: existing, problem: goalTitleConflict(existing, title, cell, view) };
    return { node: this.addGoal({ key, code, title, isDefault: false, row, themes: [] }) };
  }

  themeFor(cell: string, goal: GoalNode, view: RowView): Found<ThemeNode> {
    const row = view.raw.row;
    if (cell === '') {
      // A goal's default theme is keyed apart from the written theme keys.
      const key = `\u0000${goal.key}`;
      const defaultTheme = this.themesByKey.get(key);
      if (defaultTheme) return { node: defaultTheme };
      return { node: this.addTheme({ key, title: goal.title, isDefault: true, goal, row, items: [] }) };
    }
    const { code, title } = splitLabel(cell);
    const key = code ?? title;
    const existing = this.themesByKey.get(key);
    if (existing) return { node: existing, problem: themeConflict(existing, goal, title, cell, view) };
    return { node: this.addTheme({ key, code, title, isDefault: false, goal, row, items: [] }) };
  }

  private addGoal(goal: GoalNode): GoalNode {
    this.goalsByKey.set(goal.key, goal);
    return goal;
  }

  private addTheme(theme: ThemeNode): ThemeNode {
    this.themesByKey.set(theme.key, theme);
    theme.goal.themes.push(theme);
    return theme;
  }
}

function goalTitleConflict(
  existing: GoalNode,
  title: string,
  cell: string,
  view: RowView,
): PlanImportProblem | undefined {
  if (existing.title === title) return undefined;
  return planError(
    'hierarchy_conflict',
    { row: view.raw.row, column: view.column('goal'), value: cell },
    {
      ja: `目標「${existing.key}」の名称が${existing.row}行目（${existing.title}）と異なります。`,
      en: `Goal "${existing.key}" has a different title than on row ${existing.row} ("${existing.title}").`,
    },
  );
}

function themeConflict(
  existing: ThemeNode,
  goal: GoalNode,
  title: string,
  cell: string,
  view: RowView,
): PlanImportProblem | undefined {
  const at = { row: view.raw.row, column: view.column('theme'), value: cell };
  const key = existing.key;
  if (existing.goal !== goal) {
    return planError('hierarchy_conflict', at, {
      ja: `テーマ「${key}」は${existing.row}行目で目標「${existing.goal.title}」の下にあり、別の目標「${goal.title}」の下には置けません（テーマの番号は計画内で一意にしてください）。`,
      en: `Theme "${key}" sits under goal "${existing.goal.title}" on row ${existing.row}; it cannot also sit under goal "${goal.title}" (theme codes must be unique within the plan).`,
    });
  }
  if (existing.title === title) return undefined;
  return planError('hierarchy_conflict', at, {
    ja: `テーマ「${key}」の名称が${existing.row}行目（${existing.title}）と異なります。`,
    en: `Theme "${key}" has a different title than on row ${existing.row} ("${existing.title}").`,
  });
}
