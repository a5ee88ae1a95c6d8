import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { parsePlanFile } from './plan-file.parser';
import { httpStatusOf, PlanImportError, unwrapPlanImport } from './plan-import.error';
import type {
  ParsePlanFileOptions,
  PlanImportFailure,
  PlanImportResult,
  PlanImportSuccess,
} from './plan-import.types';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');
const HIRATSUKA_TEXT = readFileSync(join(SAMPLES, 'hiratsuka-2024-2027.tsv'), 'utf8');

function parseText(text: string, options: ParsePlanFileOptions = {}): PlanImportResult {
  return parsePlanFile(Buffer.from(text, 'utf8'), options);
}

function succeeded(result: PlanImportResult): PlanImportSuccess {
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result;
}

function failed(result: PlanImportResult): PlanImportFailure {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.plan).slice(0, 200)}`);
  return result;
}

function workbook(rows: unknown[][], extraSheets: string[] = []): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Plan');
  for (const name of extraSheets) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['x']]), name);
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' });
}

describe('parsePlanFile', () => {
  describe('encodings', () => {
    const reference = succeeded(parseText(HIRATSUKA_TEXT, { fileName: 'plan.tsv' }));

    it.each([
      ['Shift_JIS (CP932)', iconv.encode(HIRATSUKA_TEXT, 'cp932'), 'shift_jis'],
      [
        'UTF-8 with BOM',
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HIRATSUKA_TEXT, 'utf8')]),
        'utf-8-bom',
      ],
      [
        'UTF-16LE with BOM',
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HIRATSUKA_TEXT, 'utf16le')]),
        'utf-16le',
      ],
      ['CRLF line ends', Buffer.from(HIRATSUKA_TEXT.replace(/\n/g, '\r\n'), 'utf8'), 'utf-8'],
    ])('reads the same plan from %s', (_name, buffer, encoding) => {
      const sut = succeeded(parsePlanFile(buffer, { fileName: 'plan.tsv' }));
      expect(sut.plan).toEqual(reference.plan);
      expect(sut.warnings).toEqual(reference.warnings);
      expect(sut.source).toEqual({ ...reference.source, encoding });
    });

    it('reads Shift_JIS when told so and refuses it when told UTF-8', () => {
      const sjis = iconv.encode(HIRATSUKA_TEXT, 'cp932');
      expect(succeeded(parsePlanFile(sjis, { encoding: 'shift_jis', format: 'tsv' })).plan).toEqual(
        reference.plan,
      );
      expect(
        failed(parsePlanFile(sjis, { encoding: 'utf-8', format: 'tsv' })).problems.map((p) => p.rule),
      ).toEqual(['encoding_invalid']);
    });

    it('reads a Shift_JIS backslash as the yen sign it was', () => {
      const text = '# plan: p\n番号,事業名,予算額\n1,A,"￥1,000"\n2,B,"¥2,000"\n';
      const sut = succeeded(parsePlanFile(iconv.encode(text, 'cp932'), { fileName: 'p.csv' }));
      const amounts = sut.plan.nodes[0]!.children[0]!.items.map((i) => i.budget?.currentAmount);
      expect(amounts).toEqual([1000, 2000]);
    });
  });

  describe('formats', () => {
    it('sniffs json, tsv and csv when there is no file name', () => {
      expect(succeeded(parseText('[{"title":"A"}]', { planTitle: 'p' })).source.format).toBe('json');
      expect(succeeded(parseText('# plan: p\ntitle\tsummary\nA\tB\n')).source.format).toBe('tsv');
      expect(succeeded(parseText('# plan: p\ntitle,summary\nA,B\n')).source.format).toBe('csv');
    });

    it('reads comment lines that Excel padded or quoted', () => {
      const text = '"# plan: 計画, 第2版",,\n# mapping: 名称=title; メモ=ignore,,\n名称,メモ\nA,x\n';
      const sut = succeeded(parseText(text, { fileName: 'p.csv' }));
      expect(sut.plan.title).toBe('計画, 第2版');
      expect(sut.plan.nodes[0]!.children[0]!.items[0]!.title).toBe('A');
      expect(sut.warnings.map((w) => w.rule)).toEqual(['code_auto_assigned']);
    });

    it('takes the column mapping from the options over the built-in aliases', () => {
      const sut = succeeded(
        parseText('# plan: p\n改革項目,名称\n1-1,情報の双方向性を高める\n', {
          fileName: 'p.csv',
          mapping: { 改革項目: 'code', 名称: 'title' },
        }),
      );
      expect(sut.plan.nodes[0]!.children[0]!.items[0]).toMatchObject({
        code: '1-1',
        title: '情報の双方向性を高める',
      });
    });

    it('accepts JSON as { plan, rows } with plan metadata and as a plain array', () => {
      const document = {
        plan: { title: '計画', city: '宝塚市', period: '令和3年度～令和7年度', notes: ['note'] },
        rows: [
          {
            goal: '方針1 協働',
            code: 'A',
            title: '情報共有の推進',
            target: 3,
            direction: 'higher',
            indicator: 'x',
          },
        ],
      };
      const sut = succeeded(parseText(JSON.stringify(document)));
      expect(sut.plan).toMatchObject({
        title: '計画',
        tenantName: '宝塚市',
        periodStartFy: 2021,
        periodEndFy: 2025,
        notes: ['note'],
      });
      expect(sut.plan.nodes[0]!.children[0]!.items[0]!.indicators[0]).toMatchObject({
        target: 3,
        direction: 'higher',
      });
    });

    it('applies a column mapping given in the JSON plan object, and reports an unknown field', () => {
      const document = {
        plan: { title: 'p', mapping: { 方針名: 'goal', 項目: 'title' } },
        rows: [{ 方針名: '方針1 協働', 項目: 'A' }],
      };
      const sut = succeeded(parseText(JSON.stringify(document)));
      expect(sut.plan.nodes[0]).toMatchObject({ code: '方針1', title: '協働' });
      const bad = failed(
        parseText('# plan: p\n# mapping: 名称=名前のない項目\n名称\nA\n', { fileName: 'p.csv' }),
      );
      expect(bad.problems.map((p) => [p.row, p.column, p.rule])).toEqual([
        [null, '名称', 'mapping_invalid'],
        [3, null, 'column_missing'],
        [3, '名称', 'column_unknown'],
      ]);
    });

    it('reports JSON syntax, shape and cell problems with their row and key', () => {
      expect(failed(parseText('{"rows": [', { fileName: 'p.json' })).problems.map((p) => p.rule)).toEqual([
        'json_syntax',
      ]);
      expect(failed(parseText('{"items": []}', { fileName: 'p.json' })).problems.map((p) => p.rule)).toEqual([
        'json_shape',
      ]);
      const sut = failed(
        parseText('[{"title":"A"}, 5, {"title":{"ja":"B"}}]', { fileName: 'p.json', planTitle: 'p' }),
      );
      expect(sut.problems.map((p) => [p.row, p.column, p.rule])).toEqual([
        [2, null, 'json_value'],
        [3, 'title', 'json_value'],
      ]);
    });

    it('reports an unclosed quote as a CSV syntax problem', () => {
      const sut = failed(parseText('# plan: p\ntitle,summary\nA,"never closed\n', { fileName: 'p.csv' }));
      expect(sut.problems.map((p) => p.rule)).toEqual(['csv_syntax']);
    });

    it('refuses PDFs, old .xls, unknown extensions and empty files with a reason', () => {
      expect(failed(parsePlanFile(Buffer.from('%PDF-1.7\n...'))).problems[0]!.rule).toBe(
        'unsupported_format',
      );
      const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
      expect(failed(parsePlanFile(ole)).problems[0]!.rule).toBe('legacy_or_encrypted_workbook');
      expect(failed(parseText('title\nA', { fileName: 'plan.docx' })).problems[0]!.rule).toBe(
        'unsupported_format',
      );
      expect(failed(parsePlanFile(Buffer.alloc(0))).problems[0]!.rule).toBe('file_empty');
      expect(failed(parseText(' \n\n')).problems[0]!.rule).toBe('file_empty');
      expect(failed(parseText('# only a comment\n')).problems[0]!.rule).toBe('header_missing');
    });
  });

  describe('a file with errors in several rows', () => {
    const csv = [
      '# plan: 平塚市行財政改革計画',
      '# city: 平塚市',
      '番号,目標,改革テーマ,実施計画事業,指標,現状値,目標値,方向,予算額(千円)',
      '1-1,目標1 A,改革テーマ1 あ,窓口サービスのDX推進,手続数,10,60,高いほど良い,"12,000"',
      '1-2,目標1 A,改革テーマ1 あ,,手続数,15,40,高いほど良い,3500',
      '1-1,目標1 A,改革テーマ1 あ,重複した番号,手続数,x,40,高いほど良い,0',
      '"2-1",目標2 B,改革テーマ1 あ,テーマの付け替え,"指標,カンマ入り",１０,２０,斜め,¥3',
    ].join('\n');

    it('reports all of them, in file order, with the header names as columns', () => {
      const sut = failed(parseText(csv, { fileName: 'hiratsuka.csv' }));
      expect(sut.problems.map((p) => [p.row, p.column, p.rule])).toEqual([
        [5, '実施計画事業', 'required'],
        [6, '番号', 'duplicate_code'],
        [6, '現状値', 'not_a_number'],
        [7, '改革テーマ', 'hierarchy_conflict'],
        [7, '方向', 'direction_invalid'],
      ]);
      expect(sut.problems[2]).toMatchObject({
        value: 'x',
        message: { ja: expect.stringContaining('数値'), en: expect.stringContaining('not a number') },
      });
      expect(httpStatusOf(sut)).toBe(400);
    });
  });

  describe('xlsx', () => {
    const gyoda = readFileSync(join(SAMPLES, 'gyoda-2022.xlsx'));

    it('turns a truncated workbook into a problem, never an exception', () => {
      for (const length of [gyoda.length / 2, gyoda.length * 0.9, gyoda.length - 10, 100, 4]) {
        const sut = failed(parsePlanFile(gyoda.subarray(0, Math.floor(length)), { fileName: 'gyoda.xlsx' }));
        expect(sut.problems.map((p) => p.rule)).toEqual(['corrupt_file']);
        expect(sut.problems[0]!.message.ja).toContain('壊れているか途中で切れています');
        // No English or technical text in the Japanese message (#28 point 5).
        expect(sut.problems[0]!.message.ja.replace('Excel（.xlsx）', '')).not.toMatch(/[A-Za-z]{2}/);
        expect(sut.problems[0]!.message.en).toMatch(/\(.+\)$/); // the reader's detail, for support
      }
    });

    it('reads a workbook given as a plain Uint8Array', () => {
      const bytes = new Uint8Array(gyoda.byteLength);
      bytes.set(gyoda);
      expect(succeeded(parsePlanFile(bytes)).plan.nodes).toHaveLength(4);
    });

    it('turns a text file renamed to .xlsx into a problem', () => {
      expect(failed(parseText('title\nA\n', { fileName: 'plan.xlsx' })).problems[0]!.rule).toBe(
        'corrupt_file',
      );
    });

    it('refuses macro workbooks by name and by content', () => {
      expect(failed(parsePlanFile(gyoda, { fileName: 'plan.xlsm' })).problems[0]!.rule).toBe('macro_enabled');
      const withVba = Buffer.concat([
        gyoda.subarray(0, 30),
        Buffer.from('xl/vbaProject.bin'),
        gyoda.subarray(30),
      ]);
      expect(failed(parsePlanFile(withVba, { fileName: 'plan.xlsx' })).problems[0]!.rule).toBe(
        'macro_enabled',
      );
    });

    it('reads the stored value of a formula cell and never calculates', () => {
      const book = workbook([
        ['# plan: 数式テスト'],
        ['番号', '事業名', '予算額'],
        ['1', 'A', 0],
        ['2', 'B', 0],
      ]);
      const parsed = XLSX.read(book, { type: 'buffer' });
      const sheet = parsed.Sheets.Plan!;
      // The cached value deliberately disagrees with the formula: evaluating would give 3.
      sheet.C3 = { t: 'n', v: 1234, f: 'SUM(1,2)' };
      sheet.C4 = { t: 'e', v: 0x07, w: '#DIV/0!', f: '1/0' };
      const sut = failed(parsePlanFile(XLSX.write(parsed, { type: 'buffer', bookType: 'xlsx' })));
      expect(sut.problems.map((p) => [p.row, p.column, p.rule, p.value])).toEqual([
        [4, '予算額', 'not_a_number', '#DIV/0!'],
      ]);
      sheet.C4 = { t: 'n', v: 5 };
      const ok = succeeded(parsePlanFile(XLSX.write(parsed, { type: 'buffer', bookType: 'xlsx' })));
      expect(ok.plan.nodes[0]!.children[0]!.items.map((i) => i.budget?.currentAmount)).toEqual([1234, 5]);
    });

    it('reads the first sheet (warning about the others) or the named one', () => {
      const book = workbook([['# plan: p'], ['title'], ['A']], ['メモ']);
      expect(succeeded(parsePlanFile(book)).warnings.map((w) => w.rule)).toEqual([
        'extra_sheets_ignored',
        'code_auto_assigned',
      ]);
      expect(failed(parsePlanFile(book, { sheetName: 'なし' })).problems[0]!.rule).toBe('sheet_not_found');
    });

    it('refuses a sheet with more rows than allowed as too large', () => {
      const rows = [['# plan: p'], ['title'], ...Array.from({ length: 150 }, (_, i) => [`item ${i}`])];
      const sut = failed(parsePlanFile(workbook(rows), { maxRows: 20 }));
      expect(sut.tooLarge).toMatchObject({ limit: 'rows', max: 20 });
      expect(httpStatusOf(sut)).toBe(413);
    });
  });

  describe('garbage and size limits', () => {
    it.each([1, 7, 64, 4096])('turns %i random bytes into a problem result', (size) => {
      for (let i = 0; i < 20; i++) {
        const result = parsePlanFile(randomBytes(size));
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems)
            expect(problem.message.ja && problem.message.en).toBeTruthy();
        }
      }
      const binary = Buffer.concat([Buffer.from([0, 1, 2, 3]), randomBytes(size)]);
      expect(failed(parsePlanFile(binary)).problems[0]!.rule).toMatch(/binary_content|encoding_invalid/);
    });

    it('refuses files over maxBytes as too large (413) before reading them', () => {
      const sut = failed(parseText(HIRATSUKA_TEXT, { maxBytes: 1024 }));
      expect(sut.tooLarge).toEqual({ limit: 'bytes', max: 1024, actual: Buffer.byteLength(HIRATSUKA_TEXT) });
      expect(sut.problems.map((p) => p.rule)).toEqual(['file_too_large']);
      expect(httpStatusOf(sut)).toBe(413);
    });

    it('refuses more CSV rows than maxRows as too large (413)', () => {
      const sut = failed(parseText(HIRATSUKA_TEXT, { maxRows: 10 }));
      expect(sut.tooLarge).toEqual({ limit: 'rows', max: 10, actual: 20 });
    });

    it('returns a result for input that is not a buffer at all', () => {
      expect(parsePlanFile('text' as unknown as Uint8Array).ok).toBe(false);
    });
  });

  describe('PlanImportError', () => {
    it('carries the status and problems of a failure', () => {
      const failure = failed(parseText(HIRATSUKA_TEXT, { maxBytes: 10 }));
      const sut = new PlanImportError(failure);
      expect(sut).toBeInstanceOf(Error);
      expect(sut.httpStatus).toBe(413);
      expect(sut.message).toMatch(/too large/);
      expect(sut.toJSON()).toEqual({ status: 413, problems: failure.problems, tooLarge: failure.tooLarge });
      expect(() => unwrapPlanImport(failure)).toThrow(PlanImportError);
      expect(unwrapPlanImport(parseText(HIRATSUKA_TEXT)).nodes).toHaveLength(2);
    });
  });
});
