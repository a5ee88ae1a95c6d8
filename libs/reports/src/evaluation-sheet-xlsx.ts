/**
 * The 評価シート as one styled Excel worksheet a clerk can still edit (evaluation-sheet.ts draws the
 * same model as HTML). Excel does not fit a row's height to a merged cell's text, so each row's
 * height is worked out here from its texts and the width they wrap in; the footer numbers the pages
 * and names the item, as the printed HTML's running head does.
 */
import type { EvaluationSheetData } from '@pdca/persistence/repositories/evaluation-sheet.types';
import ExcelJS from 'exceljs';
import {
  EMPTY,
  type EvaluationSheetOptions,
  evaluationSheetModel,
  type GridBlock,
  type IndicatorBlock,
  type SheetLang,
  type SheetModel,
  type SheetValue,
  valueText,
  yearGrid,
} from './evaluation-sheet-model';

/** Points per wrapped line at the sheet's 11 pt (room for a Japanese font's taller line). */
const LINE_HEIGHT = 17;

/**
 * How many lines `text` takes in a cell `width` characters wide (Excel's column width unit, about
 * one half-width character): a full-width character counts two, and each paragraph starts a line.
 */
export function wrappedLines(text: string, width: number): number {
  // A little margin: Excel's cell padding and proportional fonts.
  const room = Math.max(1, width - 1.5);
  return text.split('\n').reduce((lines, paragraph) => {
    let units = 0;
    for (const c of paragraph) units += c.codePointAt(0)! <= 0xff || /[\uff61-\uff9f]/.test(c) ? 1 : 2;
    return lines + Math.max(1, Math.ceil(units / room));
  }, 0);
}

/** Sets a row's height to fit the tallest of its texts, each with the width it wraps in. */
function fitHeight(row: ExcelJS.Row, cells: ReadonlyArray<{ text: string; width: number }>): void {
  const lines = Math.max(1, ...cells.map((c) => wrappedLines(c.text, c.width)));
  if (lines > 1) row.height = LINE_HEIGHT * lines;
}

/** A footer text with Excel's `&` codes escaped. */
const footerText = (text: string) => text.replace(/&/g, '&&');

const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const LABEL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const HEADING_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

/** Yen shown in 千円 (the cell keeps yen, so sums stay exact), as the 進捗管理表 does. */
function yenFormat(lang: SheetLang): string {
  return lang === 'ja' ? '#,##0,"千円";[Red]-#,##0,"千円"' : '#,##0," k yen";[Red]-#,##0," k yen"';
}

function setValue(target: ExcelJS.Cell, value: SheetValue, lang: SheetLang): void {
  if (value === null) return;
  if ('text' in value) target.value = value.text;
  else if ('yen' in value) {
    target.value = value.yen;
    target.numFmt = yenFormat(lang);
  } else if ('percent' in value) {
    target.value = value.percent;
    target.numFmt = '0.0"%"';
  } else target.value = value.number;
}

/** The sheet as one styled worksheet: merged title, bordered label/value blocks, the year table. */
export async function evaluationSheetXlsx(
  data: EvaluationSheetData,
  options: EvaluationSheetOptions,
): Promise<Buffer> {
  const model = evaluationSheetModel(data, options);
  return sheetModelXlsx(model, model.lang === 'ja' ? '評価シート' : 'Evaluation sheet');
}

/** Any sheet model as one styled worksheet named `sheetName` (the 施策評価シート's too). */
export async function sheetModelXlsx(model: SheetModel, sheetName: string): Promise<Buffer> {
  const lang = model.lang;
  const indicatorBlock = model.blocks.find((b): b is IndicatorBlock => b.kind === 'indicators');
  // A label column, then as many value columns as the plan has years or a table has columns (at least four, for width).
  const gridColumns = model.blocks.map((b) => (b.kind === 'grid' ? b.columns.length : 0));
  const valueColumns = Math.max(4, indicatorBlock?.years.length ?? 0, ...gridColumns);
  const last = valueColumns + 1;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName, {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  });
  const labelWidth = 24;
  const valueWidth = 72 / valueColumns;
  sheet.columns = [
    { width: labelWidth },
    ...Array.from({ length: valueColumns }, () => ({ width: valueWidth })),
  ];
  const fullWidth = labelWidth + 72;
  // Every printed page: the item on the left, 「3 / 5」 on the right.
  sheet.headerFooter.oddFooter = `&L${footerText(model.runningHead.slice(0, 80))}&R&P / &N`;

  const full = (text: string, style: (row: ExcelJS.Row) => void) => {
    const row = sheet.addRow([text]);
    sheet.mergeCells(row.number, 1, row.number, last);
    row.getCell(1).alignment = { wrapText: true };
    fitHeight(row, [{ text, width: fullWidth }]);
    style(row);
    return row;
  };
  full(model.title, (row) => {
    row.font = { bold: true, size: 14 };
    row.alignment = { horizontal: 'center' };
    row.height = 24;
  });
  for (const line of model.subtitle) {
    full(line, (row) => (row.alignment = { horizontal: 'center', wrapText: true }));
  }

  const heading = (text: string) =>
    full(text, (row) => {
      row.font = { bold: true };
      row.getCell(1).fill = HEADING_FILL;
      row.getCell(1).border = BORDER;
    });
  const labelCell = (row: ExcelJS.Row, text: string) => {
    const c = row.getCell(1);
    c.value = text;
    c.fill = LABEL_FILL;
    c.border = BORDER;
    c.alignment = { vertical: 'top', wrapText: true };
  };
  /** A label and its value merged across the value columns; nothing to say prints 「—」. */
  const field = (label: string, value: SheetValue) => {
    const row = sheet.addRow([]);
    labelCell(row, label);
    setValue(row.getCell(2), value ?? { text: EMPTY }, lang);
    sheet.mergeCells(row.number, 2, row.number, last);
    row.getCell(2).border = BORDER;
    row.getCell(2).alignment = { vertical: 'top', wrapText: true };
    fitHeight(row, [
      { text: label, width: labelWidth },
      { text: valueText(value, lang), width: fullWidth - labelWidth },
    ]);
  };

  const grid = (g: Omit<GridBlock, 'kind' | 'key' | 'heading'>) => {
    const head = sheet.addRow([g.corner, ...g.columns.map((c) => c.label)]);
    head.eachCell((c) => {
      c.fill = LABEL_FILL;
      c.border = BORDER;
      c.alignment = { horizontal: 'center', wrapText: true };
    });
    const width = (i: number) => (i === 0 ? labelWidth : valueWidth);
    fitHeight(
      head,
      [g.corner, ...g.columns.map((c) => c.label)].map((text, i) => ({ text, width: width(i) })),
    );
    if (g.rows.length === 0 && g.empty) {
      // One cell across the table's columns, not squeezed into the labels' column.
      const row = sheet.addRow([g.empty]);
      sheet.mergeCells(row.number, 1, row.number, g.columns.length + 1);
      row.getCell(1).border = BORDER;
      row.getCell(1).alignment = { wrapText: true };
    }
    for (const figures of g.rows) {
      const row = sheet.addRow([]);
      labelCell(row, figures.label);
      figures.values.forEach((v, i) => {
        const c = row.getCell(i + 2);
        setValue(c, v, lang);
        c.border = BORDER;
        c.alignment = { wrapText: true };
      });
      fitHeight(row, [
        { text: figures.label, width: labelWidth },
        ...figures.values.map((v) => ({ text: valueText(v, lang), width: valueWidth })),
      ]);
    }
  };

  for (const block of model.blocks) {
    sheet.addRow([]);
    heading(block.heading);
    if (block.kind === 'grid') {
      grid(block);
      continue;
    }
    if (block.kind === 'fields') {
      for (const f of block.fields) field(f.label, f.value);
      continue;
    }
    if (block.indicators.length === 0) field('', { text: block.none });
    for (const indicator of block.indicators) {
      full(indicator.name, (row) => (row.font = { bold: true }));
      for (const f of indicator.facts) field(f.label, f.value);
      grid(yearGrid(block, indicator.rows));
    }
  }
  sheet.pageSetup.printArea = `A1:${sheet.getColumn(last).letter}${sheet.rowCount}`;
  return Buffer.from(await book.xlsx.writeBuffer());
}
