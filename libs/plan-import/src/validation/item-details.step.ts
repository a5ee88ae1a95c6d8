import type { CityReviewCadence } from '@pdca/domain/city-settings';
import type { ItemCostsInput, ProjectKind } from '@pdca/domain/item-costs';
import { planError } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import { parseReviewCadence } from '../value-parsers';
import { type PlanPeriod, readCostCells, readProjectKind } from './item-costs.step';
import { readNumberCell } from './number-cell.parser';
import { FIELD_LABELS_JA } from './plan-fields.constants';
import type { ItemNode, ItemOfRow } from './plan-tree.types';
import type { ProblemsByRow } from './problem-order.step';
import type { RowView } from './table-row.view';

type TextField = 'summary' | 'background' | 'workingGroup';

/** An item's texts, budget (yen) and 報告頻度, from the first row that gives each. */
export type ItemDetails = { [F in TextField]?: string } & {
  budget?: number;
  reviewCadence?: CityReviewCadence;
  costs?: ItemCostsInput;
  projectKind?: ProjectKind;
};

export interface ItemDetailsReading {
  readonly detailsOf: ReadonlyMap<ItemNode, ItemDetails>;
  readonly problems: ProblemsByRow;
}

const TEXT_FIELDS: readonly TextField[] = ['summary', 'background', 'workingGroup'];

/**
 * 概要・現状と課題・所管・予算額・報告頻度 of each item: a continuation row leaves them empty or repeats them.
 * The budget of a row without an item is still checked, so all of the row's problems show at once.
 */
export function readItemDetails(
  rows: readonly RowView[],
  itemOfRow: ItemOfRow,
  period: PlanPeriod = {},
): ItemDetailsReading {
  const detailsOf = new Map<ItemNode, ItemDetails>();
  const problems = rows.map((view, index): PlanImportProblem[] => {
    if (!view.hasData) return [];
    const budget = readNumberCell(view, view.binding('budget'));
    const cadence = readCadence(view);
    const item = itemOfRow[index];
    if (!item) return [budget.problem, cadence.problem].filter((p) => p !== undefined);
    const details = detailsOf.get(item) ?? {};
    detailsOf.set(item, details);
    const found = TEXT_FIELDS.flatMap((field) => mergeText(details, field, view, item));
    if (budget.problem) found.push(budget.problem);
    if (budget.value !== undefined) {
      if (details.budget === undefined) details.budget = budget.value;
      else if (details.budget !== budget.value) found.push(budgetConflict(view, item));
    }
    if (cadence.problem) found.push(cadence.problem);
    if (cadence.value !== undefined) {
      if (details.reviewCadence === undefined) details.reviewCadence = cadence.value;
      else if (details.reviewCadence !== cadence.value) found.push(cadenceConflict(view, item));
    }
    found.push(...mergeCosts(details, view, item, period));
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

/** 報告頻度: empty = the city's cadence; 毎月 / 四半期 / 半期 / 年1回 (monthly … yearly) otherwise. */
function readCadence(view: RowView): { value?: CityReviewCadence; problem?: PlanImportProblem } {
  const text = view.text('reviewCadence');
  if (text === '') return {};
  const value = parseReviewCadence(text);
  if (value !== undefined) return { value };
  return {
    problem: planError(
      'review_cadence_invalid',
      { row: view.raw.row, column: view.column('reviewCadence'), value: text },
      {
        ja: `報告頻度「${text}」を読み取れません。「毎月」「四半期」「半期」「年1回」（monthly / quarterly / half_yearly / yearly）のいずれかにしてください（空欄は市の既定）。`,
        en: `Review cadence "${text}" is not recognised. Use monthly, quarterly, half_yearly or yearly (毎月 / 四半期 / 半期 / 年1回); empty = the city's default.`,
      },
    ),
  };
}

function cadenceConflict(view: RowView, item: ItemNode): PlanImportProblem {
  return planError(
    'continuation_conflict',
    { row: view.raw.row, column: view.column('reviewCadence'), value: view.text('reviewCadence') },
    {
      ja: `${item.row}行目の改革項目「${item.title}」の続きの行ですが、報告頻度が異なります。`,
      en: `This row continues item "${item.title}" from row ${item.row} but has a different review cadence.`,
    },
  );
}

/** 事業費・人工・財源内訳 and 事業区分 of the item's first row that gives them; a continuation row repeats them or leaves them empty. */
function mergeCosts(
  details: ItemDetails,
  view: RowView,
  item: ItemNode,
  period: PlanPeriod,
): PlanImportProblem[] {
  const found: PlanImportProblem[] = [];
  const costs = readCostCells(view, period);
  found.push(...costs.problems);
  if (costs.value) {
    if (details.costs === undefined) details.costs = costs.value;
    else if (JSON.stringify(details.costs) !== JSON.stringify(costs.value))
      found.push(conflict(view, item, 'projectCost', '事業費・人工・財源内訳', 'costs'));
  }
  const kind = readProjectKind(view);
  if (kind.problem) found.push(kind.problem);
  if (kind.value !== undefined) {
    if (details.projectKind === undefined) details.projectKind = kind.value;
    else if (details.projectKind !== kind.value)
      found.push(conflict(view, item, 'projectKind', '事業区分', 'project kind'));
  }
  return found;
}

function conflict(
  view: RowView,
  item: ItemNode,
  field: 'projectCost' | 'projectKind',
  ja: string,
  en: string,
): PlanImportProblem {
  return planError(
    'continuation_conflict',
    { row: view.raw.row, column: view.column(field), value: view.text(field) },
    {
      ja: `${item.row}行目の改革項目「${item.title}」の続きの行ですが、${ja}が異なります。`,
      en: `This row continues item "${item.title}" from row ${item.row} but has a different ${en}.`,
    },
  );
}
