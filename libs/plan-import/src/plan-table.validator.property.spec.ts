import fc from 'fast-check';
import { parsePlanFile } from './plan-file.parser';
import type { PlanImportProblem, PlanImportResult } from './plan-import.types';
import { validatePlanTable } from './plan-table.validator';
import type { RawTable } from './table-readers';
import { cleanCell } from './value-parsers';

const RUNS = { numRuns: 300 };

const KNOWN_HEADERS = [
  '番号',
  'No',
  '目標',
  '基本方針',
  '改革テーマ',
  '方針',
  '改革項目',
  '事業名',
  'title',
  '取組の概要',
  'summary',
  '所管',
  'WG',
  '指標',
  '単位',
  '現状値',
  '目標値',
  '目標値(2027年度)',
  'target_2026',
  '方向',
  '予算額',
  '予算額(千円)',
  '現状と課題',
];

const weirdHeader = fc.oneof(
  fc.constantFrom(...KNOWN_HEADERS),
  fc.constantFrom(
    '',
    ' ',
    'Ｔｉｔｌｅ',
    '（案）',
    '目標値()',
    '__proto__',
    'constructor',
    '#',
    '改革項目名称案 (修正案)',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);

const weirdCell = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer().map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom(
    '１２３',
    '1,234',
    '¥1,000',
    '▲5',
    '12.5%',
    '高いほど良い',
    'lower',
    '目標1 A',
    'テーマ1 あ',
    '1-1',
    'x'.repeat(250),
  ),
);

const CELL_RULES = new Set([
  'required',
  'max_length',
  'not_a_number',
  'direction_invalid',
  'duplicate_code',
  'hierarchy_conflict',
  'continuation_conflict',
  'indicator_name_required',
  'target_outside_period',
]);

function expectWellFormed(problems: readonly PlanImportProblem[], table?: RawTable): void {
  for (const problem of problems) {
    expect(['error', 'warning']).toContain(problem.severity);
    expect(typeof problem.rule).toBe('string');
    expect(problem.message.ja.length).toBeGreaterThan(0);
    expect(problem.message.en.length).toBeGreaterThan(0);
    expect(problem.row === null || (Number.isInteger(problem.row) && problem.row >= 1)).toBe(true);
    if (table && CELL_RULES.has(problem.rule)) {
      // A cell problem names a data row of the file and one of its headers.
      expect(table.rows.map((r) => r.row)).toContain(problem.row);
      expect(table.headers.map(cleanCell)).toContain(problem.column);
    }
  }
}

function expectTypedResult(result: PlanImportResult): void {
  if (result.ok) {
    expect(result.plan.title.length).toBeGreaterThan(0);
    expectWellFormed(result.warnings);
    for (const warning of result.warnings) expect(warning.severity).toBe('warning');
  } else {
    expect(result.problems.length).toBeGreaterThan(0);
    expectWellFormed(result.problems);
  }
}

describe('validatePlanTable (property)', () => {
  it('never throws on random headers and cells, and every problem is located and bilingual', () => {
    fc.assert(
      fc.property(
        fc.array(weirdHeader, { minLength: 1, maxLength: 10 }),
        fc.array(fc.array(weirdCell, { maxLength: 12 }), { maxLength: 25 }),
        fc.boolean(),
        (headers, rows, fillDown) => {
          const table: RawTable = {
            format: 'csv',
            headerRow: 3,
            headers,
            rows: rows.map((cells, i) => ({ row: 4 + i * 2, cells })),
            metadata: { entries: [{ key: 'plan', value: 'p', row: 1 }], notes: [] },
          };
          const result = validatePlanTable(table, { fillDown, periodStartFy: 2024, periodEndFy: 2027 });
          expectTypedResult(result);
          if (!result.ok) expectWellFormed(result.problems, table);
        },
      ),
      RUNS,
    );
  });

  const title = fc
    .string({ minLength: 1, maxLength: 40 })
    .map((s) => s.replace(/[\s\u3000\uFEFF\u00A0]/g, '_'))
    .filter((s) => s.length > 0);

  const formattedNumber = fc
    .tuple(
      fc.integer({ min: 0, max: 10_000_000 }),
      fc.constantFrom('plain', 'comma', 'fullwidth', 'yen', 'percent'),
    )
    .map(([value, style]) => {
      const comma = value.toLocaleString('en-US');
      const text = {
        plain: String(value),
        comma,
        fullwidth: String(value).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
        yen: `¥${comma}`,
        percent: `${value}%`,
      }[style];
      return { value, text };
    });

  const validRow = fc.record({
    goal: fc.integer({ min: 1, max: 3 }),
    theme: fc.integer({ min: 1, max: 3 }),
    title,
    summary: fc.string({ maxLength: 60 }),
    indicator: fc.option(
      fc.record({
        name: title,
        baseline: formattedNumber,
        target: formattedNumber,
        direction: fc.constantFrom('higher', 'lower', '高いほど良い', '低いほど良い', '↑', '↓'),
      }),
    ),
  });

  it('turns valid generated rows into exactly that many items', () => {
    fc.assert(
      fc.property(
        fc.array(validRow, { minLength: 1, maxLength: 40 }),
        fc.string({ maxLength: 10 }),
        (rows, goalName) => {
          // Theme codes carry their goal, so a theme never sits under two goals.
          const table: RawTable = {
            format: 'csv',
            headerRow: 1,
            headers: ['番号', '目標', 'テーマ', '改革項目', '概要', '指標', '現状値', '目標値', '方向'],
            rows: rows.map((r, i) => ({
              row: i + 2,
              cells: [
                `C-${i + 1}`,
                `目標${r.goal} ${goalName}${r.goal}`,
                `テーマ${r.goal}-${r.theme} T`,
                r.title,
                r.summary,
                r.indicator?.name ?? '',
                r.indicator?.baseline.text ?? '',
                r.indicator?.target.text ?? '',
                r.indicator?.direction ?? '',
              ],
            })),
            metadata: { entries: [{ key: 'plan', value: 'p', row: null }], notes: [] },
          };
          const result = validatePlanTable(table);
          if (!result.ok) throw new Error(JSON.stringify(result.problems));
          const items = result.plan.nodes.flatMap((g) => g.children.flatMap((t) => t.items));
          expect(items).toHaveLength(rows.length);
          expect(items.flatMap((i) => i.indicators)).toHaveLength(rows.filter((r) => r.indicator).length);
          expect(new Set(result.plan.nodes.map((g) => g.code))).toEqual(
            new Set(rows.map((r) => `目標${r.goal}`)),
          );
          for (const item of items) {
            const source = rows[item.sourceRow - 2]!;
            expect(item.code).toBe(`C-${item.sourceRow - 1}`);
            if (source.indicator) {
              expect(item.indicators[0]).toMatchObject({
                baseline: source.indicator.baseline.value,
                target: source.indicator.target.value,
              });
            }
          }
        },
      ),
      RUNS,
    );
  });
});

describe('parsePlanFile (property)', () => {
  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom(undefined, 'x.csv', 'x.tsv', 'x.json', 'x.xlsx', 'x'),
        (bytes, fileName) => {
          expectTypedResult(parsePlanFile(bytes, fileName ? { fileName } : {}));
        },
      ),
      RUNS,
    );
  });

  it('never throws on random delimited text and damaged zips', () => {
    const zipHeader = Uint8Array.from([0x50, 0x4b, 0x03, 0x04]);
    fc.assert(
      fc.property(
        fc.array(fc.array(weirdCell, { maxLength: 8 }), { maxLength: 15 }),
        fc.constantFrom(',', '\t'),
        fc.uint8Array({ maxLength: 300 }),
        (rows, delimiter, tail) => {
          const text = rows.map((r) => r.join(delimiter)).join('\n');
          expectTypedResult(parsePlanFile(Buffer.from(text, 'utf8'), { planTitle: 'p' }));
          expectTypedResult(parsePlanFile(Buffer.concat([zipHeader, tail])));
        },
      ),
      RUNS,
    );
  });
});
