import * as XLSX from '@e965/xlsx';

export interface LargePlanOptions {
  rows?: number;
  summaryLength?: number;
  /** What pads each 取組の概要 out to summaryLength. */
  summaryFill?: string;
  /** The last row's budget is not a number: the whole file is read and validated, then refused. */
  brokenLastRow?: boolean;
}

/**
 * A plan workbook near the import limits: 5000 data rows (IMPORT_MAX_ROWS), 5 goals, 20 themes, an
 * indicator per item and a 2000-character 取組の概要 each; about 6 MiB, 30 MiB inflated. Reading it
 * takes parsePlanFile 1–4 s of CPU (more on a loaded machine) and under 64 MB of heap.
 */
export function largePlanWorkbook({
  rows = 5000,
  summaryLength = 2000,
  summaryFill = '行政サービスの向上を図ります。',
  brokenLastRow = false,
}: LargePlanOptions = {}): Buffer {
  const header = ['番号', '目標', '改革テーマ', '実施計画事業', '取組の概要', '所管WG', '指標', '単位'];
  const table: unknown[][] = [[...header, '現状値', '目標値(2027年度)', '方向', '予算額(千円)']];
  for (let r = 1; r <= rows; r++) {
    const goal = 1 + (r % 5);
    const theme = 1 + (r % 20);
    table.push([
      `${goal}-${r}`,
      `目標${goal} 目標の名前${goal}`,
      `改革テーマ${theme} テーマ${theme}`,
      `事業${r}`,
      `取組${r}の概要。`.padEnd(summaryLength, summaryFill),
      `WG${r % 10}`,
      `指標${r}`,
      '件',
      10,
      60,
      '高いほど良い',
      brokenLastRow && r === rows ? '未定' : 12000,
    ]);
  }
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(table), '改革項目');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true });
}
