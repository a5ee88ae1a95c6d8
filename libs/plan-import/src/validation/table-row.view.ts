import type { ColumnBinding, ColumnLayout } from '../column-mapping';
import type { PlanField } from '../plan-import.types';
import type { RawRow, RawTable } from '../table-readers';
import { cleanCell } from '../value-parsers';

/** Reads one row's cells through the column layout. */
export class RowView {
  /** Whether any column the layout uses has a value on this row (a row without is skipped). */
  readonly hasData: boolean;

  constructor(
    private readonly layout: ColumnLayout,
    readonly raw: RawRow,
  ) {
    this.hasData = layout.bindings.some((binding) => this.cell(binding) !== '');
  }

  binding(field: PlanField): ColumnBinding | undefined {
    return this.layout.byField.get(field);
  }

  text(field: PlanField): string {
    const binding = this.binding(field);
    return binding ? this.cell(binding) : '';
  }

  cell(binding: ColumnBinding): string {
    return cleanCell(this.raw.cells[binding.index] ?? '');
  }

  /** The node columns (説明, 目指す姿, 現状と課題, 指標 of a level). */
  nodeBindings(): readonly ColumnBinding[] {
    return this.layout.nodeFields;
  }

  column(field: PlanField): string {
    return this.binding(field)?.header ?? field;
  }
}

/** One view per row of the table, in the table's order (the steps' results keep that index). */
export function rowViews(table: RawTable, layout: ColumnLayout): readonly RowView[] {
  return table.rows.map((raw) => new RowView(layout, raw));
}
