import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { parsePlanFile } from './plan-file.parser';
import type {
  ImportedItem,
  PlanImportFailure,
  PlanImportResult,
  PlanImportSuccess,
} from './plan-import.types';

// The #12 columns: 効果額 targets (split or net, per year or for every year of the period, in yen
// or 千円), the indicator kind, and an explicit direction.

const HEADER = [
  '番号',
  '改革項目',
  '指標',
  '指標区分',
  '方向',
  '歳出削減見込額(2025年度)(千円)',
  '歳入確保見込額(2025年度)(千円)',
  '取組経費(2025年度)(千円)',
  '効果額目標(2026年度)',
];
const ROWS = [
  ['1', '窓口DX', '書かない窓口の手続数', '活動指標', '高いほど良い', '1,200', '0', '300', '2500000'],
  ['2', '経常経費の見直し', '経常収支比率', '成果指標', '低いほど良い', '5,000', '1.5', '', ''],
];

function delimited(rows: string[][], separator: string): string {
  const cell = (text: string) => (separator === ',' && /[",]/.test(text) ? `"${text}"` : text);
  return `${[
    '# plan: 効果額の取込',
    '# period: 2025-2027',
    ...[HEADER, ...rows].map((r) => r.map(cell).join(separator)),
  ].join('\n')}\n`;
}

function workbook(rows: string[][]): Buffer {
  const book = XLSX.utils.book_new();
  const sheet = XLSX.utils.aoa_to_sheet([['# plan: 効果額の取込'], ['# period: 2025-2027'], HEADER, ...rows]);
  XLSX.utils.book_append_sheet(book, sheet, 'Plan');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' });
}

function succeeded(result: PlanImportResult): PlanImportSuccess {
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result;
}

function failed(result: PlanImportResult): PlanImportFailure {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

function items(result: PlanImportSuccess): ImportedItem[] {
  return result.plan.nodes.flatMap((g) => g.children.flatMap((t) => t.items));
}

describe('plan import: 効果額, indicator kind and direction (#12)', () => {
  it.each([
    ['CSV', () => Buffer.from(delimited(ROWS, ','), 'utf8'), 'plan.csv'],
    ['TSV', () => Buffer.from(delimited(ROWS, '\t'), 'utf8'), 'plan.tsv'],
    ['Shift_JIS CSV', () => iconv.encode(delimited(ROWS, ','), 'cp932'), 'plan.csv'],
    ['xlsx', () => workbook(ROWS), 'plan.xlsx'],
  ])('reads targets in 千円 and yen, kinds and directions from %s', (_name, file, fileName) => {
    const sut = items(succeeded(parsePlanFile(file(), { fileName })));
    expect(sut.map((i) => i.effectTargets)).toEqual([
      {
        // 千円 columns: 1,200千円 − 300千円; the net column of 2026 is in yen and has no split.
        2025: { spendingReduction: 1_200_000, revenueGain: 0, cost: 300_000, net: 900_000 },
        2026: { spendingReduction: null, revenueGain: null, cost: null, net: 2_500_000 },
      },
      { 2025: { spendingReduction: 5_000_000, revenueGain: 1_500, cost: 0, net: 5_001_500 } },
    ]);
    expect(sut.map((i) => i.indicators.map((x) => [x.kind, x.direction]))).toEqual([
      [['activity', 'higher']],
      [['outcome', 'lower']],
    ]);
  });

  it('lists every bad amount with row and column, like other problems', () => {
    const bad = [
      ['1', 'A', 'a', '', '↑', '1.2345', '-5', 'abc', '2.5'],
      ['2', 'B', 'b', '', '↑', '', '', '', '10'],
    ];
    const sut = failed(parsePlanFile(Buffer.from(delimited(bad, ','), 'utf8'), { fileName: 'p.csv' }));
    expect(sut.problems.map((p) => [p.row, p.column, p.rule])).toEqual([
      [4, '歳出削減見込額(2025年度)(千円)', 'amount_invalid'],
      [4, '歳入確保見込額(2025年度)(千円)', 'amount_invalid'],
      [4, '取組経費(2025年度)(千円)', 'not_a_number'],
      [4, '効果額目標(2026年度)', 'amount_invalid'],
    ]);
    expect(sut.problems[0]!.message.ja).toContain('0以上の整数（円）');
  });

  it('spreads a year-less column over the plan period, and a year column wins for its year', () => {
    const text = [
      '# plan: p',
      '# period: 2025-2027',
      '番号,改革項目,歳出削減(千円),歳出削減(2026年度)(千円)',
      '1,A,10,20',
    ].join('\n');
    const [item] = items(succeeded(parsePlanFile(Buffer.from(text), { fileName: 'p.csv' })));
    expect(Object.fromEntries(Object.entries(item!.effectTargets!).map(([fy, t]) => [fy, t.net]))).toEqual({
      2025: 10_000,
      2026: 20_000,
      2027: 10_000,
    });
  });

  it('refuses a net 効果額 that disagrees with its parts', () => {
    const text = [
      '# plan: p',
      '番号,改革項目,歳出削減(2025年度),取組経費(2025年度),効果額(2025年度)',
      '1,A,100,10,100',
    ].join('\n');
    const sut = failed(parsePlanFile(Buffer.from(text), { fileName: 'p.csv' }));
    expect(sut.problems.map((p) => [p.row, p.column, p.rule])).toEqual([
      [3, '効果額(2025年度)', 'effect_mismatch'],
    ]);
  });

  it('reports a missing direction naming the indicator, its row and the column', () => {
    const text = ['# plan: p', '番号,改革項目,指標,方向', '1,A,経常収支比率,', '2,B,市税収納率,↑'].join('\n');
    const sut = failed(parsePlanFile(Buffer.from(text), { fileName: 'p.csv' }));
    expect(sut.problems).toHaveLength(1);
    expect(sut.problems[0]).toMatchObject({
      severity: 'error',
      rule: 'direction_required',
      row: 3,
      column: '方向',
      value: '経常収支比率',
    });
    expect(sut.problems[0]!.message.ja).toContain('指標「経常収支比率」の方向');
    expect(sut.problems[0]!.message.en).toContain('Indicator "経常収支比率" has no direction');
  });

  it('takes a file-level "# direction:" default for rows without one, never over a row that has one', () => {
    const text = [
      '# plan: p',
      '# direction: higher',
      '番号,改革項目,指標,方向',
      '1,A,a,',
      '2,B,b,低いほど良い',
    ].join('\n');
    const sut = items(succeeded(parsePlanFile(Buffer.from(text), { fileName: 'p.csv' })));
    expect(sut.map((i) => i.indicators[0]!.direction)).toEqual(['higher', 'lower']);
  });

  it('refuses an unknown indicator kind', () => {
    const text = ['# plan: p', '番号,改革項目,指標,区分,方向', '1,A,a,その他,↑'].join('\n');
    const sut = failed(parsePlanFile(Buffer.from(text), { fileName: 'p.csv' }));
    expect(sut.problems.map((p) => [p.row, p.column, p.rule])).toEqual([
      [3, '区分', 'indicator_kind_invalid'],
    ]);
  });
});
