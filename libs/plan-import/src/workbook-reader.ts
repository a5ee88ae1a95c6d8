/** The xlsx reader: a workbook's first (or named) sheet as a RawTable, like the csv/tsv reader's. */
import * as XLSX from '@e965/xlsx';
import { planError, planWarning, problems } from './plan-import.messages';
import type { PlanImportProblem } from './plan-import.types';
import { assemble, type RawRow, type ReadResult } from './table-readers';
import { inspectXlsxZip } from './zip-guard';

const EXCEL_ERRORS: Readonly<Record<number, string>> = {
  0: '#NULL!',
  7: '#DIV/0!',
  15: '#VALUE!',
  23: '#REF!',
  29: '#NAME?',
  36: '#NUM!',
  42: '#N/A',
  43: '#GETTING_DATA',
};

function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell) return '';
  switch (cell.t) {
    case 's':
      return String(cell.v ?? '');
    case 'n':
      return typeof cell.v === 'number' ? String(cell.v) : '';
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'd':
      return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : String(cell.v ?? '');
    case 'e':
      // A formula whose cached result is an error: keep the visible text so validation can name it.
      return cell.w ?? EXCEL_ERRORS[Number(cell.v)] ?? '#ERROR';
    default:
      return '';
  }
}

// Comment and header rows on top of the data rows before the sheet is cut off.
const SHEET_ROW_ALLOWANCE = 100;
const MAX_SHEET_COLUMNS = 255;

/**
 * Reads the first (or the named) sheet. Formulas are never evaluated: SheetJS does not calculate,
 * and `cellFormula: false` does not even keep the formula text, so only the value Excel stored
 * with the cell is seen. VBA is not loaded (`bookVBA: false`; macro workbooks were refused earlier).
 */
export function readWorkbook(buffer: Uint8Array, maxRows: number, sheetName?: string): ReadResult {
  if (!(buffer[0] === 0x50 && buffer[1] === 0x4b)) {
    return { ok: false, problems: [problems.corrupt('Excel（.xlsx）', 'not a zip archive')] };
  }
  const zip = inspectXlsxZip(buffer);
  if (!zip.ok) {
    if (zip.reason === 'corrupt')
      return { ok: false, problems: [problems.corrupt('Excel（.xlsx）', zip.detail)] };
    const problem =
      zip.reason === 'inflatedBytes'
        ? problems.tooMuchInflated(zip.max)
        : zip.reason === 'cells'
          ? problems.tooManyCells(zip.max)
          : problems.tooManyEntries(zip.max);
    const limit = zip.reason === 'entries' ? 'cells' : zip.reason;
    return { ok: false, problems: [problem], tooLarge: { limit, max: zip.max, actual: zip.actual } };
  }
  let workbook: XLSX.WorkBook;
  const sheetRows = maxRows + SHEET_ROW_ALLOWANCE;
  try {
    // SheetJS's 'buffer' input must be a Node Buffer; wrap (not copy) a plain Uint8Array.
    workbook = XLSX.read(Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength), {
      type: 'buffer',
      cellFormula: false,
      cellHTML: false,
      cellNF: false,
      cellStyles: false,
      cellText: false,
      cellDates: false,
      bookVBA: false,
      bookFiles: false,
      bookDeps: false,
      sheetStubs: false,
      sheetRows,
      WTF: false,
      ...(sheetName ? { sheets: sheetName } : {}),
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [problems.corrupt('Excel（.xlsx）', detail.slice(0, 200))] };
  }
  const names = workbook.SheetNames ?? [];
  const chosen = sheetName ?? names[0];
  const sheet = chosen === undefined ? undefined : workbook.Sheets?.[chosen];
  if (chosen === undefined || !sheet) {
    return {
      ok: false,
      problems: [
        planError(
          'sheet_not_found',
          { value: sheetName },
          {
            ja: sheetName
              ? `シート「${sheetName}」がありません（シート: ${names.join('、')}）。`
              : 'ブックにシートがありません。',
            en: sheetName
              ? `There is no sheet "${sheetName}" (sheets: ${names.join(', ')}).`
              : 'The workbook has no sheets.',
          },
        ),
      ],
    };
  }
  const warnings: PlanImportProblem[] = [];
  if (!sheetName && names.length > 1) {
    warnings.push(
      planWarning(
        'extra_sheets_ignored',
        {},
        {
          ja: `最初のシート「${chosen}」だけを取り込みます（他のシート: ${names.slice(1).join('、')}）。`,
          en: `Only the first sheet "${chosen}" is imported (other sheets: ${names.slice(1).join(', ')}).`,
        },
      ),
    );
  }
  const ref = sheet['!ref'];
  if (!ref) return assemble('xlsx', [], ',', chosen);
  const range = XLSX.utils.decode_range(ref);
  const fullRef = sheet['!fullref'];
  if (fullRef && XLSX.utils.decode_range(fullRef).e.r > range.e.r) {
    return {
      ok: false,
      problems: [problems.tooManyRows(sheetRows - 1, maxRows, true)],
      tooLarge: { limit: 'rows', max: maxRows, actual: sheetRows - 1 },
    };
  }
  // Walk the cells that exist rather than the declared range: a sheet can declare A1:XFD5000.
  const byRow = new Map<number, string[]>();
  for (const address of Object.keys(sheet)) {
    if (address.startsWith('!')) continue;
    const { r, c } = XLSX.utils.decode_cell(address);
    if (r > range.e.r || c > MAX_SHEET_COLUMNS) continue;
    const text = cellText(sheet[address] as XLSX.CellObject);
    if (text === '') continue;
    let cells = byRow.get(r);
    if (!cells) {
      cells = [];
      byRow.set(r, cells);
    }
    while (cells.length < c) cells.push('');
    cells[c] = text;
  }
  const records: RawRow[] = [...byRow.entries()]
    .sort(([a], [b]) => a - b)
    .map(([r, cells]) => ({ row: r + 1, cells: Array.from(cells, (cell) => cell ?? '') }));
  const assembled = assemble('xlsx', records, ' ', chosen);
  return assembled.ok ? { ...assembled, problems: warnings } : assembled;
}
