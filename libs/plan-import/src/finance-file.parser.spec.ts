import ExcelJS from 'exceljs';
import { parseFinanceFile } from './finance-file.parser';

const LIMITS = { maxBytes: 1024 * 1024, maxRows: 100 };
const csv = (text: string) => new TextEncoder().encode(text);

describe('parseFinanceFile', () => {
  it('reads 事業コード, amounts in 千円 and yen, and the reason', () => {
    const result = parseFinanceFile(
      csv(
        '事業コード,査定額（千円）,当初予算額,備考\r\n１－１,"11,500","11,000,000",精査\r\n1-2,,900円,\r\n',
      ),
      { ...LIMITS, fileName: 'zaisei.csv' },
    );
    expect(result).toEqual({
      ok: true,
      format: 'csv',
      rows: [
        { row: 2, code: '1-1', assessed: 11_500_000, adopted: 11_000_000, reason: '精査' },
        { row: 3, code: '1-2', adopted: 900 },
      ],
    });
  });

  it('refuses the whole file for one bad row, naming its row and column', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `A-${i},${i === 17 ? '▲500' : 1000},`);
    const result = parseFinanceFile(csv(['項目コード,査定額,当初予算額', ...rows].join('\n')), LIMITS);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.objectContaining({ rule: 'amount_invalid', row: 19, column: '査定額', value: '▲500' }),
    ]);
    expect(result.problems[0]!.message.ja).toContain('19行目');
  });

  it('names fractional amounts, duplicate codes, rows without an amount and missing columns', () => {
    const bad = parseFinanceFile(csv('項目コード,当初予算額\n1-1,100.5\n1-1,100\n1-2,\n'), LIMITS);
    expect(bad.ok ? [] : bad.problems.map((p) => [p.row, p.rule])).toEqual([
      [2, 'amount_invalid'],
      [3, 'duplicate_code'],
      [4, 'required'],
    ]);
    const noAmount = parseFinanceFile(csv('項目コード,理由\n1-1,x\n'), LIMITS);
    expect(noAmount.ok ? [] : noAmount.problems.map((p) => p.rule)).toEqual(['column_missing']);
  });

  it('applies the importer’s limits: too many rows, an empty file', () => {
    const many = ['項目コード,査定額', ...Array.from({ length: 101 }, (_, i) => `C-${i},1`)].join('\n');
    const tooMany = parseFinanceFile(csv(many), LIMITS);
    expect(tooMany).toMatchObject({ ok: false, tooLarge: true });
    expect(parseFinanceFile(new Uint8Array(), LIMITS)).toMatchObject({ ok: false });
  });

  it('reads the API’s JSON rows keyed by the same headings', () => {
    const json = JSON.stringify({ rows: [{ 項目コード: '2-1', 当初予算額: 700000, 理由: '議決' }] });
    expect(parseFinanceFile(csv(json), { ...LIMITS, format: 'json' })).toEqual({
      ok: true,
      format: 'json',
      rows: [{ row: 1, code: '2-1', adopted: 700_000, reason: '議決' }],
    });
  });

  it('reads an Excel workbook the same way', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('査定');
    sheet.addRow(['項目コード', '査定額', '当初予算額', '理由']);
    sheet.addRow(['3-1', 5_000_000, 4_800_000, '議決']);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    expect(parseFinanceFile(bytes, { ...LIMITS, fileName: 'zaisei.xlsx' })).toEqual({
      ok: true,
      format: 'xlsx',
      rows: [{ row: 2, code: '3-1', assessed: 5_000_000, adopted: 4_800_000, reason: '議決' }],
    });
  });
});
