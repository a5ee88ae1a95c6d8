import type { LocalizedText } from '@pdca/domain/localized-text';
import type { PlanImportProblem, PlanImportRule, PlanImportSeverity } from './plan-import.types';

const MAX_VALUE_CHARS = 100;

export interface ProblemAt {
  readonly row?: number | null;
  readonly column?: string | null;
  readonly value?: string;
}

function build(
  severity: PlanImportSeverity,
  rule: PlanImportRule,
  at: ProblemAt,
  message: LocalizedText,
): PlanImportProblem {
  const value =
    at.value === undefined
      ? undefined
      : at.value.length > MAX_VALUE_CHARS
        ? `${at.value.slice(0, MAX_VALUE_CHARS)}…`
        : at.value;
  return {
    severity,
    rule,
    row: at.row ?? null,
    column: at.column ?? null,
    ...(value === undefined ? {} : { value }),
    message,
  };
}

export function planError(rule: PlanImportRule, at: ProblemAt, message: LocalizedText): PlanImportProblem {
  return build('error', rule, at, message);
}

export function planWarning(rule: PlanImportRule, at: ProblemAt, message: LocalizedText): PlanImportProblem {
  return build('warning', rule, at, message);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Messages shared by several modules; one-off messages are written where they are raised. */
export const problems = {
  fileEmpty: () => planError('file_empty', {}, { ja: 'ファイルが空です。', en: 'The file is empty.' }),
  fileTooLarge: (actual: number, max: number) =>
    planError(
      'file_too_large',
      {},
      {
        ja: `ファイルが大きすぎます（${mib(actual)}、上限 ${mib(max)}）。`,
        en: `The file is too large (${mib(actual)}; the limit is ${mib(max)}).`,
      },
    ),
  tooManyRows: (actual: number, max: number, atLeast: boolean) =>
    planError(
      'too_many_rows',
      {},
      {
        ja: `データ行が多すぎます（${actual}行${atLeast ? '以上' : ''}、上限 ${max}行）。ファイルを分割してください。`,
        en: `The file has too many data rows (${atLeast ? 'at least ' : ''}${actual}; the limit is ${max}). Split the file.`,
      },
    ),
  tooMuchInflated: (max: number) =>
    planError(
      'xlsx_too_large_inflated',
      {},
      {
        ja: `Excelファイルの展開後の大きさが上限（${Math.round(max / 1024 / 1024)} MiB）を超えます。不要なシートや書式を削除するか、CSVで保存してください。`,
        en: `The Excel file inflates to more than ${Math.round(max / 1024 / 1024)} MiB. Remove unused sheets or formatting, or save it as CSV.`,
      },
    ),
  tooManyCells: (max: number) =>
    planError(
      'xlsx_too_many_cells',
      {},
      {
        ja: `Excelファイルのセル（共有文字列を含む）が上限（${max}個）を超えます。ファイルを分割してください。`,
        en: `The Excel file has more than ${max} cells (shared strings included). Split the file.`,
      },
    ),
  tooManyEntries: (max: number) =>
    planError(
      'xlsx_too_many_parts',
      {},
      {
        ja: `Excelファイルの構成要素が多すぎます（上限 ${max}個）。`,
        en: `The Excel file has too many parts (the limit is ${max}).`,
      },
    ),
  parseTimeLimit: (ms: number) =>
    planError(
      'parse_time_limit',
      {},
      {
        ja: `ファイルの読み取りが上限時間（${ms / 1000}秒）内に終わりませんでした。ファイルを分割するか、CSVで保存してください。`,
        en: `Reading the file took longer than the limit of ${ms / 1000} s. Split the file or save it as CSV.`,
      },
    ),
  parseMemoryLimit: (mb: number) =>
    planError(
      'parse_memory_limit',
      {},
      {
        ja: `ファイルの読み取りに必要なメモリが上限（${mb} MB）を超えました。ファイルを分割するか、CSVで保存してください。`,
        en: `Reading the file needed more memory than the limit of ${mb} MB. Split the file or save it as CSV.`,
      },
    ),
  tooManyColumns: (actual: number, max: number, row: number) =>
    planError(
      'too_many_columns',
      { row },
      {
        ja: `${row}行目の列が多すぎます（${actual}列、上限 ${max}列）。`,
        en: `Row ${row} has too many columns (${actual}; the limit is ${max}).`,
      },
    ),
  corrupt: (what: string, detail: string) =>
    planError(
      'corrupt_file',
      {},
      {
        // The reader's own words (English, technical) stay in the English message only.
        ja: `${what}ファイルを読み取れません。ファイルが壊れているか途中で切れています。元のファイルを保存し直してから、もう一度取り込んでください。`,
        en: `The ${what} file cannot be read: it is damaged or truncated. (${detail})`,
      },
    ),
  binary: () =>
    planError(
      'binary_content',
      {},
      {
        ja: 'テキストとして読めないデータが含まれています。CSV・TSV・JSON・Excel（.xlsx）のいずれかのファイルを指定してください。',
        en: 'The file contains data that is not text. Upload a CSV, TSV, JSON or Excel (.xlsx) file.',
      },
    ),
  required: (row: number, column: string, what: LocalizedText) =>
    planError(
      'required',
      { row, column },
      { ja: `${what.ja}が入力されていません。`, en: `${what.en} is required.` },
    ),
  maxLength: (row: number, column: string, value: string, max: number) =>
    planError(
      'max_length',
      { row, column, value },
      {
        ja: `${max}文字以内で入力してください（${value.length}文字）。`,
        en: `Must be at most ${max} characters (${value.length} given).`,
      },
    ),
  notANumber: (row: number, column: string, value: string) =>
    planError(
      'not_a_number',
      { row, column, value },
      {
        ja: `「${value}」は数値として読み取れません。数字で入力してください（例: 1,234、¥1,234、12.5%）。`,
        en: `"${value}" is not a number. Enter digits (e.g. 1,234, ¥1,234, 12.5%).`,
      },
    ),
};
