/**
 * 評価シート of one reform item for one fiscal year, as cities publish it (平塚市 事業評価シート,
 * 八千代市 事務事業評価表): a print-ready A4 HTML page (the browser's print makes the PDF a city
 * posts) and one styled Excel sheet a clerk can still edit. Both draw the same blocks
 * (evaluation-sheet-model.ts) in one language, Japanese by default.
 *
 * The HTML is self-contained (inline CSS, no script, no external resource) so it can be served with
 * `default-src 'none'`; every text is escaped. Its rows carry data-field / data-indicator /
 * data-year attributes so a test (or a city's own tooling) can read the figures back.
 */
import type { EvaluationSheetData } from '@pdca/persistence/repositories/evaluation-sheet.types';
import ExcelJS from 'exceljs';
import {
  type EvaluationSheetOptions,
  evaluationSheetModel,
  type FieldBlock,
  type GridBlock,
  type IndicatorBlock,
  type SheetLang,
  type SheetModel,
  type SheetValue,
  valueText,
} from './evaluation-sheet-model';

export { type EvaluationSheetOptions, evaluationSheetModel, type SheetLang } from './evaluation-sheet-model';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in an HTML element or a quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const CSS = `
@page { size: A4; margin: 15mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", "Noto Sans JP", sans-serif;
  font-size: 10pt; color: #000; margin: 0 auto; max-width: 186mm; line-height: 1.45; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 2mm; }
.sub { text-align: center; margin: 0 0 4mm; }
.sub p { margin: 0; }
section { margin: 0 0 4mm; break-inside: avoid; page-break-inside: avoid; }
section.long { break-inside: auto; page-break-inside: auto; }
h2 { font-size: 11pt; margin: 0; padding: 1mm 2mm; background: #d9e1f2; border: 1px solid #000;
  border-bottom: none; break-after: avoid; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 2mm; }
th, td { border: 1px solid #000; padding: 1mm 1.5mm; vertical-align: top; text-align: left;
  white-space: pre-wrap; overflow-wrap: anywhere; }
th { background: #f2f2f2; font-weight: normal; }
th:first-child { width: 38mm; }
table.facts th { width: auto; }
td.num { text-align: right; }
h3 { font-size: 10pt; margin: 2mm 0 1mm; break-after: avoid; page-break-after: avoid; }
.indicator { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
@media screen { body { padding: 8mm; } }
`;

function cell(value: SheetValue, lang: SheetLang, attributes = ''): string {
  const numeric = value !== null && !('text' in value);
  return `<td${numeric ? ' class="num"' : ''}${attributes}>${escapeHtml(valueText(value, lang))}</td>`;
}

function fieldsHtml(block: FieldBlock, lang: SheetLang): string {
  const rows = block.fields.map(
    (f) => `<tr data-field="${escapeHtml(f.key)}"><th>${escapeHtml(f.label)}</th>${cell(f.value, lang)}</tr>`,
  );
  const long = block.fields.length > 6 ? ' class="long"' : '';
  return `<section data-block="${block.key}"${long}><h2>${escapeHtml(block.heading)}</h2>
<table>${rows.join('\n') || `<tr><td>—</td></tr>`}</table></section>`;
}

/** A table with a header row (`corner`, then each column) and one row per figure; cells keyed by column. */
function gridHtml(grid: Omit<GridBlock, 'kind' | 'key' | 'heading'>, lang: SheetLang): string {
  const head = grid.columns
    .map((c) => `<th data-col="${escapeHtml(c.key)}">${escapeHtml(c.label)}</th>`)
    .join('');
  const rows = grid.rows
    .map(
      (row) =>
        `<tr data-row="${escapeHtml(row.key)}"><th>${escapeHtml(row.label)}</th>${row.values
          .map((v, i) => cell(v, lang, ` data-col="${escapeHtml(grid.columns[i]!.key)}"`))
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>${escapeHtml(grid.corner)}</th>${head}</tr></thead>
<tbody>${rows}</tbody></table>`;
}

/** The figures of an indicator: one column per fiscal year of the plan. */
function yearGrid(block: IndicatorBlock, rows: IndicatorBlock['indicators'][number]['rows']) {
  return {
    corner: block.yearHeading,
    columns: block.years.map((y) => ({ key: String(y.fiscalYear), label: y.label })),
    rows,
  };
}

function indicatorsHtml(block: IndicatorBlock, lang: SheetLang): string {
  const tables = block.indicators.map((indicator, index) => {
    // The facts side by side (their labels above), then the figures with one column per year.
    const factHeads = indicator.facts.map((f) => `<th>${escapeHtml(f.label)}</th>`).join('');
    const factCells = indicator.facts.map((f) => cell(f.value, lang, ` data-fact="${f.key}"`)).join('');
    return `<div class="indicator" data-indicator="${index}"><h3>${escapeHtml(indicator.name)}</h3>
<table class="facts"><tr>${factHeads}</tr><tr>${factCells}</tr></table>
${gridHtml(yearGrid(block, indicator.rows), lang)}</div>`;
  });
  return `<section data-block="indicators" class="long"><h2>${escapeHtml(block.heading)}</h2>
${tables.join('\n') || `<table><tr><td>${escapeHtml(block.none)}</td></tr></table>`}</section>`;
}

/** The sheet as one self-contained, print-ready A4 HTML page. */
export function evaluationSheetHtml(data: EvaluationSheetData, options: EvaluationSheetOptions): string {
  return modelHtml(evaluationSheetModel(data, options));
}

function modelHtml(model: SheetModel): string {
  const body = model.blocks.map((b) => {
    if (b.kind === 'fields') return fieldsHtml(b, model.lang);
    if (b.kind === 'indicators') return indicatorsHtml(b, model.lang);
    return `<section data-block="${b.key}"><h2>${escapeHtml(b.heading)}</h2>\n${gridHtml(b, model.lang)}</section>`;
  });
  return `<!DOCTYPE html>
<html lang="${model.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1 data-field="sheetTitle">${escapeHtml(model.title)}</h1>
<div class="sub">${model.subtitle.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</div>
${body.join('\n')}
</body>
</html>
`;
}

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
  const lang = model.lang;
  const indicatorBlock = model.blocks.find((b): b is IndicatorBlock => b.kind === 'indicators');
  // A label column, then as many value columns as the plan has years (at least four, for width).
  const valueColumns = Math.max(4, indicatorBlock?.years.length ?? 0);
  const last = valueColumns + 1;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(lang === 'ja' ? '評価シート' : 'Evaluation sheet', {
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
  sheet.columns = [
    { width: 24 },
    ...Array.from({ length: valueColumns }, () => ({ width: 72 / valueColumns })),
  ];

  const full = (text: string, style: (row: ExcelJS.Row) => void) => {
    const row = sheet.addRow([text]);
    sheet.mergeCells(row.number, 1, row.number, last);
    style(row);
    return row;
  };
  full(model.title, (row) => {
    row.font = { bold: true, size: 14 };
    row.alignment = { horizontal: 'center' };
    row.height = 24;
  });
  for (const line of model.subtitle) full(line, (row) => (row.alignment = { horizontal: 'center' }));

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
  const field = (label: string, value: SheetValue) => {
    const row = sheet.addRow([]);
    labelCell(row, label);
    setValue(row.getCell(2), value, lang);
    sheet.mergeCells(row.number, 2, row.number, last);
    row.getCell(2).border = BORDER;
    row.getCell(2).alignment = { vertical: 'top', wrapText: true };
    const lines = value && 'text' in value ? value.text.split('\n').length : 1;
    if (lines > 1) row.height = 15 * lines;
  };

  const grid = (g: Omit<GridBlock, 'kind' | 'key' | 'heading'>) => {
    const head = sheet.addRow([g.corner, ...g.columns.map((c) => c.label)]);
    head.eachCell((c) => {
      c.fill = LABEL_FILL;
      c.border = BORDER;
      c.alignment = { horizontal: 'center', wrapText: true };
    });
    for (const figures of g.rows) {
      const row = sheet.addRow([]);
      labelCell(row, figures.label);
      figures.values.forEach((v, i) => {
        const c = row.getCell(i + 2);
        setValue(c, v, lang);
        c.border = BORDER;
        c.alignment = { wrapText: true };
      });
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
