/**
 * Reading a 評価シート back for the tests: the HTML by the data- attributes its rows carry (no HTML
 * parser: the renderer writes one row per line, every text escaped), the xlsx by its merged
 * headings and label column.
 */
import type ExcelJS from 'exceljs';

const ENTITIES: Readonly<Record<string, string>> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&amp;': '&',
};
/** A cell's text: its markup (the year labels' unbreakable spans) dropped, entities read. */
const htmlText = (text: string) =>
  text.replace(/<[^>]*>/g, '').replace(/&(lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e]!);

/** Every `<tr data-field>` row: its label and its value as printed. */
export function htmlFields(html: string): Map<string, { label: string; value: string }> {
  const rows = html.matchAll(/<tr data-field="([^"]+)"><th>([^<]*)<\/th><td[^>]*>([^<]*)<\/td><\/tr>/g);
  return new Map([...rows].map((m) => [m[1]!, { label: htmlText(m[2]!), value: htmlText(m[3]!) }]));
}

/** The n-th indicator table: its facts by key, its years, and each figure row's cells by year. */
export function htmlIndicator(html: string, index: number) {
  const table =
    new RegExp(
      `<div class="indicator" data-indicator="${index}">([\\s\\S]*?)(?=<div class="indicator"|</section>)`,
    ).exec(html)?.[1] ?? '';
  const facts = Object.fromEntries(
    [...table.matchAll(/<td[^>]*data-fact="([^"]+)">([^<]*)<\/td>/g)].map((m) => [m[1]!, htmlText(m[2]!)]),
  );
  const { columns, labels, rows } = htmlGrid(table);
  return {
    facts,
    years: columns.map(Number),
    yearLabels: labels,
    rows: Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, r.values])),
  };
}

/** A grid table (the first in `html`): its column keys, and per row key its label and cells. */
export function htmlGrid(html: string) {
  const columns = [...html.matchAll(/<th data-col="([^"]+)">/g)].map((m) => m[1]!);
  const labels = [...html.matchAll(/<th data-col="[^"]+">([\s\S]*?)<\/th>/g)].map((m) => htmlText(m[1]!));
  const rows = Object.fromEntries(
    [...html.matchAll(/<tr data-row="([^"]+)"><th>([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => [
      m[1]!,
      {
        label: htmlText(m[2]!),
        values: [...m[3]!.matchAll(/<td[^>]*data-col="[^"]+">([^<]*)<\/td>/g)].map((c) => htmlText(c[1]!)),
      },
    ]),
  );
  return { columns, labels, rows };
}

/** The section of a block (`data-block`), e.g. the 効果額 grid. */
export function htmlBlock(html: string, key: string): string {
  return new RegExp(`<section data-block="${key}"[^>]*>([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
}

/**
 * The sheet's rows by block: a block starts at a heading (a row merged across the sheet whose text
 * is one of `headings`); in 指標, each indicator's name row starts `指標:<name>`. Per block, each
 * row's label (column A) with the values of its own cells (merged cells once).
 */
export function xlsxBlocks(
  sheet: ExcelJS.Worksheet,
  headings: readonly string[] = HEADINGS,
): Map<string, Map<string, ExcelJS.CellValue[]>> {
  const blocks = new Map<string, Map<string, ExcelJS.CellValue[]>>();
  let current = '';
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells = Array.from({ length: sheet.columnCount }, (_, c) => row.getCell(c + 1));
    const label = cells[0]!.value;
    if (label === null || label === undefined) continue;
    const own = cells.slice(1).filter((c) => c.master.address === c.address);
    if (own.length === 0) {
      const text = String(label);
      if (headings.includes(text)) current = text;
      else if (current.startsWith('指標')) current = `指標:${text}`;
      else continue;
      blocks.set(current, new Map());
      continue;
    }
    blocks.get(current)?.set(
      String(label),
      own.map((c) => c.value),
    );
  }
  return blocks;
}

const HEADINGS = [
  '基本情報',
  '計画上の位置付け',
  '目的・対象・概要',
  '指標',
  '主な取組と成果',
  '進捗評価',
  '評価',
  '課題',
  '今後の方向性',
  '効果額',
  '本部のコメント',
];
