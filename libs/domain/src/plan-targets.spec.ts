import {
  type PlanTargetInput,
  planTargetProgress,
  targetPeriodOf,
  validatePlanTargetActual,
  validatePlanTargetSettings,
} from './plan-targets';

const PERIOD = { fromFy: 2025, toFy: 2028 };

/** A flow such as 削減効果額 (千円): yearly targets adding up to 500. */
const flow: PlanTargetInput = {
  direction: 'higher_is_better',
  baseline: null,
  accumulation: 'sum',
  periodTarget: 500,
  targets: { 2025: 100, 2026: 120, 2027: 130, 2028: 150 },
  actuals: { 2025: 90, 2026: 140, 2027: 10 },
};

/** A stock such as 経常収支比率 (%): 95.0 before the plan, 90.0 by its end, lower is better. */
const ratio: PlanTargetInput = {
  direction: 'lower_is_better',
  baseline: 95,
  accumulation: 'latest',
  periodTarget: 90,
  targets: { 2025: 94, 2026: 93, 2027: 91.5, 2028: 90 },
  actuals: { 2025: 94, 2026: 92.5 },
};

const fields = (problems: readonly { field: string; rule: string }[]) =>
  problems.map((p) => `${p.field}:${p.rule}`);

describe('planTargetProgress', () => {
  it('sums a flow’s actuals up to the year asked and divides by the whole-period target', () => {
    const sut = planTargetProgress(flow, 2026, PERIOD);
    // 90 + 140 (2027's 10 is after the year asked) = 230; 230 / 500 = 46.0 %.
    expect(sut.cumulative).toBe(230);
    expect(sut.cumulativeFiscalYear).toBe(2026);
    expect(sut.progressRate).toBe(46);
    expect(sut.progressFormula).toBe('cumulative_over_target');
    expect(sut.periodTargetDerived).toBe(false);
    expect(sut.years).toEqual([
      { fiscalYear: 2025, target: 100, actual: 90, achievementRate: 90 },
      // 140 / 120 = 1.1666… → 116.7
      { fiscalYear: 2026, target: 120, actual: 140, achievementRate: 116.7 },
      { fiscalYear: 2027, target: 130, actual: null, achievementRate: null },
      { fiscalYear: 2028, target: 150, actual: null, achievementRate: null },
    ]);
  });

  it('derives a flow’s whole-period target from its yearly targets when none is set', () => {
    const sut = planTargetProgress({ ...flow, periodTarget: null }, 2027, PERIOD);
    expect(sut.periodTarget).toBe(100 + 120 + 130 + 150);
    expect(sut.periodTargetDerived).toBe(true);
    // (90 + 140 + 10) / 500 = 48.0 %
    expect(sut.progressRate).toBe(48);
  });

  it('rounds to a tenth as 効果額進捗率 does', () => {
    const third = planTargetProgress({ ...flow, periodTarget: 3, actuals: { 2025: 1 } }, 2025, PERIOD);
    expect(third.progressRate).toBe(33.3);
    const twoThirds = planTargetProgress({ ...flow, periodTarget: 3, actuals: { 2025: 2 } }, 2025, PERIOD);
    expect(twoThirds.progressRate).toBe(66.7);
  });

  it('measures a stock by its latest actual, from the baseline, lower being better', () => {
    const sut = planTargetProgress(ratio, 2026, PERIOD);
    // (92.5 − 95) / (90 − 95) = 0.5 → 50.0 %
    expect(sut.cumulative).toBe(92.5);
    expect(sut.cumulativeFiscalYear).toBe(2026);
    expect(sut.progressRate).toBe(50);
    expect(sut.progressFormula).toBe('progress_from_baseline');
    // As of 2025: (94 − 95) / (90 − 95) = 20.0 %
    expect(planTargetProgress(ratio, 2025, PERIOD).progressRate).toBe(20);
    // A later year without its actual keeps the latest known one.
    expect(planTargetProgress(ratio, 2028, PERIOD)).toMatchObject({
      cumulative: 92.5,
      cumulativeFiscalYear: 2026,
    });
  });

  it('uses the ratio formula for a stock when the indicator says so', () => {
    const sut = planTargetProgress({ ...ratio, formula: 'ratio' }, 2026, PERIOD);
    // 90 / 92.5 = 0.97297… → 97.3 %
    expect(sut.progressRate).toBe(97.3);
    expect(sut.progressFormula).toBe('target_over_actual');
  });

  it('takes a stock’s final target, else its last yearly target, when no period target is set', () => {
    const fromFinal = planTargetProgress({ ...ratio, periodTarget: null, finalTarget: 85 }, 2026, PERIOD);
    expect(fromFinal.periodTarget).toBe(85);
    // (92.5 − 95) / (85 − 95) = 25.0 %
    expect(fromFinal.progressRate).toBe(25);
    const fromLastYear = planTargetProgress({ ...ratio, periodTarget: null }, 2026, PERIOD);
    expect(fromLastYear).toMatchObject({ periodTarget: 90, periodTargetDerived: true, progressRate: 50 });
  });

  it('divides the target by the sum for a lower-is-better flow', () => {
    const sut = planTargetProgress(
      { ...flow, direction: 'lower_is_better', periodTarget: 100, actuals: { 2025: 60, 2026: 65 } },
      2026,
      PERIOD,
    );
    // 100 / 125 = 80.0 %
    expect(sut).toMatchObject({ cumulative: 125, progressRate: 80 });
  });

  it('has no progress without an actual or without a target', () => {
    expect(planTargetProgress({ ...flow, actuals: {} }, 2026, PERIOD)).toMatchObject({
      cumulative: null,
      progressRate: null,
      progressFormula: null,
    });
    const noTarget = planTargetProgress({ ...ratio, periodTarget: null, targets: {} }, 2026, PERIOD);
    expect(noTarget).toMatchObject({ periodTarget: null, cumulative: 92.5, progressRate: null });
  });
});

describe('targetPeriodOf', () => {
  it('keeps the plan’s own years, else the years known with the year asked', () => {
    expect(targetPeriodOf({ periodStartFy: 2024, periodEndFy: 2027 }, [2030], 2025)).toEqual({
      fromFy: 2024,
      toFy: 2027,
    });
    expect(targetPeriodOf({ periodStartFy: null, periodEndFy: null }, [2026, 2028], 2025)).toEqual({
      fromFy: 2025,
      toFy: 2028,
    });
  });
});

describe('validatePlanTargetActual', () => {
  const ok = { value: 92.5, source: '決算カード', asOf: '2026-09-30' };

  it('accepts a figure with its source and a date within or after the year', () => {
    expect(validatePlanTargetActual(ok, 2025, '2026-12-07')).toEqual([]);
    expect(
      validatePlanTargetActual({ ...ok, asOf: '2025-04-01', note: '速報値' }, 2025, '2026-12-07'),
    ).toEqual([]);
  });

  it('names each field with its rule', () => {
    expect(
      fields(validatePlanTargetActual({ value: '1', source: ' ', asOf: '2026-02-30' }, 2025, '2026-12-07')),
    ).toEqual(['value:number', 'source:required', 'asOf:date']);
    expect(
      fields(validatePlanTargetActual({ ...ok, value: Number.POSITIVE_INFINITY }, 2025, '2026-12-07')),
    ).toEqual(['value:number']);
    expect(
      fields(validatePlanTargetActual({ ...ok, value: 2e15, source: 'x'.repeat(201) }, 2025, '2026-12-07')),
    ).toEqual(['value:range', 'source:max_length']);
    expect(fields(validatePlanTargetActual({ ...ok, asOf: '2026-12-08' }, 2025, '2026-12-07'))).toEqual([
      'asOf:not_future',
    ]);
    expect(fields(validatePlanTargetActual({ ...ok, asOf: '2025-03-31' }, 2025, '2026-12-07'))).toEqual([
      'asOf:within_or_after_year',
    ]);
    expect(fields(validatePlanTargetActual({ ...ok, note: 'x'.repeat(2001) }, 2025, '2026-12-07'))).toEqual([
      'note:max_length',
    ]);
    const [first] = validatePlanTargetActual({ ...ok, value: undefined }, 2025, '2026-12-07');
    expect(first).toMatchObject({ field: 'value', rule: 'required' });
    expect(first!.message.ja).not.toBe('');
    expect(first!.message.en).not.toBe('');
  });
});

describe('validatePlanTargetSettings', () => {
  it('accepts targets within the period, a period target or null, and either accumulation', () => {
    expect(
      validatePlanTargetSettings({ periodTarget: 90, targets: { 2025: 94 }, accumulation: 'latest' }, PERIOD),
    ).toEqual([]);
    expect(validatePlanTargetSettings({ periodTarget: null, accumulation: 'sum' }, null)).toEqual([]);
  });

  it('names the year outside the period, a bad value and an unknown accumulation', () => {
    expect(
      fields(
        validatePlanTargetSettings(
          { periodTarget: 'x', targets: { 2024: 1, 2026: Number.NaN, abc: 3 }, accumulation: 'average' },
          PERIOD,
        ),
      ),
    ).toEqual([
      'periodTarget:number',
      'accumulation:enum',
      'targets.2024:fiscal_year',
      'targets.2026:number',
      'targets.abc:fiscal_year',
    ]);
    expect(fields(validatePlanTargetSettings({ targets: [1] }, PERIOD))).toEqual(['targets:type']);
  });
});
