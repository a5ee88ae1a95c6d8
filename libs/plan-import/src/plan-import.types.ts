import type { AchievementFormulaSetting, CityReviewCadence } from '@pdca/domain/city-settings';
import type { ItemCostsInput, ProjectKind } from '@pdca/domain/item-costs';
import type { LocalizedText } from '@pdca/domain/localized-text';

/** The library speaks the domain's one bilingual shape. */
export type { LocalizedText };

export type PlanFileFormat = 'csv' | 'tsv' | 'json' | 'xlsx';

/** What was actually used to decode a text file (xlsx carries its own encoding). */
export type DetectedEncoding = 'utf-8' | 'utf-8-bom' | 'shift_jis' | 'utf-16le' | 'utf-16be';

export type EncodingOption = 'auto' | 'utf-8' | 'shift_jis' | 'cp932' | 'utf-16le';

/** The target fields a column can be mapped to. `ignore` drops a column without a warning. */
export type PlanField =
  | 'code'
  | 'title'
  | 'summary'
  | 'background'
  | 'goal'
  | 'theme'
  /** The third node level of a four-level plan (方針 → 個別方針 → 推進項目 → 取組). */
  | 'level3'
  /** 再掲先: codes of further parents of the item (nodes of the last node level), besides its own. */
  | 'alsoUnder'
  /** A node's own texts and indicators; the column binding says which level (0 = the plan). */
  | 'nodeDescription'
  | 'nodeVision'
  | 'nodeBackground'
  | 'nodeIndicator'
  | 'workingGroup'
  | 'indicator'
  | 'unit'
  | 'baseline'
  | 'target'
  | 'direction'
  | 'indicatorKind'
  /** 達成率の算式 of the row's indicator: 実績÷目標 (ratio) or 基準値からの進捗 (progress). */
  | 'achievementFormula'
  /** 報告頻度 of the item: 毎月 / 四半期 / 半期 / 年1回. */
  | 'reviewCadence'
  | 'budget'
  | 'effectSpending'
  | 'effectRevenue'
  | 'effectCost'
  | 'effectNet'
  /** 事業費・人工・財源内訳 (見込 of every plan year) and 事業区分 of the item (#26). */
  | 'projectCost'
  | 'staffFte'
  | 'fundingGeneral'
  | 'fundingNationalPrefectural'
  | 'fundingOther'
  | 'projectKind';

export type ColumnTarget = PlanField | 'ignore';

export type IndicatorDirection = 'higher' | 'lower';

/** 成果指標 (outcome) or 活動指標 (activity). */
export type IndicatorKind = 'outcome' | 'activity';

export interface ParsePlanFileOptions {
  /** Original file name; its extension decides the format when `format` is not given. */
  readonly fileName?: string;
  readonly format?: PlanFileFormat;
  /** Default `auto`: strict UTF-8 (BOM optional) first, then Shift_JIS (CP932). */
  readonly encoding?: EncodingOption;
  /** Extra header → field mapping; wins over the built-in aliases and over `# mapping:` lines. */
  readonly mapping?: Readonly<Record<string, ColumnTarget | string>>;
  /** Plan metadata; wins over `# key: value` lines and the JSON `plan` object. */
  readonly planTitle?: string;
  readonly tenantName?: string;
  readonly periodStartFy?: number;
  readonly periodEndFy?: number;
  /** Default 10 MiB. Larger files are refused before anything is decoded (HTTP 413). */
  readonly maxBytes?: number;
  /** Default 5000 data rows (comment and header rows not counted) (HTTP 413). */
  readonly maxRows?: number;
  /** xlsx: sheet to read; default the first sheet. */
  readonly sheetName?: string;
  /**
   * The plan's level names from the top, the last being the item (the city's or plan's settings):
   * how many node levels the tree has when the file does not say (`# levels:`). Default: 目標 →
   * テーマ → 改革項目 (two node levels), or three with a level-3 column.
   */
  readonly levels?: readonly string[];
  /**
   * Empty goal/theme cells repeat the value above (merged cells come out of Excel this way).
   * Default true for csv/tsv/xlsx, false for json.
   */
  readonly fillDown?: boolean;
}

export type PlanImportSeverity = 'error' | 'warning';

export type PlanImportRule =
  // whole file
  | 'file_empty'
  | 'file_too_large'
  | 'too_many_rows'
  | 'too_many_columns'
  | 'xlsx_too_large_inflated'
  | 'xlsx_too_many_cells'
  | 'xlsx_too_many_parts'
  | 'parse_time_limit'
  | 'parse_memory_limit'
  | 'unsupported_format'
  | 'macro_enabled'
  | 'legacy_or_encrypted_workbook'
  | 'corrupt_file'
  | 'binary_content'
  | 'encoding_invalid'
  | 'csv_syntax'
  | 'json_syntax'
  | 'json_shape'
  | 'sheet_not_found'
  | 'extra_sheets_ignored'
  // header and metadata
  | 'header_missing'
  | 'column_missing'
  | 'not_a_plan'
  | 'column_duplicate'
  | 'column_unknown'
  | 'cell_without_header'
  | 'mapping_invalid'
  | 'metadata_invalid'
  | 'metadata_mismatch'
  | 'plan_title_missing'
  | 'period_invalid'
  // cells and rows
  | 'json_value'
  | 'required'
  | 'max_length'
  | 'not_a_number'
  | 'direction_invalid'
  | 'direction_required'
  | 'indicator_kind_invalid'
  | 'achievement_formula_invalid'
  | 'review_cadence_invalid'
  /** 事業費・人工・財源内訳 that break the cost rules (item-costs.ts), or a 事業区分 not in the list (#26). */
  | 'item_costs_invalid'
  /** Costs in a file without a plan period: no year to file them under. */
  | 'cost_year_missing'
  | 'project_kind_invalid'
  | 'amount_invalid'
  | 'effect_mismatch'
  | 'effect_year_missing'
  | 'duplicate_code'
  | 'code_auto_assigned'
  | 'hierarchy_conflict'
  | 'continuation_conflict'
  | 'indicator_name_required'
  | 'target_outside_period'
  // the plan's levels and 再掲
  | 'level_count'
  | 'parent_unknown';

/**
 * One finding about an uploaded file.
 * `row` is the row as the user sees it in the file: the 1-based line (csv/tsv, comment lines and
 * the header included) or sheet row (xlsx); for json the 1-based position in the rows array.
 * `null` means the whole file. `column` is the header text as written in the file, `null` for a
 * whole row or file.
 */
export interface PlanImportProblem {
  readonly severity: PlanImportSeverity;
  readonly rule: PlanImportRule;
  readonly row: number | null;
  readonly column: string | null;
  /** The offending cell value, cut to 100 characters. */
  readonly value?: string;
  readonly message: LocalizedText;
}

export interface ImportedIndicator {
  readonly name: string;
  readonly unit?: string;
  readonly baseline?: number;
  /** Final target: the plain 目標値 column, else the target of the latest fiscal year. */
  readonly target?: number;
  /** Targets from year columns such as `目標値(2027年度)` or `target_2027`. */
  readonly targetsByFy: Readonly<Record<number, number>>;
  readonly direction?: IndicatorDirection;
  readonly kind?: IndicatorKind;
  /** The indicator's own 目標達成率 formula; absent = the city's default. */
  readonly achievementFormula?: AchievementFormulaSetting;
  readonly sourceRow: number;
}

export interface ImportedBudget {
  /** In yen: a `(千円)` / `(百万円)` unit in the header or a 千/万/億 suffix in the cell is applied. */
  readonly currentAmount: number;
}

/**
 * 効果額の見込額 of one fiscal year, in yen. The parts are null when the file gives only the net
 * 効果額 (効果額目標 column); with parts, net = 歳出削減 + 歳入確保 − 取組経費.
 */
export interface ImportedEffectTarget {
  readonly spendingReduction: number | null;
  readonly revenueGain: number | null;
  readonly cost: number | null;
  readonly net: number;
}

export interface ImportedItem {
  readonly code: string;
  /** True when the file has no code column and the code was derived (see README). */
  readonly codeAutoAssigned: boolean;
  readonly title: string;
  readonly summary?: string;
  /** 現状と課題 / background. */
  readonly background?: string;
  readonly workingGroup?: string;
  /** 報告頻度: the item's own review cadence; absent = the city's. */
  readonly reviewCadence?: CityReviewCadence;
  readonly indicators: readonly ImportedIndicator[];
  readonly budget?: ImportedBudget;
  /** 効果額の見込額 by fiscal year (year-less columns apply to every year of the plan period). */
  readonly effectTargets?: Readonly<Record<number, ImportedEffectTarget>>;
  /** 事業費・人工・財源内訳: the 見込 of every year of the plan period (#26); absent = the file has none. */
  readonly costs?: ItemCostsInput;
  /** 事業区分 (#26); absent = the file says nothing (what is stored stays). */
  readonly projectKind?: ProjectKind;
  /** 再掲: codes of the further parents (last node level), in the file's order; the primary parent is the node holding the item. */
  readonly alsoUnder?: readonly string[];
  /** Row of the item's first line in the file. */
  readonly sourceRow: number;
}

/**
 * A node of the plan tree above the items: on level 1 a goal / 方針 / 柱, below it a theme / 改革 …
 * (the names are the plan's). Only the last node level holds items.
 */
export interface ImportedNode {
  readonly code: string;
  readonly title: string;
  /** Created for items whose row names nothing on this level (it takes its parent's title). */
  readonly isDefault: boolean;
  /** 1 = the top level. */
  readonly level: number;
  /** 方針の説明 and the like. */
  readonly description?: string;
  /** 3年後の姿 / 目指す姿. */
  readonly vision?: string;
  /** 現状と課題. */
  readonly background?: string;
  /** The node's own indicators (a 基本方針's 指標), in row order. */
  readonly indicators: readonly ImportedIndicator[];
  readonly children: readonly ImportedNode[];
  /** Items whose primary parent this node is. */
  readonly items: readonly ImportedItem[];
}

/** A level name as the file gives it (`# levels: 基本方針 (Basic policy) / 改革項目`). */
export interface ImportedLevelName {
  readonly ja: string;
  readonly en?: string;
}

export interface ImportedPlan {
  readonly title: string;
  readonly tenantName?: string;
  readonly periodStartFy?: number;
  readonly periodEndFy?: number;
  /** Where the data came from (`# source:`). */
  readonly source?: string;
  /** The file's own level names (`# levels:`), from the top, the last being the item. */
  readonly levels?: readonly ImportedLevelName[];
  /** Node levels above the items: 1–3. */
  readonly nodeLevels: number;
  /** `# key: value` lines whose key is not one of the known ones. */
  readonly metadata: Readonly<Record<string, string>>;
  /** `#` lines without a key. */
  readonly notes: readonly string[];
  /** The top-level nodes, each with its subtree. */
  readonly nodes: readonly ImportedNode[];
  /** The plan's own indicators (city-wide 主要目標). */
  readonly indicators: readonly ImportedIndicator[];
}

export interface PlanImportSourceInfo {
  readonly format: PlanFileFormat;
  readonly encoding?: DetectedEncoding;
  readonly sheetName?: string;
  readonly dataRows: number;
}

export interface PlanImportSuccess {
  readonly ok: true;
  readonly plan: ImportedPlan;
  readonly warnings: readonly PlanImportProblem[];
  readonly source: PlanImportSourceInfo;
}

export interface PlanImportTooLarge {
  /**
   * inflatedBytes, cells: an .xlsx (checked while inflating, before it is parsed); columns: csv/tsv;
   * parseTime, parseMemory: the worker thread reading the file was stopped (parse-off-thread.ts).
   */
  readonly limit: 'bytes' | 'rows' | 'inflatedBytes' | 'cells' | 'columns' | 'parseTime' | 'parseMemory';
  /** In the limit's unit: bytes, rows, cells, columns, milliseconds (parseTime) or MB (parseMemory). */
  readonly max: number;
  /**
   * Bytes, or data rows counted (for xlsx at least this many when the sheet was cut off); for
   * parseTime and parseMemory the limit itself (the worker was stopped on reaching it).
   */
  readonly actual: number;
}

export interface PlanImportFailure {
  readonly ok: false;
  /** Errors first, then warnings; never empty. */
  readonly problems: readonly PlanImportProblem[];
  /** Set when the file was refused for its size (HTTP 413 instead of 400). */
  readonly tooLarge?: PlanImportTooLarge;
  /**
   * The plan's title, when the file's header could be read, and whether it said its levels: a
   * file refused under the city's levels can be read again under the plan's own.
   */
  readonly planTitle?: string;
  readonly levelsDeclared?: boolean;
}

export type PlanImportResult = PlanImportSuccess | PlanImportFailure;
