import { periodTotalsOf, type RollupItem, rollUpPlan } from './plan-rollup';
import {
  DEFAULT_PROGRESS_GRADE_SCALE,
  gradeOfReview,
  PROGRESS_GRADE_PRESETS,
  resolveProgressGradeScale,
  validateGrade,
  validateProgressGradeScale,
} from './progress-grades';
import { validateEvaluationSubmission, validatePlanSubmission, validateReviewSubmission } from './validation';

function item(goal: string, theme: string, overrides: Partial<RollupItem> = {}): RollupItem {
  return {
    goalCode: goal,
    goalTitle: `goal ${goal}`,
    themeCode: theme,
    themeTitle: `theme ${theme}`,
    stage: 'ACT',
    grade: 'A',
    rating: 'B',
    decision: 'continue',
    effectsByYear: {},
    ...overrides,
  };
}

describe('rollUpPlan on a four-level plan', () => {
  const net = (n: number) => ({
    2025: { target: { spendingReduction: n, revenueGain: 0, cost: 0, net: n }, actual: null },
  });
  const at = (...codes: string[]) => codes.map((code) => ({ code, title: `node ${code}` }));
  const sut = rollUpPlan(
    [
      item('方針2', '方針2-1', { path: at('方針2', '方針2-1', '2-1-1'), effectsByYear: net(100) }),
      item('方針2', '方針2-1', { path: at('方針2', '方針2-1', '2-1-1'), effectsByYear: net(20), grade: 'C' }),
      item('方針2', '方針2-1', { path: at('方針2', '方針2-1', '2-1-2'), effectsByYear: net(3) }),
      item('方針2', '方針2-2', { path: at('方針2', '方針2-2', '2-2-1'), effectsByYear: net(4000) }),
      item('方針3', '方針3', { path: at('方針3', '方針3', '方針3'), effectsByYear: net(50000) }),
    ],
    2025,
    2025,
  );

  it('totals every node of every level, each item under its own path once', () => {
    const totals = (nodes: typeof sut.nodes): unknown =>
      nodes.map((n) => [n.level, n.code, n.items, n.year.target.net, totals(n.children)]);
    expect(totals(sut.nodes)).toEqual([
      [
        1,
        '方針2',
        4,
        4123,
        [
          [
            2,
            '方針2-1',
            3,
            123,
            [
              [3, '2-1-1', 2, 120, []],
              [3, '2-1-2', 1, 3, []],
            ],
          ],
          [2, '方針2-2', 1, 4000, [[3, '2-2-1', 1, 4000, []]]],
        ],
      ],
      [1, '方針3', 1, 50000, [[2, '方針3', 1, 50000, [[3, '方針3', 1, 50000, []]]]]],
    ]);
    expect(sut.nodes[0]!.children[0]!.children[0]!.byGrade).toEqual({ A: 1, C: 1 });
    expect(sut.plan.year.target.net).toBe(54123);
  });

  it('still gives goals and themes (the first two levels)', () => {
    expect(sut.goals.map((g) => [g.code, g.items, g.themes.map((t) => t.code)])).toEqual([
      ['方針2', 4, ['方針2-1', '方針2-2']],
      ['方針3', 1, ['方針3']],
    ]);
  });
});

describe('rollUpPlan', () => {
  const sut = rollUpPlan(
    [
      item('1', '1-1', {
        effectsByYear: {
          2024: {
            target: { spendingReduction: 100, revenueGain: 0, cost: 0, net: 100 },
            actual: { spendingReduction: 80, revenueGain: 0, cost: 0 },
          },
          2025: {
            target: { spendingReduction: 300, revenueGain: 50, cost: 50, net: 300 },
            actual: { spendingReduction: 200, revenueGain: 100, cost: 60 },
          },
        },
      }),
      item('1', '1-2', {
        grade: 'C',
        stage: 'DO',
        rating: null,
        decision: null,
        effectsByYear: {
          2025: {
            target: { spendingReduction: null, revenueGain: null, cost: null, net: 500 },
            actual: null,
          },
        },
      }),
      item('2', '2-1', {
        grade: null,
        stage: null,
        effectsByYear: {
          2026: { target: { spendingReduction: 9, revenueGain: 0, cost: 0, net: 9 }, actual: null },
        },
      }),
    ],
    2025,
    2024,
  );

  it('totals the year and the running total per plan, goal and theme', () => {
    expect(sut.plan.year.target).toEqual({
      spendingReduction: 300,
      revenueGain: 50,
      cost: 50,
      net: 800,
    });
    expect(sut.plan.year.actual).toEqual({
      spendingReduction: 200,
      revenueGain: 100,
      cost: 60,
      net: 240,
    });
    expect(sut.plan.year.achievementRate).toBe(30);
    expect(sut.plan.cumulative.target.net).toBe(900); // 2026 is after the year asked for
    expect(sut.plan.cumulative.actual.net).toBe(320);
    expect(sut.goals.map((g) => [g.code, g.items, g.year.target.net])).toEqual([
      ['1', 2, 800],
      ['2', 1, 0],
    ]);
    expect(sut.goals[0]!.themes.map((t) => [t.code, t.year.actual.net])).toEqual([
      ['1-1', 240],
      ['1-2', 0],
    ]);
    expect(sut.goals[1]!.year.achievementRate).toBeNull();
  });

  it('counts items per grade, stage, rating and decision', () => {
    expect(sut.plan.byGrade).toEqual({ A: 1, C: 1, none: 1 });
    expect(sut.plan.byStage).toEqual({ ACT: 1, DO: 1, not_started: 1 });
    expect(sut.plan.byRating).toEqual({ B: 2, none: 1 });
    expect(sut.plan.byDecision).toEqual({ continue: 2, none: 1 });
  });
});

describe('rollUpPlan against the whole plan period (目標値 / 累計 / 進捗率)', () => {
  // A four-year plan 2024–2027 asked in 2025: each item's targets of all four years, actuals up to 2025.
  const yearly = (target: number, actual: number | null) => ({
    target: { spendingReduction: target, revenueGain: 0, cost: 0, net: target },
    actual: actual === null ? null : { spendingReduction: actual, revenueGain: 0, cost: 0 },
  });
  const items = [
    item('1', '1-1', {
      effectsByYear: {
        2024: yearly(100, 90),
        2025: yearly(200, 260),
        2026: yearly(300, 999), // an actual after the year asked is not counted yet
        2027: yearly(400, null),
        2028: yearly(7000, null), // after the period
      },
    }),
    item('1', '1-2', { effectsByYear: { 2026: yearly(1000, null) } }),
    item('2', '2-1', { effectsByYear: { 2023: yearly(50, 50) } }), // before the period
  ];

  it('sums the targets of the whole period and the actuals up to the year asked', () => {
    const sut = rollUpPlan(items, 2025, 2024, 2027);
    expect(sut.period).toEqual({ fromFy: 2024, toFy: 2027 });
    const target = 100 + 200 + 300 + 400 + 1000;
    const actual = 90 + 260;
    expect(sut.plan.period!.target.net).toBe(target);
    expect(sut.plan.period!.actual.net).toBe(actual);
    expect(sut.plan.period!.achievementRate).toBe(Math.round((actual / target) * 1000) / 10); // 17.5
    expect(sut.plan.period!.itemsWithTarget).toBe(2);
    expect(sut.plan.period!.itemsWithActual).toBe(1);
    expect(sut.goals.map((g) => [g.code, g.period!.target.net, g.period!.actual.net])).toEqual([
      ['1', target, actual],
      ['2', 0, 0],
    ]);
    expect(sut.nodes[0]!.children.map((n) => [n.code, n.period!.target.net])).toEqual([
      ['1-1', 1000],
      ['1-2', 1000],
    ]);
    // The cumulative figures still stop at the year asked.
    expect(sut.plan.cumulative.target.net).toBe(100 + 200);
  });

  it('gives one item the same figures as its node', () => {
    const one = periodTotalsOf(items[0]!, 2025, { fromFy: 2024, toFy: 2027 });
    expect([one.target.net, one.actual.net, one.achievementRate]).toEqual([1000, 350, 35]);
  });

  it('takes the last year the data knows without the period end, and nothing without the argument', () => {
    const open = rollUpPlan(items, 2025, 2024, null);
    expect(open.period).toEqual({ fromFy: 2024, toFy: 2028 });
    expect(open.plan.period!.target.net).toBe(100 + 200 + 300 + 400 + 7000 + 1000);
    const without = rollUpPlan(items, 2025, 2024);
    expect(without.period).toBeUndefined();
    expect(without.plan.period).toBeUndefined();
  });
});

describe('progress grades', () => {
  it('maps today’s review statuses to the presets', () => {
    expect(gradeOfReview({ status: 'at_risk' }, DEFAULT_PROGRESS_GRADE_SCALE)).toBe('B');
    expect(gradeOfReview({ status: 'delayed' }, PROGRESS_GRADE_PRESETS.marks)).toBe('cross');
    expect(gradeOfReview({ status: 'delayed', grade: 'S' }, DEFAULT_PROGRESS_GRADE_SCALE)).toBe('S');
  });

  it('resolves a tenant setting: preset key, custom scale, else the default', () => {
    expect(resolveProgressGradeScale('marks').grades.map((g) => g.symbol)).toEqual(['◎', '○', '△', '×']);
    const custom = {
      key: 'jun',
      grades: [
        { code: 'ok', symbol: '順', label: { ja: '順調', en: 'On track' }, order: 1 },
        { code: 'late', symbol: '遅', label: { ja: '遅れ', en: 'Behind' }, order: 2 },
      ],
      fromReviewStatus: { on_track: 'ok', at_risk: 'late', delayed: 'late' },
    };
    expect(validateProgressGradeScale(custom)).toEqual([]);
    expect(resolveProgressGradeScale(custom)).toBe(custom);
    expect(resolveProgressGradeScale({ grades: [] })).toBe(DEFAULT_PROGRESS_GRADE_SCALE);
    expect(
      validateProgressGradeScale({ ...custom, fromReviewStatus: { on_track: 'x' } }).map((p) => p.field),
    ).toEqual(['fromReviewStatus.on_track', 'fromReviewStatus.at_risk', 'fromReviewStatus.delayed']);
  });

  it('checks a grade against the tenant’s codes, in both languages', () => {
    expect(validateGrade('grade', 'S', undefined)).toEqual([]);
    const [problem] = validateGrade('grade', '◎', ['S', 'A', 'B', 'C']);
    expect(problem).toMatchObject({ field: 'grade', rule: 'enum' });
    expect(problem!.message.ja).toContain('S・A・B・C');
    expect(validateGrade('grade', 'circle', ['double_circle', 'circle'])).toEqual([]);
  });
});

describe('payload fields of #12', () => {
  const review = { periodIndex: 1, progress: 10, status: 'on_track' };
  const evaluation = { actuals: [], selfRating: 'A', analysis: 'ok' };

  it('accepts an optional grade on reviews and evaluations and effects in whole yen', () => {
    expect(validateReviewSubmission({ ...review, grade: 'B' })).toEqual([]);
    expect(validateReviewSubmission(review)).toEqual([]);
    expect(
      validateEvaluationSubmission({
        ...evaluation,
        grade: 'A',
        effects: { spendingReduction: 1, revenueGain: 0, cost: 2 },
      }),
    ).toEqual([]);
  });

  it('names the field and rule of a bad grade or amount', () => {
    expect(
      validateReviewSubmission({ ...review, grade: 'Z' }, { gradeCodes: ['S', 'A'] }).map((p) => [
        p.field,
        p.rule,
      ]),
    ).toEqual([['grade', 'enum']]);
    expect(
      validateEvaluationSubmission({
        ...evaluation,
        effects: { spendingReduction: 1.5, revenueGain: -1 },
      }).map((p) => [p.field, p.rule]),
    ).toEqual([
      ['effects.spendingReduction', 'integer_yen'],
      ['effects.revenueGain', 'integer_yen'],
      ['effects.cost', 'required'],
    ]);
    expect(
      validatePlanSubmission(
        { targets: [], activities: ['a'], budgetRequest: 0, effectTarget: 5 },
        { indicatorIds: [] },
      ).map((p) => [p.field, p.rule]),
    ).toEqual([['effectTarget', 'type']]);
  });
});
