import { BUDGET_AMOUNT_LIMIT, BUDGET_REASON_MAX_LENGTH } from '@pdca/domain/budget-chain';
import type { LocalizedText } from '@pdca/domain/localized-text';
import { detectFormat, sniffTextFormat } from './format-detection';
import { problems as shared } from './plan-import.messages';
import type { PlanFileFormat, PlanImportProblem } from './plan-import.types';
import { type ReadResult, readDelimitedText, readJson } from './table-readers';
import { decodeText } from './text-decoding';
import { cleanCell, nfkc, normalizeCode, parseNumberCell } from './value-parsers';
import { readWorkbook } from './workbook-reader';

/**
 * The finance system's file (#26): one row per item of one budget year, with 査定額 and/or 当初予算額
 * and the reason. Read with the plan importer's readers and limits (size, rows, encodings, xlsx
 * guards); every problem names its row and column, and one bad row refuses the whole file.
 */
export type FinanceColumn = 'code' | 'assessed' | 'adopted' | 'reason';

/** A finding about the file; `rule` is stable (the plan importer's where they mean the same). */
export interface FinanceFileProblem {
  readonly rule: string;
  readonly row: number | null;
  readonly column: string | null;
  readonly value?: string;
  readonly message: LocalizedText;
}

export interface FinanceFileRow {
  readonly row: number;
  readonly code: string;
  readonly assessed?: number;
  readonly adopted?: number;
  readonly reason?: string;
}

export type FinanceFileResult =
  | { readonly ok: true; readonly format: PlanFileFormat; readonly rows: readonly FinanceFileRow[] }
  | { readonly ok: false; readonly tooLarge?: boolean; readonly problems: readonly FinanceFileProblem[] };

export interface FinanceFileOptions {
  readonly fileName?: string;
  readonly format?: PlanFileFormat;
  readonly maxBytes: number;
  readonly maxRows: number;
}

/** Header words, compared after NFKC, lower case and without spaces or brackets' unit. */
const HEADERS: ReadonlyArray<readonly [FinanceColumn, readonly string[]]> = [
  [
    'code',
    ['項目コード', '事業コード', '改革項目コード', 'コード', 'code', 'itemcode', '事業番号', '項目番号'],
  ],
  ['assessed', ['査定額', 'assessed', 'assessedamount']],
  ['adopted', ['当初予算額', '当初予算', 'adopted', 'adoptedbudget', '予算額']],
  ['reason', ['理由', 'reason', '備考', 'note']],
];

const COLUMN_WORDS: Readonly<Record<FinanceColumn, LocalizedText>> = {
  code: { ja: '項目コード', en: 'item code' },
  assessed: { ja: '査定額', en: 'assessed amount' },
  adopted: { ja: '当初予算額', en: 'adopted budget' },
  reason: { ja: '理由', en: 'reason' },
};

function headerKey(header: string): { key: string; thousands: boolean } {
  const text = nfkc(cleanCell(header)).toLowerCase().replace(/\s+/g, '');
  const unit = /[(（]([^)）]*)[)）]$/.exec(text);
  const key = unit ? text.slice(0, unit.index) : text;
  return { key, thousands: unit?.[1] === '千円' };
}

function fileProblem(rule: string, message: LocalizedText): FinanceFileProblem {
  return { rule, row: null, column: null, message };
}

function fromShared(p: PlanImportProblem): FinanceFileProblem {
  return {
    rule: p.rule,
    row: p.row,
    column: p.column,
    ...(p.value === undefined ? {} : { value: p.value }),
    message: p.message,
  };
}

/** Reads and checks the whole file; never throws. */
export function parseFinanceFile(input: Uint8Array, options: FinanceFileOptions): FinanceFileResult {
  try {
    return parse(input, options);
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).slice(0, 200);
    return {
      ok: false,
      problems: [
        fileProblem('corrupt_file', {
          ja: `ファイルを読み取れませんでした（${detail}）。`,
          en: `The file could not be read (${detail}).`,
        }),
      ],
    };
  }
}

function parse(input: Uint8Array, options: FinanceFileOptions): FinanceFileResult {
  if (input.byteLength > options.maxBytes) {
    return {
      ok: false,
      tooLarge: true,
      problems: [fromShared(shared.fileTooLarge(input.byteLength, options.maxBytes))],
    };
  }
  if (input.byteLength === 0) return { ok: false, problems: [fromShared(shared.fileEmpty())] };
  const decision = detectFormat(input, options.format, options.fileName);
  if (!decision.ok) return { ok: false, problems: [fromShared(decision.problem)] };
  let read: ReadResult;
  let format: PlanFileFormat;
  if (decision.format === 'xlsx') {
    format = 'xlsx';
    read = readWorkbook(input, options.maxRows);
  } else {
    const text = decodeText(input, 'auto');
    if (!text.ok) return { ok: false, problems: [fromShared(text.problem)] };
    if (text.text.trim() === '') return { ok: false, problems: [fromShared(shared.fileEmpty())] };
    format = decision.format === 'text' ? sniffTextFormat(text.text) : decision.format;
    // JSON: an array of rows keyed by the same headings (the API's application/json body).
    read = format === 'json' ? readJson(text.text) : readDelimitedText(text.text, format);
  }
  if (!read.ok)
    return { ok: false, tooLarge: read.tooLarge !== undefined, problems: read.problems.map(fromShared) };
  const table = read.table;
  if (table.rows.length > options.maxRows) {
    return {
      ok: false,
      tooLarge: true,
      problems: [fromShared(shared.tooManyRows(table.rows.length, options.maxRows, false))],
    };
  }
  const columns = new Map<FinanceColumn, { index: number; header: string; thousands: boolean }>();
  table.headers.forEach((header, index) => {
    const { key, thousands } = headerKey(header);
    const column = HEADERS.find(([, words]) => words.includes(key))?.[0];
    if (column && !columns.has(column)) columns.set(column, { index, header: cleanCell(header), thousands });
  });
  const missing: FinanceFileProblem[] = [];
  if (!columns.has('code')) {
    missing.push({
      rule: 'column_missing',
      row: table.headerRow,
      column: null,
      message: {
        ja: '「項目コード」（または「事業コード」）の列がありません。',
        en: 'The file has no 項目コード (item code) column.',
      },
    });
  }
  if (!columns.has('assessed') && !columns.has('adopted')) {
    missing.push({
      rule: 'column_missing',
      row: table.headerRow,
      column: null,
      message: {
        ja: '「査定額」または「当初予算額」の列がありません。',
        en: 'The file has neither a 査定額 (assessed) nor a 当初予算額 (adopted) column.',
      },
    });
  }
  if (missing.length > 0) return { ok: false, problems: missing };

  const problems: FinanceFileProblem[] = [];
  const rows: FinanceFileRow[] = [];
  const seen = new Map<string, number>();
  for (const raw of table.rows) {
    const cell = (column: FinanceColumn) => {
      const at = columns.get(column);
      return at ? cleanCell(raw.cells[at.index] ?? '') : '';
    };
    const at = (column: FinanceColumn, rule: string, value: string, message: LocalizedText) =>
      problems.push({
        rule,
        row: raw.row,
        column: columns.get(column)?.header ?? COLUMN_WORDS[column].ja,
        ...(value === '' ? {} : { value: value.slice(0, 100) }),
        message,
      });
    const code = normalizeCode(cell('code'));
    if (code === '') {
      at('code', 'required', '', {
        ja: `${raw.row}行目: 項目コードがありません。`,
        en: `Row ${raw.row}: the item code is missing.`,
      });
    } else if (seen.has(code)) {
      at('code', 'duplicate_code', code, {
        ja: `${raw.row}行目: 項目コード「${code}」は${seen.get(code)}行目にもあります。`,
        en: `Row ${raw.row}: item code ${code} also appears on row ${seen.get(code)}.`,
      });
    } else {
      seen.set(code, raw.row);
    }
    const amounts: { assessed?: number; adopted?: number } = {};
    for (const kind of ['assessed', 'adopted'] as const) {
      const text = cell(kind);
      if (text === '') continue;
      const parsed = parseNumberCell(text);
      const value = parsed.ok ? parsed.value * (columns.get(kind)?.thousands ? 1000 : 1) : Number.NaN;
      const word = COLUMN_WORDS[kind];
      if (!Number.isSafeInteger(value) || value < 0) {
        at(kind, 'amount_invalid', text, {
          ja: `${raw.row}行目: ${word.ja}「${text}」は0以上の整数（円）ではありません。`,
          en: `Row ${raw.row}: the ${word.en} "${text}" is not a whole number of yen, 0 or more.`,
        });
      } else if (value > BUDGET_AMOUNT_LIMIT) {
        at(kind, 'amount_invalid', text, {
          ja: `${raw.row}行目: ${word.ja}が上限を超えています。`,
          en: `Row ${raw.row}: the ${word.en} is over the limit.`,
        });
      } else {
        amounts[kind] = value;
      }
    }
    if (cell('assessed') === '' && cell('adopted') === '') {
      at(columns.has('assessed') ? 'assessed' : 'adopted', 'required', '', {
        ja: `${raw.row}行目: 査定額も当初予算額もありません。`,
        en: `Row ${raw.row}: neither an assessed amount nor an adopted budget is given.`,
      });
    }
    const reason = cell('reason');
    if (reason.length > BUDGET_REASON_MAX_LENGTH) {
      at('reason', 'max_length', '', {
        ja: `${raw.row}行目: 理由は${BUDGET_REASON_MAX_LENGTH}文字以内にしてください。`,
        en: `Row ${raw.row}: the reason may be at most ${BUDGET_REASON_MAX_LENGTH} characters long.`,
      });
    }
    rows.push({ row: raw.row, code, ...amounts, ...(reason === '' ? {} : { reason }) });
  }
  if (rows.length === 0) return { ok: false, problems: [fromShared(shared.fileEmpty())] };
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, format, rows };
}
