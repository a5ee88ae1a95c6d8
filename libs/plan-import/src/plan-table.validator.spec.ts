import type {
  ImportedItem,
  ParsePlanFileOptions,
  PlanImportFailure,
  PlanImportProblem,
  PlanImportResult,
  PlanImportSuccess,
} from './plan-import.types';
import { validatePlanTable } from './plan-table.validator';
import type { RawTable } from './table-readers';

/** A csv-like table whose header is on row `headerRow` and whose data rows follow it directly. */
function table(headers: string[], rows: string[][], extra: Partial<RawTable> = {}, headerRow = 1): RawTable {
  return {
    format: 'csv',
    headerRow,
    headers,
    rows: rows.map((cells, i) => ({ row: headerRow + 1 + i, cells })),
    metadata: { entries: [{ key: 'plan', value: 'テスト計画', row: null }], notes: [] },
    ...extra,
  };
}

/** `# direction: higher` on row 1: indicators without a direction of their own are higher-is-better. */
const WITH_DEFAULT_DIRECTION: Partial<RawTable> = {
  metadata: {
    entries: [
      { key: 'plan', value: 'テスト計画', row: null },
      { key: 'direction', value: 'higher', row: 1 },
    ],
    notes: [],
  },
};

function validate(t: RawTable, options: ParsePlanFileOptions = {}): PlanImportResult {
  return validatePlanTable(t, options);
}

function succeeded(result: PlanImportResult): PlanImportSuccess {
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result;
}

function failed(result: PlanImportResult): PlanImportFailure {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

function brief(problems: readonly PlanImportProblem[]) {
  return problems.map((p) => [p.row, p.column, p.rule]);
}

function items(result: PlanImportSuccess): ImportedItem[] {
  return result.plan.nodes.flatMap((g) => g.children.flatMap((t) => t.items));
}

describe('validatePlanTable', () => {
  it('reports every problem of every row with row, column and both languages', () => {
    const sut = failed(
      validate(
        table(
          ['番号', '目標', 'テーマ', '改革項目', '指標', '現状値', '目標値', '方向', '予算額'],
          [
            ['1', '目標1 A', 'T1 テーマ一', '項目一', '指標a', '10', '20', '高いほど良い', '1,000'],
            ['2', '目標1 A', 'T1 テーマ一', '', '', '', '', '', ''],
            ['1', '目標1 A', 'T1 テーマ一', '別の項目', '', '', '', '', ''],
            ['3', '目標2 B', 'T1 テーマ一', '項目三', '指標c', 'abc', '１２３', 'sideways', '¥1,2'],
            ['4', '目標2 B', 'T2 テーマ二', 'x'.repeat(201), '', '', '', '', ''],
            ['', '目標2 B', 'T2 テーマ二', '番号なし', '', '', '', '', ''],
            ['5', '目標2 B', 'T2 テーマ二', '項目五', '', '5', '', '', ''],
          ],
        ),
      ),
    );
    expect(brief(sut.problems)).toEqual([
      [3, '改革項目', 'required'],
      [4, '番号', 'duplicate_code'],
      [5, 'テーマ', 'hierarchy_conflict'],
      [5, '現状値', 'not_a_number'],
      [5, '方向', 'direction_invalid'],
      [5, '予算額', 'not_a_number'],
      [6, '改革項目', 'max_length'],
      [7, '番号', 'required'],
      [8, '指標', 'indicator_name_required'],
    ]);
    for (const problem of sut.problems) {
      expect(problem.message.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
      expect(problem.message.en).toMatch(/^[A-Z"].*[a-z]{3}.*\.$/);
    }
    expect(sut.tooLarge).toBeUndefined();
  });

  it('requires a title column', () => {
    const sut = failed(validate(table(['番号', '概要'], [['1', 'x']])));
    expect(brief(sut.problems)).toEqual([[1, null, 'column_missing']]);
  });

  it('refuses a table that is not a plan: a title-like column and nothing else it knows (name,age)', () => {
    const sut = failed(
      validate(
        table(
          ['name', 'age'],
          [
            ['佐藤', '41'],
            ['鈴木', '35'],
          ],
        ),
      ),
    );
    expect(brief(sut.problems)).toEqual([
      [1, null, 'not_a_plan'],
      [1, 'age', 'column_unknown'],
    ]);
    const refusal = sut.problems.find((p) => p.rule === 'not_a_plan')!;
    expect(refusal.severity).toBe('error');
    expect(refusal.message.ja).toContain('「name」のほかは「age」');
    expect(refusal.message.ja).toContain('番号（番号・No・code）と改革項目名（改革項目・事業名・title）');
    expect(refusal.message.en).toContain('"age"');
  });

  it('still takes a plan without codes when it has other plan columns, or a bare list of titles', () => {
    expect(
      succeeded(validate(table(['改革項目', '目標', '備考'], [['窓口DX', '1 行政サービス', 'x']]))).ok,
    ).toBe(true);
    expect(succeeded(validate(table(['title'], [['A']]))).ok).toBe(true);
    expect(succeeded(validate(table(['番号', 'name', 'age'], [['1', 'A', '3']]))).ok).toBe(true);
  });

  it('builds goal → theme → item with fill-down of merged goal/theme cells', () => {
    const sut = succeeded(
      validate(
        table(
          ['目標', 'テーマ', '番号', '改革項目'],
          [
            ['目標1 A', 'テーマ1 あ', '1', '一'],
            ['', '', '2', '二'],
            ['', 'テーマ2 い', '3', '三'],
            ['目標2 B', '', '4', '四'],
          ],
        ),
      ),
    );
    expect(
      sut.plan.nodes.map((g) => [
        g.code,
        g.children.map((t) => [t.code, t.isDefault, t.items.map((i) => i.code)]),
      ]),
    ).toEqual([
      [
        '目標1',
        [
          ['テーマ1', false, ['1', '2']],
          ['テーマ2', false, ['3']],
        ],
      ],
      ['目標2', [['目標2', true, ['4']]]],
    ]);
  });

  it('puts rows without goal and theme under a default goal and theme', () => {
    const sut = succeeded(validate(table(['title'], [['A'], ['B']])));
    expect(sut.plan.nodes).toEqual([
      expect.objectContaining({
        code: 'default',
        isDefault: true,
        children: [expect.objectContaining({ code: 'default', isDefault: true })],
      }),
    ]);
    expect(items(sut).map((i) => [i.code, i.codeAutoAssigned])).toEqual([
      ['1', true],
      ['2', true],
    ]);
    expect(sut.warnings.map((w) => w.rule)).toEqual(['code_auto_assigned']);
  });

  it('assigns codes goal-by-goal when the file has none, deterministically', () => {
    const t = table(
      ['基本方針', '目指す姿', '改革項目'],
      [
        ['共創', '姿あ', 'a'],
        ['', '', 'b'],
        ['', '姿い', 'c'],
        ['対話', '姿う', 'd'],
      ],
    );
    const first = succeeded(validate(t));
    expect(
      first.plan.nodes.map((g) => [g.code, g.children.map((th) => [th.code, th.items.map((i) => i.code)])]),
    ).toEqual([
      [
        '1',
        [
          ['1-1', ['1-1-1', '1-1-2']],
          ['1-2', ['1-2-1']],
        ],
      ],
      ['2', [['2-1', ['2-1-1']]]],
    ]);
    expect(succeeded(validate(t))).toEqual(first);
  });

  it('lets several indicator rows belong to one item (same code, empty title) — also further down', () => {
    const sut = succeeded(
      validate(
        table(
          ['改革項目番号', '改革項目', '指標', '目標値', '方向'],
          [
            ['2-1', '組織を構築する', '職員の割合', '80%', 'higher'],
            ['2-1', '', '市民の割合', '70%', 'higher'],
            ['', '', '第三の指標', '1', 'lower'],
            ['2-2', '職員を育てる', 'ENPS', '10', 'higher'],
            ['2-1', '組織を構築する', '後から足した指標', '5', '↑'],
          ],
        ),
      ),
    );
    expect(items(sut).map((i) => [i.code, i.indicators.map((x) => [x.name, x.target, x.sourceRow])])).toEqual(
      [
        [
          '2-1',
          [
            ['職員の割合', 80, 2],
            ['市民の割合', 70, 3],
            ['第三の指標', 1, 4],
            ['後から足した指標', 5, 6],
          ],
        ],
        ['2-2', [['ENPS', 10, 5]]],
      ],
    );
  });

  it('continues an item on a repeated title when there is no code column', () => {
    const sut = succeeded(
      validate(
        table(
          ['改革項目', '指標'],
          [
            ['A', 'a1'],
            ['A', 'a2'],
            ['B', 'b1'],
          ],
          WITH_DEFAULT_DIRECTION,
        ),
      ),
    );
    expect(items(sut).map((i) => [i.title, i.indicators.length])).toEqual([
      ['A', 2],
      ['B', 1],
    ]);
  });

  it('refuses continuation rows that contradict the item', () => {
    const sut = failed(
      validate(
        table(
          ['番号', '目標', '改革項目', '概要', '予算額'],
          [
            ['1', '目標1 A', '項目', '概要A', '100'],
            ['1', '', '', '概要B', ''],
            ['1', '', '', '', '200'],
            ['1', '目標2 B', '', '', ''],
          ],
        ),
      ),
    );
    expect(brief(sut.problems)).toEqual([
      [3, '概要', 'continuation_conflict'],
      [4, '予算額', 'continuation_conflict'],
      [5, '目標', 'hierarchy_conflict'],
    ]);
  });

  it('reports a goal code used with two titles', () => {
    const sut = failed(
      validate(
        table(
          ['目標', '改革項目'],
          [
            ['目標1 A', 'x'],
            ['目標1 Z', 'y'],
          ],
        ),
      ),
    );
    expect(brief(sut.problems)).toEqual([[3, '目標', 'hierarchy_conflict']]);
  });

  it('uses the item title as indicator name when the layout has no indicator column', () => {
    const sut = succeeded(
      validate(
        table(
          ['番号', '事業名', '現状値', '目標値(2026年度)', '目標値(2027年度)'],
          [['1', 'A', '1', '2', '3']],
          WITH_DEFAULT_DIRECTION,
        ),
      ),
    );
    expect(items(sut)[0]!.indicators).toEqual([
      {
        name: 'A',
        baseline: 1,
        target: 3,
        targetsByFy: { 2026: 2, 2027: 3 },
        direction: 'higher',
        sourceRow: 2,
      },
    ]);
  });

  it('applies the budget unit from the header', () => {
    const sut = succeeded(validate(table(['番号', '事業名', '予算額(千円)'], [['1', 'A', '¥1,234']])));
    expect(items(sut)[0]!.budget).toEqual({ currentAmount: 1_234_000 });
  });

  it('warns about targets outside the plan period', () => {
    const sut = succeeded(
      validate(table(['番号', '事業名', '指標', '方向', '目標値(2030年度)'], [['1', 'A', 'a', '↑', '1']]), {
        periodStartFy: 2024,
        periodEndFy: 2027,
      }),
    );
    expect(brief(sut.warnings)).toEqual([[2, '目標値(2030年度)', 'target_outside_period']]);
  });

  it('takes the plan title from the options, else metadata, else the file name (with a warning)', () => {
    const noTitle = { metadata: { entries: [], notes: [] } };
    expect(succeeded(validate(table(['title'], [['A']]), { planTitle: '指定' })).plan.title).toBe('指定');
    const fromFile = succeeded(
      validate(table(['title'], [['A']], noTitle), { fileName: 'C:\\up\\平塚市計画.csv' }),
    );
    expect(fromFile.plan.title).toBe('平塚市計画');
    expect(fromFile.warnings.map((w) => w.rule)).toContain('plan_title_missing');
    expect(brief(failed(validate(table(['title'], [['A']], noTitle))).problems)).toEqual([
      [null, null, 'plan_title_missing'],
    ]);
  });

  it('prefers options over file metadata and warns when the city differs', () => {
    const t = table(['title'], [['A']], {
      metadata: {
        entries: [
          { key: 'plan', value: 'ファイルの計画', row: 1 },
          { key: 'city', value: '平塚市', row: 2 },
          { key: 'period', value: '2024-2027', row: 3 },
        ],
        notes: [],
      },
    });
    const sut = succeeded(validate(t, { tenantName: '町田市', periodEndFy: 2028 }));
    expect(sut.plan).toMatchObject({
      title: 'ファイルの計画',
      tenantName: '町田市',
      periodStartFy: 2024,
      periodEndFy: 2028,
    });
    expect(sut.warnings.map((w) => w.rule)).toEqual(['metadata_mismatch', 'code_auto_assigned']);
  });

  it('refuses an unreadable or reversed period', () => {
    const withPeriod = (value: string) =>
      table(['title'], [['A']], { metadata: { entries: [{ key: '計画期間', value, row: 1 }], notes: [] } });
    expect(failed(validate(withPeriod('いつか'), { planTitle: 'x' })).problems.map((p) => p.rule)).toEqual([
      'metadata_invalid',
    ]);
    expect(failed(validate(withPeriod('2027-2024'), { planTitle: 'x' })).problems.map((p) => p.rule)).toEqual(
      ['period_invalid'],
    );
  });

  it('refuses more data rows than allowed as too large (413)', () => {
    const sut = failed(validate(table(['title'], [['A'], ['B'], ['C']]), { maxRows: 2 }));
    expect(sut.tooLarge).toEqual({ limit: 'rows', max: 2, actual: 3 });
    expect(sut.problems.map((p) => p.rule)).toEqual(['too_many_rows']);
  });

  it('reports a header-only table as having no data', () => {
    expect(brief(failed(validate(table(['title'], []))).problems)).toEqual([[1, null, 'file_empty']]);
  });

  it('warns once about values in a column without header', () => {
    const sut = succeeded(
      validate(
        table(
          ['title', ''],
          [
            ['A', 'x'],
            ['B', 'y'],
          ],
        ),
      ),
    );
    expect(brief(sut.warnings)).toEqual([
      [1, null, 'code_auto_assigned'],
      [2, '(2)', 'cell_without_header'],
    ]);
  });
});
