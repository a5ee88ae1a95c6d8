import { planError } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import type { ItemNode } from './plan-tree.types';

/** No item at all is an error of its own, unless an error already explains it. */
export function checkHasItems(
  items: readonly ItemNode[],
  errorsSoFar: boolean,
  headerRow: number | null,
): PlanImportProblem[] {
  if (items.length > 0 || errorsSoFar) return [];
  return [
    planError(
      'file_empty',
      { row: headerRow },
      { ja: '見出し行の下にデータ行がありません。', en: 'There are no data rows below the header.' },
    ),
  ];
}
