import fc from 'fast-check';
import {
  diffPlanAgainstSnapshot,
  type ImportedItem,
  type ImportedPlan,
  parsePlanFile,
  toPlanSnapshot,
} from '..';
import { countsOf, storedFormOf, storeProblems, workingGroupNames } from './plan-store-rules';

function plan(items: ImportedItem[], extra: Partial<ImportedPlan> = {}): ImportedPlan {
  return {
    title: '計画',
    metadata: {},
    notes: [],
    nodeLevels: 2,
    indicators: [],
    nodes: [
      {
        code: '1',
        title: '目標',
        isDefault: false,
        level: 1,
        indicators: [],
        items: [],
        children: [
          { code: '1-1', title: 'テーマ', isDefault: false, level: 2, indicators: [], children: [], items },
        ],
      },
    ],
    ...extra,
  };
}

function item(code: string, extra: Partial<ImportedItem> = {}): ImportedItem {
  return { code, codeAutoAssigned: false, title: `項目${code}`, indicators: [], sourceRow: 2, ...extra };
}

describe('storeProblems', () => {
  it('accepts a plain plan', () => {
    expect(storeProblems(plan([item('A', { budget: { currentAmount: 1000 } })]))).toEqual([]);
  });

  it('refuses NUL characters, budgets that are not whole non-negative yen, twin indicators, absurd numbers', () => {
    const sut = storeProblems(
      plan(
        [
          item('A', { title: 'a\u0000b', sourceRow: 3 }),
          item('B', { budget: { currentAmount: -1 }, sourceRow: 4 }),
          item('C', { budget: { currentAmount: 0.5 }, sourceRow: 5 }),
          item('D', {
            sourceRow: 6,
            indicators: [
              { name: '件数', targetsByFy: {}, sourceRow: 6 },
              { name: '件数', targetsByFy: {}, sourceRow: 7 },
              { name: '率', baseline: 1e16, targetsByFy: { 2027: Number.POSITIVE_INFINITY }, sourceRow: 8 },
            ],
          }),
        ],
        { periodStartFy: 2027, periodEndFy: 2024 },
      ),
    );
    expect(sut.map((p) => [p.row, p.rule])).toEqual([
      [3, 'invalid_character'],
      [4, 'budget_invalid'],
      [5, 'budget_invalid'],
      [7, 'duplicate_indicator'],
      [8, 'value_out_of_range'],
      [8, 'value_out_of_range'],
      [null, 'period_invalid'],
    ]);
    expect(sut[0]).toMatchObject({ value: 'a\\u0000b', column: '改革項目 (title)' });
    for (const problem of sut) {
      expect(problem.severity).toBe('error');
      expect(problem.message.ja).not.toBe('');
      expect(problem.message.en).not.toBe('');
    }
  });
});

describe('storedFormOf', () => {
  it('fills the defaults the database applies: direction, the final target under the last fiscal year, 0 yen', () => {
    const sut = storedFormOf(
      plan([item('A', { indicators: [{ name: '件数', target: 60, targetsByFy: {}, sourceRow: 2 }] })], {
        periodEndFy: 2027,
      }),
      new Map(),
    );
    const stored = sut.nodes[0]!.children[0]!.items[0]!;
    expect(stored.indicators[0]).toMatchObject({
      direction: 'higher',
      target: 60,
      targetsByFy: { 2027: 60 },
    });
    expect(stored.budget).toEqual({ currentAmount: 0 });
  });

  it('keeps an existing budget when the file gives none, and year targets as they are', () => {
    const sut = storedFormOf(
      plan([
        item('A', {
          indicators: [
            { name: '件数', target: 5, targetsByFy: { 2025: 3, 2026: 5 }, direction: 'lower', sourceRow: 2 },
          ],
        }),
      ]),
      new Map([['A', { code: 'A', title: 'x', budgetAmount: 7000 }]]),
    );
    const stored = sut.nodes[0]!.children[0]!.items[0]!;
    expect(stored.budget).toEqual({ currentAmount: 7000 });
    expect(stored.indicators[0]).toMatchObject({ direction: 'lower', targetsByFy: { 2025: 3, 2026: 5 } });
  });
});

describe('stored plans compare equal to themselves (what makes re-imports idempotent)', () => {
  const header =
    '番号\t目標\t改革テーマ\t実施計画事業\t所管\t指標\t単位\t現状値\t目標値\t方向\t予算額\t歳出削減(2025年度)(千円)\t取組経費(2025年度)';
  const number = fc.constantFrom('', '1,234', '▲5', '12.5%', '0', '3千', '１２');
  const row = fc.record({
    continues: fc.boolean(),
    goal: fc.constantFrom('', '目標1 効率化', '目標2 財政'),
    theme: fc.constantFrom('', 'テーマA', 'テーマB'),
    title: fc.constantFrom('窓口改善', '公共施設の再編', 'x'),
    wg: fc.constantFrom('', 'WG1', 'WG2'),
    indicator: fc.constantFrom('件数', '率', '満足度'),
    unit: fc.constantFrom('', '件', '%'),
    baseline: number,
    target: number,
    direction: fc.constantFrom('高いほど良い', '低い方が良い', '↑'),
    budget: fc.constantFrom('', '1,000', '0', '2億'),
    effect: fc.constantFrom('', '1,000', '0', '2千'),
  });

  it('for any file the parser accepts, the stored form diffs as all unchanged against its own snapshot', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 12 }),
        fc.option(fc.integer({ min: 2000, max: 2100 }), { nil: undefined }),
        (rows, endFy) => {
          // A continuation row repeats the previous item's code with an empty title (one more indicator).
          let code = 0;
          const lines = rows.map((r, i) => {
            const continues = r.continues && i > 0;
            if (!continues) code++;
            const item = continues ? ['', '', ''] : [r.goal, r.theme, r.title];
            return [
              `C${code}`,
              ...item,
              continues ? '' : r.wg,
              `${r.indicator}${i}`,
              r.unit,
              r.baseline,
              r.target,
              r.direction,
              continues ? '' : r.budget,
              continues ? '' : r.effect,
              continues ? '' : r.effect,
            ].join('\t');
          });
          const parsed = parsePlanFile(Buffer.from([header, ...lines].join('\n')), {
            fileName: 'p.tsv',
            planTitle: 'p',
            ...(endFy ? { periodStartFy: endFy, periodEndFy: endFy } : {}),
          });
          if (!parsed.ok) return;
          accepted++;
          const refused = storeProblems(parsed.plan);
          expect(refused.every((p) => p.rule === 'budget_invalid')).toBe(true);
          const stored = storedFormOf(parsed.plan, new Map());
          const diff = diffPlanAgainstSnapshot(stored, toPlanSnapshot(stored));
          expect(diff.added).toEqual([]);
          expect(diff.changed).toEqual([]);
          expect(diff.unchanged).toHaveLength(countsOf(parsed.plan).items);
          // Storing twice is storing once.
          const existing = new Map(toPlanSnapshot(stored).items.map((i) => [i.code, i]));
          expect(storedFormOf(stored, existing)).toEqual(stored);
          expect(new Set(workingGroupNames(stored)).size).toBe(workingGroupNames(stored).length);
        },
      ),
      { numRuns: 200 },
    );
    // The property is about accepted files: most generated files must be.
    expect(accepted).toBeGreaterThan(100);
  });
});
