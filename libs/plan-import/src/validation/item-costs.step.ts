import {
  type ItemCostsInput,
  PROJECT_KIND_LABELS,
  PROJECT_KINDS,
  type ProjectKind,
  projectKindOf,
  validateItemCosts,
} from '@pdca/domain/item-costs';
import { planError } from '../plan-import.messages';
import type { PlanField, PlanImportProblem } from '../plan-import.types';
import { readNumberCell } from './number-cell.parser';
import type { RowView } from './table-row.view';

/** The plan period the row's costs are filed under (# period:). */
export type PlanPeriod = { readonly periodStartFy?: number; readonly periodEndFy?: number };

const COST_FIELDS = [
  'projectCost',
  'staffFte',
  'fundingGeneral',
  'fundingNationalPrefectural',
  'fundingOther',
] as const satisfies readonly PlanField[];

/**
 * A row's 事業費・人工・財源内訳 (#26), checked by the same rules as a PLAN submission's `costs`
 * (validateItemCosts): nothing when the row has none of the cells; an empty 事業費 or 人工 beside
 * the others counts 0. Amounts take the header's unit (事業費（千円）).
 */
export function readCostCells(
  view: RowView,
  period: PlanPeriod,
): { value?: ItemCostsInput; problems: PlanImportProblem[] } {
  const problems: PlanImportProblem[] = [];
  const values: Partial<Record<(typeof COST_FIELDS)[number], number>> = {};
  for (const field of COST_FIELDS) {
    const cell = readNumberCell(view, view.binding(field));
    if (cell.problem) problems.push(cell.problem);
    if (cell.value !== undefined) values[field] = cell.value;
  }
  if (problems.length > 0 || Object.keys(values).length === 0) return { problems };
  if (period.periodStartFy === undefined || period.periodEndFy === undefined) {
    // The costs are the 見込 of every plan year: without a period there is no year to file them under.
    const column = view.column(COST_FIELDS.find((f) => values[f] !== undefined)!);
    return {
      problems: [
        planError(
          'cost_year_missing',
          { row: view.raw.row, column },
          {
            ja: `列「${column}」の費用は計画期間の各年度の見込として取り込みますが、計画期間がありません。# period: で計画期間を指定してください。`,
            en: `The costs in column "${column}" are the estimate of every year of the plan period, but the plan has no period. Set "# period:".`,
          },
        ),
      ],
    };
  }
  const input: ItemCostsInput = {
    ...values,
    projectCost: values.projectCost ?? 0,
    staffFte: values.staffFte ?? 0,
  };
  const invalid = validateItemCosts(input);
  if (invalid.length === 0) return { value: input, problems };
  return {
    problems: invalid.map((p) => {
      const field = (COST_FIELDS as readonly string[]).find((f) => p.field === `costs.${f}`) as
        | PlanField
        | undefined;
      const column = field ? view.column(field) : view.column('projectCost');
      return planError(
        'item_costs_invalid',
        { row: view.raw.row, column, value: field ? view.text(field) : view.text('projectCost') },
        p.message,
      );
    }),
  };
}

/** 事業区分: empty = nothing said; 市単独 / 上乗せ・横出し / 国・県補助 / 法定受託 (or the codes) otherwise. */
export function readProjectKind(view: RowView): { value?: ProjectKind; problem?: PlanImportProblem } {
  const text = view.text('projectKind');
  if (text === '') return {};
  const value = projectKindOf(text);
  if (value) return { value };
  return {
    problem: planError(
      'project_kind_invalid',
      { row: view.raw.row, column: view.column('projectKind'), value: text },
      {
        ja: `事業区分「${text}」を読み取れません。${PROJECT_KINDS.map((k) => `「${PROJECT_KIND_LABELS[k].ja}」`).join('')}のいずれかにしてください。`,
        en: `Project kind "${text}" is not recognised. Use ${PROJECT_KINDS.map((k) => `${k} (${PROJECT_KIND_LABELS[k].ja})`).join(', ')}.`,
      },
    ),
  };
}
