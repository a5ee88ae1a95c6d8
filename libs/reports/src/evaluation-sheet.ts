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
import {
  EMPTY,
  type EvaluationSheetOptions,
  evaluationSheetModel,
  type FieldBlock,
  type GridBlock,
  type IndicatorBlock,
  type SheetLang,
  type SheetModel,
  type SheetValue,
  valueText,
  yearGrid,
} from './evaluation-sheet-model';

export { type EvaluationSheetOptions, evaluationSheetModel, type SheetLang } from './evaluation-sheet-model';
export { evaluationSheetXlsx } from './evaluation-sheet-xlsx';

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
/* The page number in the bottom margin (Chromium 131+; other browsers print without it). */
@page { size: A4; margin: 15mm 12mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #444; } }
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
section[data-block="indicators"] > h2 { border-bottom: 1px solid #000; margin-bottom: 2mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 2mm; }
th, td { border: 1px solid #000; padding: 1mm 1.5mm; vertical-align: top; text-align: left;
  white-space: pre-wrap; overflow-wrap: anywhere; }
th { background: #f2f2f2; font-weight: normal; }
th:first-child { width: 38mm; }
table.facts th { width: auto; }
td.num { text-align: right; }
/* The indicator's name heads its own box, closed on every side, right above its facts. */
h3 { font-size: 10pt; margin: 0; padding: 1mm 1.5mm; border: 1px solid #000; border-bottom: none;
  background: #f2f2f2; break-after: avoid; page-break-after: avoid; }
.indicator table.facts { margin: 0; }
/* A fiscal year's two names each stay whole, one above the other when the column is narrow. */
.fy { white-space: nowrap; }
table.many { font-size: 8pt; }
th[data-col] { text-align: center; }
/* Wide tables scroll sideways in their own box on a phone instead of squeezing their columns. */
.scroll { overflow-x: auto; }
/* The page frame: its header row repeats on every printed page, in any browser's print. */
table.page { border: 0; margin: 0; }
table.page > thead > tr > td, table.page > tbody > tr > td { border: 0; padding: 0; white-space: normal; }
/* The frame's one body row holds the whole sheet: it must break across pages. */
table.page > tbody > tr { break-inside: auto; page-break-inside: auto; }
.running { display: flex; justify-content: space-between; font-size: 8pt; color: #444;
  border-bottom: 0.5pt solid #888; margin: 0 0 3mm; padding: 0 0 0.5mm; }
.indicator { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
@media screen {
  body { padding: 8mm; }
  table.page > thead { display: none; }
  .scroll > table { min-width: 150mm; }
  /* Columns as wide as their content needs (a year's name whole, a figure on one line), then scroll. */
  .scroll > table.grid { table-layout: auto; width: auto; min-width: 100%; }
  td.num { white-space: nowrap; overflow-wrap: normal; }
  .scroll > table.grid th { overflow-wrap: normal; word-break: keep-all; }
}
@media screen and (max-width: 600px) { body { padding: 3mm; } th:first-child { width: 28mm; } }
`;

function cell(value: SheetValue, lang: SheetLang, attributes = ''): string {
  const numeric = value !== null && !('text' in value);
  return `<td${numeric ? ' class="num"' : ''}${attributes}>${escapeHtml(valueText(value, lang))}</td>`;
}

/** A label/value row; an empty value prints 「—」 so nobody takes it for a forgotten cell. */
function fieldsHtml(block: FieldBlock, lang: SheetLang): string {
  const rows = block.fields.map(
    (f) =>
      `<tr data-field="${escapeHtml(f.key)}"><th>${escapeHtml(f.label)}</th>${cell(f.value ?? { text: EMPTY }, lang)}</tr>`,
  );
  const long = block.fields.length > 6 ? ' class="long"' : '';
  return `<section data-block="${block.key}"${long}><h2>${escapeHtml(block.heading)}</h2>
<table>${rows.join('\n') || `<tr><td>—</td></tr>`}</table></section>`;
}

/**
 * A label holding fiscal years, each name kept whole: `令和6年度（2024年度）` breaks only before its
 * `（`, `FY2024 (Reiwa 6)` only before its `(`; the other text stays as it is.
 */
function yearLabelHtml(label: string): string {
  return escapeHtml(label).replace(
    /((?:令和|平成)(?:元|\d+)年度)(（\d{4}年度）)|(FY\d{4}) (\(\w+ \d+\))/g,
    (_, era, western, fy, reign) =>
      era
        ? `<span class="fy">${era}</span><wbr><span class="fy">${western}</span>`
        : `<span class="fy">${fy}</span> <span class="fy">${reign}</span>`,
  );
}

const MANY_COLUMNS = 5;

/** A table with a header row (`corner`, then each column) and one row per figure; cells keyed by column. */
function gridHtml(grid: Omit<GridBlock, 'kind' | 'key' | 'heading'>, lang: SheetLang): string {
  const head = grid.columns
    .map((c) => `<th data-col="${escapeHtml(c.key)}">${yearLabelHtml(c.label)}</th>`)
    .join('');
  const rows = grid.rows
    .map(
      (row) =>
        `<tr data-row="${escapeHtml(row.key)}"><th>${yearLabelHtml(row.label)}</th>${row.values
          .map((v, i) => cell(v, lang, ` data-col="${escapeHtml(grid.columns[i]!.key)}"`))
          .join('')}</tr>`,
    )
    .join('\n');
  const none =
    grid.rows.length === 0 && grid.empty
      ? `<tr data-row="none"><td colspan="${grid.columns.length + 1}">${escapeHtml(grid.empty)}</td></tr>`
      : '';
  // More than five years: smaller type, so that each year's name still fits its A4 column whole.
  const many = grid.columns.length > MANY_COLUMNS ? ' many' : '';
  return `<div class="scroll"><table class="grid${many}"><thead><tr><th>${escapeHtml(grid.corner)}</th>${head}</tr></thead>
<tbody>${rows || none}</tbody></table></div>`;
}

function indicatorsHtml(block: IndicatorBlock, lang: SheetLang): string {
  const tables = block.indicators.map((indicator, index) => {
    // The facts side by side (their labels above), then the figures with one column per year.
    const factHeads = indicator.facts.map((f) => `<th>${escapeHtml(f.label)}</th>`).join('');
    const factCells = indicator.facts.map((f) => cell(f.value, lang, ` data-fact="${f.key}"`)).join('');
    return `<div class="indicator" data-indicator="${index}"><h3>${escapeHtml(indicator.name)}</h3>
<div class="scroll"><table class="facts"><tr>${factHeads}</tr><tr>${factCells}</tr></table></div>
${gridHtml(yearGrid(block, indicator.rows), lang)}</div>`;
  });
  return `<section data-block="indicators" class="long"><h2>${escapeHtml(block.heading)}</h2>
${tables.join('\n') || `<table><tr><td>${escapeHtml(block.none)}</td></tr></table>`}</section>`;
}

/** The sheet as one self-contained, print-ready A4 HTML page. */
export function evaluationSheetHtml(data: EvaluationSheetData, options: EvaluationSheetOptions): string {
  return sheetModelHtml(evaluationSheetModel(data, options));
}

/** Any sheet model as the print page (the 施策評価シート draws its own model through it too). */
export function sheetModelHtml(model: SheetModel): string {
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
<table class="page"><thead><tr><td><div class="running" data-field="runningHead"><span>${escapeHtml(model.runningHead)}</span><span>${escapeHtml(model.title)}</span></div></td></tr></thead>
<tbody><tr><td>
<h1 data-field="sheetTitle">${escapeHtml(model.title)}</h1>
<div class="sub">${model.subtitle.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</div>
${body.join('\n')}
</td></tr></tbody></table>
</body>
</html>
`;
}
