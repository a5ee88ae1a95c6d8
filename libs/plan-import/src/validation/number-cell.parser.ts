import type { ColumnBinding } from '../column-mapping';
import { problems as messages } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import { parseNumberCell } from '../value-parsers';
import type { RowView } from './table-row.view';

export interface NumberCell {
  /** The number times the header's unit (千円 …); undefined for no column, an empty cell or no number. */
  readonly value?: number;
  readonly problem?: PlanImportProblem;
}

/** A numeric cell: empty is no value, anything parseNumberCell cannot read is `not_a_number`. */
export function readNumberCell(view: RowView, binding: ColumnBinding | undefined): NumberCell {
  if (!binding) return {};
  const text = view.cell(binding);
  if (text === '') return {};
  const parsed = parseNumberCell(text);
  if (!parsed.ok) return { problem: messages.notANumber(view.raw.row, binding.header, text) };
  return { value: parsed.value * binding.multiplier };
}
