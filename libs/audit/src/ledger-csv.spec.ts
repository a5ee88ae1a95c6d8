import { CSV_BOM, csvLine, excelSafe, jstDateTime, LEDGER_CSV_COLUMNS, ledgerCsvHeader } from './ledger-csv';

describe('CSV for Excel', () => {
  it('quotes every field, doubles quotes, keeps line breaks inside the cell and ends with CRLF', () => {
    expect(csvLine(['a', 'say "はい"', 'two\nlines', 3, null])).toBe(
      '"a","say ""はい""","two\nlines","3",""\r\n',
    );
  });

  it('never lets a cell become a formula', () => {
    expect(excelSafe('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(excelSafe('+1')).toBe("'+1");
    expect(excelSafe('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(excelSafe('了承')).toBe('了承');
  });

  it('starts with the BOM and headings in one language: Japanese by default', () => {
    const sut = ledgerCsvHeader();
    expect(sut.startsWith(CSV_BOM)).toBe(true);
    expect(sut).toContain('"連番","日時（日本時間）"');
    expect(sut.endsWith('"ハッシュ（SHA-256）"\r\n')).toBe(true);
    expect(sut).not.toContain('seq');
    expect(sut.split('","')).toHaveLength(LEDGER_CSV_COLUMNS.length);
  });

  it('heads the columns with the field names in English', () => {
    const sut = ledgerCsvHeader('en');
    expect(sut.startsWith(`${CSV_BOM}"seq","time_jst","occurred_at",`)).toBe(true);
    expect(sut.endsWith('"hash"\r\n')).toBe(true);
    expect(sut).not.toMatch(/[\u3000-\u9fff\uff00-\uffef]/);
  });

  it('writes Japan time', () => {
    expect(jstDateTime('2025-03-31T15:00:00.000Z')).toBe('2025-04-01 00:00:00');
  });
});
