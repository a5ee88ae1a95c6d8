import { planWarning } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import { DEFAULT_GOAL_CODE } from './plan-fields.constants';
import type { GoalNode, ItemNode, ThemeNode } from './plan-tree.types';

/** The code of every goal, theme and item: the file's, or the one assigned. */
export type AssignedCodes = ReadonlyMap<GoalNode | ThemeNode | ItemNode, string>;

/**
 * Codes for goals/themes/items the file did not number: goals 1, 2, …; themes <goal>-1, …; a
 * theme standing in for "no theme" takes its goal's code; items <theme>-1, … (plain 1, 2, … when
 * there is neither goal nor theme). Codes the file did give are never reused.
 */
export function assignCodes(goals: readonly GoalNode[], items: readonly ItemNode[]): AssignedCodes {
  const codes = new Map<GoalNode | ThemeNode | ItemNode, string>();
  const themes = goals.flatMap((goal) => goal.themes);

  const goalCodes = new Set(goals.flatMap((g) => (g.code ? [g.code] : [])));
  let goalSeq = 0;
  for (const goal of goals) codes.set(goal, goal.code || firstFree(String(++goalSeq), goalCodes));

  const themeCodes = new Set(themes.flatMap((t) => (t.code ? [t.code] : [])));
  for (const goal of goals) {
    const goalCode = codes.get(goal)!;
    let themeSeq = 0;
    for (const theme of goal.themes) {
      const code =
        theme.code ||
        (theme.isDefault
          ? firstFree(goalCode, themeCodes)
          : firstFree(`${goalCode}-${++themeSeq}`, themeCodes));
      codes.set(theme, code);
    }
  }

  const itemCodes = new Set(items.flatMap((i) => (i.code !== undefined ? [i.code] : [])));
  for (const theme of themes) {
    const themeCode = codes.get(theme)!;
    const prefix = themeCode === DEFAULT_GOAL_CODE ? '' : `${themeCode}-`;
    let itemSeq = 0;
    for (const item of theme.items)
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
