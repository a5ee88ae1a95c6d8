import { detectFormat, sniffTextFormat } from './format-detection';
import { planError, problems } from './plan-import.messages';
import type { ParsePlanFileOptions, PlanFileFormat, PlanImportResult } from './plan-import.types';
import { DEFAULT_MAX_ROWS, validatePlanTable } from './plan-table.validator';
import { type ReadResult, readDelimitedText, readJson } from './table-readers';
import { decodeText } from './text-decoding';
import { readWorkbook } from './workbook-reader';

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Reads a reform plan from an uploaded file (csv, tsv, json or xlsx; UTF-8 with or without BOM,
 * Shift_JIS/CP932 or UTF-16) and validates all of it. Pure: no I/O, no clock. Never throws: a
 * damaged, binary or oversized file is a failure result (see PlanImportError for HTTP mapping).
 */
export function parsePlanFile(input: Uint8Array, options: ParsePlanFileOptions = {}): PlanImportResult {
  try {
    return parseOrFail(input, options);
  } catch (error) {
    // Last line of defence: a library bug must still come out as a typed result, not a 500.
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [
        planError(
          'corrupt_file',
          {},
          {
            ja: `ファイルを読み取れませんでした（${detail.slice(0, 200)}）。`,
            en: `The file could not be read (${detail.slice(0, 200)}).`,
          },
        ),
      ],
    };
  }
}

function parseOrFail(input: Uint8Array, options: ParsePlanFileOptions): PlanImportResult {
  if (!(input instanceof Uint8Array)) {
    return {
      ok: false,
      problems: [planError('file_empty', {}, { ja: 'ファイルがありません。', en: 'No file was given.' })],
    };
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (input.byteLength > maxBytes) {
    return {
      ok: false,
      problems: [problems.fileTooLarge(input.byteLength, maxBytes)],
      tooLarge: { limit: 'bytes', max: maxBytes, actual: input.byteLength },
    };
  }
  if (input.byteLength === 0) return { ok: false, problems: [problems.fileEmpty()] };

  const decision = detectFormat(input, options.format, options.fileName);
  if (!decision.ok) return { ok: false, problems: [decision.problem] };

  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  let read: ReadResult;
  let format: PlanFileFormat;
  let encoding: ReturnType<typeof decodeText> | undefined;
  if (decision.format === 'xlsx') {
    format = 'xlsx';
    read = readWorkbook(input, maxRows, options.sheetName);
  } else {
    encoding = decodeText(input, options.encoding ?? 'auto');
    if (!encoding.ok) return { ok: false, problems: [encoding.problem] };
    if (encoding.text.trim() === '') return { ok: false, problems: [problems.fileEmpty()] };
    format = decision.format === 'text' ? sniffTextFormat(encoding.text) : decision.format;
    read =
      format === 'json' ? readJson(encoding.text) : readDelimitedText(encoding.text, format as 'csv' | 'tsv');
  }
  if (!read.ok) return read;

  const result = validatePlanTable(read.table, options, read.problems);
  if (!result.ok || !encoding?.ok) return result;
  return { ...result, source: { ...result.source, format, encoding: encoding.encoding } };
}
