import { buildZip, zipBombs } from '../../../test/support/zip-bombs';
import { readDelimitedText, readJson } from './table-readers';
import { readWorkbook } from './workbook-reader';
import { inspectXlsxZip, XLSX_LIMITS } from './zip-guard';

describe('inspectXlsxZip (xlsx bounds checked while inflating)', () => {
  const bombs = zipBombs();

  it.each([
    ['sharedStrings', 'inflatedBytes'],
    ['manyCells', 'cells'],
    ['manyEntries', 'inflatedBytes'],
    ['overlapping', 'inflatedBytes'],
  ])('refuses the %s bomb (%s) before SheetJS sees it', (shape, limit) => {
    const bomb = bombs[shape];
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const sut = inspectXlsxZip(bomb);
    expect(sut).toMatchObject({ ok: false, reason: limit });
    const read = readWorkbook(bomb, 5000);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.tooLarge?.limit).toBe(limit);
      expect(read.problems[0].message.ja).toMatch(/上限/);
      expect(read.problems[0].message.en).toMatch(/more than/);
    }
  });

  it('lets an ordinary workbook through and counts what it inflated', () => {
    const sheet = Buffer.from(
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>',
    );
    const sut = inspectXlsxZip(buildZip([{ name: 'xl/worksheets/sheet1.xml', data: sheet }]));
    expect(sut).toEqual({ ok: true, inflatedBytes: sheet.length, cells: 1 });
  });

  it('calls a broken archive corrupt', () => {
    expect(inspectXlsxZip(Buffer.from('PK\u0003\u0004 nothing else'))).toMatchObject({
      ok: false,
      reason: 'corrupt',
    });
    expect(XLSX_LIMITS.inflatedBytes).toBe(32 * 1024 * 1024);
  });
});

describe('column limits of text formats', () => {
  it('refuses a 100,000-column CSV header with one 413-style problem naming the row', () => {
    const header = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',');
    const sut = readDelimitedText(`# plan: x\n${header}\n1,2\n`, 'csv');
    expect(sut).toMatchObject({ ok: false, tooLarge: { limit: 'columns', max: 256, actual: 100_000 } });
    if (!sut.ok) expect(sut.problems[0]).toMatchObject({ rule: 'too_many_columns', row: 2 });
  });

  it('refuses JSON rows with more distinct keys than columns allowed', () => {
    const row = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i]));
    expect(readJson(JSON.stringify([row]))).toMatchObject({ ok: false, tooLarge: { limit: 'columns' } });
  });
});
