import { type ColumnBinding, type ColumnLayout, type ColumnMapping, resolveColumns } from '../column-mapping';
import { problems as messages, planError } from '../plan-import.messages';
import type { ParsePlanFileOptions, PlanImportFailure, PlanImportProblem } from '../plan-import.types';
import { type ResolvedMetadata, resolveMetadata } from '../plan-metadata';
import type { RawTable } from '../table-readers';
import { DEFAULT_MAX_ROWS, DEFAULT_NODE_LEVELS, LEVEL_FIELDS } from './plan-fields.constants';

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
  /** Node levels above the items (1–3): the file's `# levels:`, else the settings', else 2 (3 with a level-3 column). */
  readonly nodeLevels: number;
  /** Problems of the metadata, then of the columns. */
  readonly problems: readonly PlanImportProblem[];
}

/**
 * The plan's metadata (file `#` lines merged with the options), its levels, and which column feeds
 * which field; a level column or node column below the plan's last node level is refused.
 */
export function readTableShape(table: RawTable, options: ParsePlanFileOptions): TableShape {
  const problems: PlanImportProblem[] = [];
  const meta = resolveMetadata(table.metadata, options, problems);
  const levelNames = meta.levels?.map((l) => l.ja) ?? options.levels ?? [];
  const mappings: ColumnMapping[] = [];
  if (options.mapping) mappings.push(options.mapping);
  if (meta.mapping) mappings.push(meta.mapping);
  const layout = resolveColumns(table.headers, table.headerRow, mappings, problems, levelNames);
  const nodeLevels =
    levelNames.length >= 2
      ? levelNames.length - 1
      : layout.byField.has('level3')
        ? LEVEL_FIELDS.length
        : DEFAULT_NODE_LEVELS;
  const fitted = fitToLevels(layout, nodeLevels, levelNames, table.headerRow);
  return { meta, layout: fitted.layout, nodeLevels, problems: [...problems, ...fitted.problems] };
}

/** The level of a level column or node column (undefined for the others). */
function levelOf(binding: ColumnBinding): number | undefined {
  const index = (LEVEL_FIELDS as readonly string[]).indexOf(binding.field);
  return index === -1 ? binding.level : index + 1;
}

/** Columns of a level the plan does not have: `level_count`, and left out of the layout. */
function fitToLevels(
  layout: ColumnLayout,
  nodeLevels: number,
  levelNames: readonly string[],
  headerRow: number | null,
): { layout: ColumnLayout; problems: PlanImportProblem[] } {
  const tooDeep = layout.bindings.filter((b) => (levelOf(b) ?? 0) > nodeLevels);
  if (tooDeep.length === 0) return { layout, problems: [] };
  const names = levelNames.length >= 2 ? levelNames : ['目標', 'テーマ', '改革項目'];
  const problems = tooDeep.map((binding) =>
    planError(
      'level_count',
      { row: headerRow, column: binding.header },
      {
        ja: `列「${binding.header}」は第${levelOf(binding)}階層を表しますが、この計画の階層は${nodeLevels + 1}段階（${names.join(' → ')}、最後が改革項目）で、改革項目の上は${nodeLevels}段階までです。ファイルの階層（# levels:）と市・計画の設定を合わせるか、この列を ignore にしてください。`,
        en: `Column "${binding.header}" is level ${levelOf(binding)} of the plan, but the plan has ${nodeLevels + 1} levels (${names.join(' → ')}; the last is the reform item), so at most ${nodeLevels} above the items. Make the file's levels (# levels:) and the city's or plan's settings agree, or map this column to "ignore".`,
      },
    ),
  );
  const kept = (b: ColumnBinding) => !tooDeep.includes(b);
  return {
    layout: {
      ...layout,
      bindings: layout.bindings.filter(kept),
      byField: new Map([...layout.byField].filter(([, b]) => kept(b))),
      nodeFields: layout.nodeFields.filter(kept),
    },
    problems,
  };
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
  const onlyTitle =
    recognised.length === 1 &&
    layout.targets.length === 0 &&
    layout.effects.length === 0 &&
    layout.nodeFields.length === 0;
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
