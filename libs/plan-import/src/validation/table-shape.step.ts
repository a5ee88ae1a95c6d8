import { type ColumnLayout, type ColumnMapping, resolveColumns } from '../column-mapping';
import { problems as messages, planError } from '../plan-import.messages';
import type { ParsePlanFileOptions, PlanImportFailure, PlanImportProblem } from '../plan-import.types';
import { type ResolvedMetadata, resolveMetadata } from '../plan-metadata';
import type { RawTable } from '../table-readers';
import { DEFAULT_MAX_ROWS } from './plan-fields.constants';

/** More data rows than `maxRows` (default 5000): refused as too large, nothing else is checked. */
export function checkRowCount(table: RawTable, options: ParsePlanFileOptions): PlanImportFailure | undefined {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (table.rows.length <= maxRows) return undefined;
  return {
    ok: false,
    problems: [messages.tooManyRows(table.rows.length, maxRows, false)],
    tooLarge: { limit: 'rows', max: maxRows, actual: table.rows.length },
  };
}

export interface TableShape {
  readonly meta: ResolvedMetadata;
  readonly layout: ColumnLayout;
  /** Problems of the metadata, then of the columns. */
  readonly problems: readonly PlanImportProblem[];
}

/** The plan's metadata (file `#` lines merged with the options) and which column feeds which field. */
export function readTableShape(table: RawTable, options: ParsePlanFileOptions): TableShape {
  const problems: PlanImportProblem[] = [];
  const meta = resolveMetadata(table.metadata, options, problems);
  const mappings: ColumnMapping[] = [];
  if (options.mapping) mappings.push(options.mapping);
  if (meta.mapping) mappings.push(meta.mapping);
  const layout = resolveColumns(table.headers, table.headerRow, mappings, problems);
  return { meta, layout, problems };
}

/** Without an item title column no row can be read: the one problem that stops the row checks. */
export function checkTitleColumn(
  layout: ColumnLayout,
  headerRow: number | null,
): PlanImportProblem | undefined {
  if (layout.byField.has('title')) return undefined;
  return planError(
    'column_missing',
    { row: headerRow },
    {
      ja: '改革項目名の列がありません。見出しを「改革項目」「事業名」「実施計画事業」「取組項目」「title」のいずれかにするか、列の対応付けで title を指定してください。',
      en: 'There is no item title column. Name it 改革項目, 事業名, 実施計画事業, 取組項目 or title, or map a column to title.',
    },
  );
}

/**
 * A table that is not a plan: no code column, nothing recognised besides the title column (a
 * `name` column reads as one), and columns the importer does not know (`name,age`). A plan file
 * without codes still has goals, themes, summaries, indicators or working groups (町田市's), and
 * a bare list of titles has no foreign columns; this table has neither, so it is refused rather
 * than imported as a plan of its rows.
 */
export function checkLooksLikePlan(
  layout: ColumnLayout,
  headerRow: number | null,
  shapeProblems: readonly PlanImportProblem[],
): PlanImportProblem | undefined {
  const recognised = [...layout.byField.keys()];
  const onlyTitle = recognised.length === 1 && layout.targets.length === 0 && layout.effects.length === 0;
  const unknown = shapeProblems.filter((p) => p.rule === 'column_unknown').map((p) => p.column);
  if (layout.byField.has('code') || !onlyTitle || unknown.length === 0) return undefined;
  const title = layout.byField.get('title')!.header;
  const others = unknown.map((c) => `「${c}」`).join('');
  return planError(
    'not_a_plan',
    { row: headerRow },
    {
      ja: `計画表として読める列がありません（改革項目名とした「${title}」のほかは${others}）。番号（番号・No・code）と改革項目名（改革項目・事業名・title）の列、できれば目標・テーマ・取組の概要・指標などの列を持つ表を取り込んでください。`,
      en: `This table has no columns a plan has (besides "${title}", read as the item title: ${unknown.map((c) => `"${c}"`).join(', ')}). Import a table with a code column (番号, No, code) and an item title column (改革項目, 事業名, title), and ideally goal, theme, summary or indicator columns.`,
    },
  );
}
