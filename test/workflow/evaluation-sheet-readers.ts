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
const htmlText = (text: string) => text.replace(/&(lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e]!);

/** Every `<tr data-field>` row: its label and its value as printed. */
export function htmlFields(html: string): Map<string, { label: string; value: string }> {
  const rows = html.matchAll(/<tr data-field="([^"]+)"><th>([^<]*)<\/th><td[^>]*>([^<]*)<\/td><\/tr>/g);
  return new Map([...rows].map((m) => [m[1]!, { label: htmlText(m[2]!), value: htmlText(m[3]!) }]));
}

/** The n-th indicator table: its facts by key, its years, and each figure row's cells by year. */
export function htmlIndicator(html: string, index: number) {
  const table = new RegExp(`<table data-indicator="${index}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  const facts = Object.fromEntries(
    [...table.matchAll(/<tr data-fact="([^"]+)"><th>[^<]*<\/th><td[^>]*>([^<]*)<\/td><\/tr>/g)].map((m) => [
      m[1]!,
      htmlText(m[2]!),
    ]),
  );
  const years = [...table.matchAll(/<th data-year="(\d+)">/g)].map((m) => Number(m[1]));
  const rows = Object.fromEntries(
    [...table.matchAll(/<tr data-row="([^"]+)">([\s\S]*?)<\/tr>/g)].map((m) => [
      m[1]!,
      [...m[2]!.matchAll(/<td[^>]*data-year="\d+">([^<]*)<\/td>/g)].map((c) => htmlText(c[1]!)),
    ]),
  );
  return { facts, years, rows };
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
  '進捗状況',
  '評価',
  '課題',
  '今後の方向性',
  '効果額',
  '本部のコメント',
];
