/**
 * A list as one Excel sheet a clerk can sort and filter: one header row in one language, the first
 * columns frozen, amounts as #,##0, A4 landscape fitted to the page width. Shared by the published
 * lists (予算反映状況, 事業検証結果, #26).
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export interface ListSheet {
  /** The workbook's title (its properties). */
  title: string;
  /** The sheet's name. */
  sheetName: string;
  headers: readonly string[];
  /** Column widths, one per header. */
  widths: readonly number[];
  /** The columns (0-based) holding yen, formatted #,##0. */
  amountColumns: readonly number[];
  /** How many columns stay in view when scrolling right. */
  frozenColumns: number;
  /** Columns whose text wraps (long texts). */
  wrapColumns?: readonly number[];
  rows: Iterable<ReadonlyArray<string | number | null>>;
}

/** Writes the workbook to `stream` (ends it). */
export async function writeListSheetXlsx(sheetSpec: ListSheet, stream: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'pdca-engine';
  workbook.title = sheetSpec.title;
  const sheet = workbook.addWorksheet(sheetSpec.sheetName, {
    views: [{ state: 'frozen', xSplit: sheetSpec.frozenColumns, ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = sheetSpec.widths.map((width, i) => ({
    width,
    style: sheetSpec.amountColumns.includes(i)
      ? { numFmt: '#,##0' }
      : sheetSpec.wrapColumns?.includes(i)
        ? { alignment: { wrapText: true, vertical: 'top' } }
        : {},
  }));
  const header = sheet.addRow([...sheetSpec.headers]);
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  header.commit();
  for (const row of sheetSpec.rows) sheet.addRow([...row]).commit();
  sheet.commit();
  await workbook.commit();
}
