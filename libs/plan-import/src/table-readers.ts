import { parse as parseCsv } from 'csv-parse/sync';
import { planError, problems } from './plan-import.messages';
import type { PlanFileFormat, PlanImportProblem, PlanImportTooLarge } from './plan-import.types';
import { type MetadataEntry, type RawMetadata, readCommentLine } from './plan-metadata';
import { cleanCell } from './value-parsers';

/** One data row as read from the file, before any interpretation. */
export interface RawRow {
  /** Row as the user sees it (see PlanImportProblem.row). */
  readonly row: number;
  readonly cells: readonly string[];
}

/** A file reduced to header + data rows + metadata; what the validator works on. */
export interface RawTable {
  readonly format: PlanFileFormat;
  /** null for json (no header row in the file). */
  readonly headerRow: number | null;
  readonly headers: readonly string[];
  /** Data rows without blank and comment rows. */
  readonly rows: readonly RawRow[];
  readonly metadata: RawMetadata;
  readonly sheetName?: string;
}

export type ReadResult =
  | { readonly ok: true; readonly table: RawTable; readonly problems: readonly PlanImportProblem[] }
  | {
      readonly ok: false;
      readonly problems: readonly PlanImportProblem[];
      readonly tooLarge?: PlanImportTooLarge;
    };

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cleanCell(cell) === '');
}

function isComment(cells: readonly string[]): boolean {
  return cleanCell(cells[0] ?? '').startsWith('#');
}

/** Excel pads a comment line with empty cells (`# plan: x,,,`): drop them, rejoin the rest. */
function commentText(cells: readonly string[], joiner: string): string {
  let end = cells.length;
  while (end > 0 && cleanCell(cells[end - 1]!) === '') end--;
  return cells.slice(0, end).join(joiner);
}

/**
 * Shared by csv/tsv and xlsx (workbook-reader.ts): leading `#` rows are metadata, the first other
 * non-blank row is the header, later `#` rows and blank rows are skipped.
 */
export function assemble(
  format: PlanFileFormat,
  records: Iterable<RawRow>,
  joiner: string,
  sheetName?: string,
): ReadResult {
  const metadata = { entries: [] as MetadataEntry[], notes: [] as string[] };
  let header: RawRow | undefined;
  const rows: RawRow[] = [];
  for (const record of records) {
    if (isBlank(record.cells)) continue;
    if (isComment(record.cells)) {
      if (!header) readCommentLine(commentText(record.cells, joiner), record.row, metadata);
      continue;
    }
    if (!header) header = record;
    else rows.push(record);
  }
  if (!header) {
    return {
      ok: false,
      problems: [
        planError(
          'header_missing',
          {},
          {
            ja: '見出し行が見つかりません。1行目（# で始まる行の後）に列の見出しを書いてください。',
            en: 'No header row was found. Put the column headers on the first line (after any # lines).',
          },
        ),
      ],
    };
  }
  return {
    ok: true,
    table: {
      format,
      headerRow: header.row,
      headers: header.cells.map(cleanCell),
      rows,
      metadata,
      ...(sheetName === undefined ? {} : { sheetName }),
    },
    problems: [],
  };
}

/** As many columns as an .xlsx sheet is read with (MAX_SHEET_COLUMNS + 1), and far more than a plan needs. */
const MAX_TEXT_COLUMNS = 256;

/**
 * The widest record, found in one linear pass before csv-parse sees the text (quotes respected,
 * `""` inside quotes is two quote toggles and cancels out): a header of 100,000 columns is refused
 * in milliseconds instead of being parsed first.
 */
function firstTooWideRecord(
  text: string,
  delimiter: string,
  max: number,
): { row: number; columns: number } | undefined {
  let columns = 1;
  let quoted = false;
  let line = 1;
  let recordStart = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n') {
      line++;
      if (!quoted) {
        columns = 1;
        recordStart = line;
      }
    } else if (ch === delimiter && !quoted) {
      columns++;
      if (columns > max) {
        let end = i;
        while (end < text.length && text[end] !== '\n') {
          if (text[end] === delimiter) columns++;
          end++;
        }
        return { row: recordStart, columns: columns - 1 };
      }
    }
  }
  return undefined;
}

export function readDelimitedText(text: string, format: 'csv' | 'tsv'): ReadResult {
  const tooWide = firstTooWideRecord(text, format === 'tsv' ? '\t' : ',', MAX_TEXT_COLUMNS);
  if (tooWide) {
    return {
      ok: false,
      problems: [problems.tooManyColumns(tooWide.columns, MAX_TEXT_COLUMNS, tooWide.row)],
      tooLarge: { limit: 'columns', max: MAX_TEXT_COLUMNS, actual: tooWide.columns },
    };
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      delimiter: format === 'tsv' ? '\t' : ',',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    const row = typeof line === 'number' ? line : null;
    return {
      ok: false,
      problems: [
        planError(
          'csv_syntax',
          { row },
          {
            ja: `${format.toUpperCase()} の書式に誤りがあります${row ? `（${row}行目付近）` : ''}。引用符（"）の閉じ忘れがないか確認してください。`,
            en: `The ${format.toUpperCase()} file is malformed${row ? ` near line ${row}` : ''}. Check for an unclosed quote (").`,
          },
        ),
      ],
    };
  }
  // A header of a million columns would make every later step (mapping, diffing) pay per column.
  const wide = records.findIndex(({ record }) => record.length > MAX_TEXT_COLUMNS);
  if (wide !== -1) {
    const row = wide === 0 ? 1 : records[wide - 1].info.lines + 1;
    const actual = records[wide].record.length;
    return {
      ok: false,
      problems: [problems.tooManyColumns(actual, MAX_TEXT_COLUMNS, row)],
      tooLarge: { limit: 'columns', max: MAX_TEXT_COLUMNS, actual },
    };
  }
  // info.lines is the line a record ends on; a record starts right after the previous one ends
  // (empty lines come through as records, so nothing is skipped in between).
  let previousEnd = 0;
  const rows = records.map(({ record, info }) => {
    const row = { row: previousEnd + 1, cells: record };
    previousEnd = info.lines;
    return row;
  });
  return assemble(format, rows, format === 'tsv' ? '\t' : ',');
}

type JsonCell = string | number | boolean | null;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * JSON: an array of row objects, or `{ "plan": { ...metadata }, "rows": [ ...row objects ] }`.
 * Row keys are headers (same aliases as csv). Row numbers are positions in the rows array.
 */
export function readJson(text: string): ReadResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [
        planError(
          'json_syntax',
          {},
          { ja: `JSON の書式に誤りがあります（${detail}）。`, en: `The JSON is malformed (${detail}).` },
        ),
      ],
    };
  }
  const shapeError = () =>
    planError(
      'json_shape',
      {},
      {
        ja: 'JSON は行オブジェクトの配列、または { "plan": {...}, "rows": [...] } の形にしてください。',
        en: 'The JSON must be an array of row objects or { "plan": {...}, "rows": [...] }.',
      },
    );
  let rowsValue: unknown;
  const metadata = { entries: [] as MetadataEntry[], notes: [] as string[] };
  if (Array.isArray(document)) {
    rowsValue = document;
  } else if (isPlainObject(document) && Array.isArray(document.rows)) {
    rowsValue = document.rows;
    if (document.plan !== undefined && !isPlainObject(document.plan))
      return { ok: false, problems: [shapeError()] };
    for (const [key, value] of Object.entries(document.plan ?? {})) {
      if (/^notes?$/i.test(key) || key === '注記') {
        for (const note of Array.isArray(value) ? value : [value])
          if (typeof note === 'string') metadata.notes.push(note);
      } else {
        metadata.entries.push({ key, value, row: null });
      }
    }
  } else {
    return { ok: false, problems: [shapeError()] };
  }

  const found: PlanImportProblem[] = [];
  const headers: string[] = [];
  const headerIndex = new Map<string, number>();
  const objects: { row: number; record: Record<string, unknown> }[] = [];
  (rowsValue as unknown[]).forEach((value, index) => {
    if (!isPlainObject(value)) {
      found.push(
        planError(
          'json_value',
          { row: index + 1 },
          {
            ja: `${index + 1}件目の行がオブジェクトではありません。`,
            en: `Row ${index + 1} is not an object.`,
          },
        ),
      );
      return;
    }
    for (const key of Object.keys(value)) {
      if (!headerIndex.has(key)) {
        headerIndex.set(key, headers.length);
        headers.push(key);
      }
    }
    objects.push({ row: index + 1, record: value });
  });
  if (headers.length > MAX_TEXT_COLUMNS) {
    return {
      ok: false,
      problems: [problems.tooManyColumns(headers.length, MAX_TEXT_COLUMNS, 1)],
      tooLarge: { limit: 'columns', max: MAX_TEXT_COLUMNS, actual: headers.length },
    };
  }
  const rows: RawRow[] = objects.map(({ row, record }) => {
    const cells: string[] = new Array(headers.length).fill('');
    for (const [key, value] of Object.entries(record)) {
      if (value === null || value === undefined) continue;
      if (typeof value === 'object') {
        found.push(
          planError(
            'json_value',
            { row, column: key },
            {
              ja: `「${key}」には文字列か数値を指定してください（配列やオブジェクトは使えません）。`,
              en: `"${key}" must be a string or a number, not an array or object.`,
            },
          ),
        );
        continue;
      }
      cells[headerIndex.get(key)!] = String(value as JsonCell);
    }
    return { row, cells };
  });
  return {
    ok: true,
    table: {
      format: 'json',
      headerRow: null,
      headers,
      rows: rows.filter((r) => !isBlank(r.cells)),
      metadata,
    },
    problems: found,
  };
}
