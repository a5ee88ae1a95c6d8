import type { ColumnLayout } from '../column-mapping';
import { problems as messages, planWarning } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import { cleanCell } from '../value-parsers';
import { MAX_LENGTHS } from './plan-fields.constants';
import type { ProblemsByRow } from './problem-order.step';
import type { RowView } from './table-row.view';

/** Data under a column without a header is ignored; said once per column, on its first such row. */
export function findCellsWithoutHeader(rows: readonly RowView[], layout: ColumnLayout): ProblemsByRow {
  const reported = new Set<number>();
  return rows.map(({ raw }) => {
    const found: PlanImportProblem[] = [];
    for (const index of layout.unnamedColumns) {
      if (reported.has(index) || cleanCell(raw.cells[index] ?? '') === '') continue;
      reported.add(index);
      found.push(
        planWarning(
          'cell_without_header',
          { row: raw.row, column: `(${index + 1})` },
          {
            ja: `${index + 1}列目には見出しがないため、この列の値は無視します。`,
            en: `Column ${index + 1} has no header; its values are ignored.`,
          },
        ),
      );
    }
    return found;
  });
}

/** Every cell of a data row within its field's longest accepted text (MAX_LENGTHS). */
export function checkCellLengths(rows: readonly RowView[], layout: ColumnLayout): ProblemsByRow {
  return rows.map((view) => {
    if (!view.hasData) return [];
    return layout.bindings.flatMap((binding) => {
      const text = view.cell(binding);
      const max = MAX_LENGTHS[binding.field];
      return text.length > max ? [messages.maxLength(view.raw.row, binding.header, text, max)] : [];
    });
  });
}
