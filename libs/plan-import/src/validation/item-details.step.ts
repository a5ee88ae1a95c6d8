import { planError } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import { readNumberCell } from './number-cell.parser';
import { FIELD_LABELS_JA } from './plan-fields.constants';
import type { ItemNode, ItemOfRow } from './plan-tree.types';
import type { ProblemsByRow } from './problem-order.step';
import type { RowView } from './table-row.view';

type TextField = 'summary' | 'background' | 'workingGroup';

/** An item's texts and budget (yen), from the first row that gives each. */
export type ItemDetails = { [F in TextField]?: string } & { budget?: number };

export interface ItemDetailsReading {
  readonly detailsOf: ReadonlyMap<ItemNode, ItemDetails>;
  readonly problems: ProblemsByRow;
}

const TEXT_FIELDS: readonly TextField[] = ['summary', 'background', 'workingGroup'];

/**
 * 概要・現状と課題・所管・予算額 of each item: a continuation row leaves them empty or repeats them.
 * The budget of a row without an item is still checked, so all of the row's problems show at once.
 */
export function readItemDetails(rows: readonly RowView[], itemOfRow: ItemOfRow): ItemDetailsReading {
  const detailsOf = new Map<ItemNode, ItemDetails>();
  const problems = rows.map((view, index): PlanImportProblem[] => {
    if (!view.hasData) return [];
    const budget = readNumberCell(view, view.binding('budget'));
    const item = itemOfRow[index];
    if (!item) return budget.problem ? [budget.problem] : [];
    const details = detailsOf.get(item) ?? {};
    detailsOf.set(item, details);
    const found = TEXT_FIELDS.flatMap((field) => mergeText(details, field, view, item));
    if (budget.problem) found.push(budget.problem);
    if (budget.value !== undefined) {
      if (details.budget === undefined) details.budget = budget.value;
      else if (details.budget !== budget.value) found.push(budgetConflict(view, item));
    }
    return found;
  });
  return { detailsOf, problems };
}

function mergeText(
  details: ItemDetails,
  field: TextField,
  view: RowView,
  item: ItemNode,
): PlanImportProblem[] {
  const value = view.text(field);
  if (value === '') return [];
  if (details[field] === undefined) details[field] = value;
  if (details[field] === value) return [];
  return [
    planError(
      'continuation_conflict',
      { row: view.raw.row, column: view.column(field), value },
      {
        ja: `${item.row}行目の改革項目「${item.title}」の続きの行ですが、${FIELD_LABELS_JA[field]}が異なります。続きの行では空欄にするか同じ内容にしてください。`,
        en: `This row continues item "${item.title}" from row ${item.row} but has a different ${field}. Leave it empty or repeat the same value.`,
      },
    ),
  ];
}

function budgetConflict(view: RowView, item: ItemNode): PlanImportProblem {
  return planError(
    'continuation_conflict',
    { row: view.raw.row, column: view.column('budget'), value: view.text('budget') },
    {
      ja: `${item.row}行目の改革項目「${item.title}」の続きの行ですが、予算額が異なります。`,
      en: `This row continues item "${item.title}" from row ${item.row} but has a different budget.`,
    },
  );
}
