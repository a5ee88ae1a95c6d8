import type { ColumnBinding, ColumnLayout } from '../column-mapping';
import { planError } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import type { ResolvedMetadata } from '../plan-metadata';
import { readNumberCell } from './number-cell.parser';
import { FIELD_LABELS_JA } from './plan-fields.constants';
import {
  EFFECT_PART_OF,
  type EffectCells,
  type EffectCellsByYear,
  type EffectPart,
  type ItemNode,
  type ItemOfRow,
} from './plan-tree.types';
import type { ProblemsByRow } from './problem-order.step';
import type { RowView } from './table-row.view';

export interface EffectCellsReading {
  /** Only items with at least one accepted 効果額 cell. */
  readonly cellsOf: ReadonlyMap<ItemNode, EffectCellsByYear>;
  readonly problems: ProblemsByRow;
}

type PeriodOf = Pick<ResolvedMetadata, 'periodStartFy' | 'periodEndFy'>;

/**
 * 効果額 cells: whole yen after the header unit, parts ≥ 0, a year from the header or the plan
 * period; every bad amount is listed. A continuation row may only repeat an item's amount.
 */
export function readEffectCells(
  rows: readonly RowView[],
  itemOfRow: ItemOfRow,
  layout: ColumnLayout,
  period: PeriodOf,
): EffectCellsReading {
  const cellsOf = new Map<ItemNode, Map<number | null, EffectCells>>();
  const problems = rows.map((view, index) => {
    if (!view.hasData) return [];
    const found: PlanImportProblem[] = [];
    const item = itemOfRow[index];
    for (const binding of layout.effects) {
      const number = readNumberCell(view, binding);
      if (number.problem) found.push(number.problem);
      if (number.value === undefined) continue;
      const value = number.value;
      const part = EFFECT_PART_OF[binding.field]!;
      const refused = amountProblem(view, binding, part, value) ?? yearProblem(view, binding, period);
      if (refused) {
        found.push(refused);
        continue;
      }
      if (!item) continue;
      const byYear = cellsOf.get(item) ?? new Map<number | null, EffectCells>();
      const key = binding.fiscalYear ?? null;
      const cells = byYear.get(key) ?? {};
      const earlier = cells[part];
      if (earlier && earlier.value !== value) {
        found.push(
          planError(
            'continuation_conflict',
            { row: view.raw.row, column: binding.header, value: view.cell(binding) },
            {
              ja: `${item.row}行目の改革項目「${item.title}」の続きの行ですが、${FIELD_LABELS_JA[binding.field]}が${earlier.row}行目と異なります。`,
              en: `This row continues item "${item.title}" from row ${item.row} but has a different ${binding.field} than row ${earlier.row}.`,
            },
          ),
        );
        continue;
      }
      cells[part] = { value, row: view.raw.row, column: binding.header };
      byYear.set(key, cells);
      cellsOf.set(item, byYear);
    }
    return found;
  });
  return { cellsOf, problems };
}

/** Not whole yen (check the unit and decimals), or a negative part (only the net may be < 0). */
function amountProblem(
  view: RowView,
  binding: ColumnBinding,
  part: EffectPart,
  value: number,
): PlanImportProblem | undefined {
  if (Number.isSafeInteger(value) && (part === 'net' || value >= 0)) return undefined;
  const text = view.cell(binding);
  return planError(
    'amount_invalid',
    { row: view.raw.row, column: binding.header, value: text },
    {
      ja:
        part === 'net'
          ? `効果額「${text}」は整数（円）になりません。単位（千円など）と小数点を確認してください。`
          : `${FIELD_LABELS_JA[binding.field]}「${text}」は0以上の整数（円）で入力してください（単位（千円など）と小数点を確認してください）。`,
      en:
        part === 'net'
          ? `Effect "${text}" is not a whole number of yen. Check the unit (千円 etc.) and decimals.`
          : `${binding.field} "${text}" must be a whole number of yen, 0 or more (check the unit, 千円 etc., and decimals).`,
    },
  );
}

/** A year-less column needs the plan period to say which years it is for. */
function yearProblem(view: RowView, binding: ColumnBinding, period: PeriodOf): PlanImportProblem | undefined {
  if (binding.fiscalYear !== undefined) return undefined;
  if (period.periodStartFy !== undefined && period.periodEndFy !== undefined) return undefined;
  return planError(
    'effect_year_missing',
    { row: view.raw.row, column: binding.header },
    {
      ja: `列「${binding.header}」に年度がなく、計画期間もないため、どの年度の効果額か分かりません。見出しに年度を書く（例: 効果額目標(2025年度)）か、# period: で計画期間を指定してください。`,
      en: `Column "${binding.header}" has no fiscal year and the plan has no period, so the year of the effect is unknown. Put the year in the header (e.g. 効果額目標(2025年度)) or set "# period:".`,
    },
  );
}
