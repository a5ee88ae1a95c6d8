import fc from 'fast-check';
import {
  achievementFormulaNote,
  achievementRate,
  MAX_ACHIEVEMENT_RATE,
  suggestedRating,
} from './achievement';

describe('the city’s or the indicator’s formula', () => {
  // CITY-PRACTICE.md: Hiratsuka's 市税収納率, baseline 98.9, target 99.3, actual 99.0.
  const 市税収納率 = { baseline: 98.9, target: 99.3, actual: 99.0, direction: 'higher_is_better' } as const;

  it('gives 99.7 % with ratio (実績 ÷ 目標) and 25 % with progress (from the baseline)', () => {
    expect(achievementRate({ ...市税収納率, formula: 'ratio' })).toEqual({
      rate: 99.7,
      formula: 'actual_over_target',
      capped: false,
    });
    expect(achievementRate({ ...市税収納率, formula: 'progress' })).toEqual({
      rate: 25,
      formula: 'progress_from_baseline',
      capped: false,
    });
    // No formula: progress, as before formulas were settings.
    expect(achievementRate(市税収納率).rate).toBe(25);
  });

  it('handles lower is better with both formulas', () => {
    // 経常収支比率: baseline 95.0 %, target 90.0 %, actual 92.0 %.
    const ratio = { baseline: 95, target: 90, actual: 92, direction: 'lower_is_better' } as const;
    expect(achievementRate({ ...ratio, formula: 'ratio' })).toEqual({
      rate: 97.8,
      formula: 'target_over_actual',
      capped: false,
    });
    expect(achievementRate({ ...ratio, formula: 'progress' })).toEqual({
      rate: 60,
      formula: 'progress_from_baseline',
      capped: false,
    });
  });

  it('falls back to the ratio under progress when there is no baseline', () => {
    expect(
      achievementRate({ target: 200, actual: 150, direction: 'higher_is_better', formula: 'progress' }),
    ).toEqual({ rate: 75, formula: 'actual_over_target', capped: false });
  });

  it('names the formula it used, to be printed with the figure', () => {
    expect(achievementFormulaNote('actual_over_target')).toEqual({
      ja: '算式：実績÷目標',
      en: 'formula: actual ÷ target',
    });
    expect(achievementFormulaNote('target_over_actual').ja).toBe('算式：目標÷実績');
    expect(achievementFormulaNote('progress_from_baseline').ja).toBe(
      '算式：基準値からの進捗（(実績−基準値)÷(目標−基準値)）',
    );
  });
});

describe('achievementRate', () => {
  it('higher is better: actual / target', () => {
    expect(achievementRate({ target: 200, actual: 150, direction: 'higher_is_better' })).toEqual({
      rate: 75,
      formula: 'actual_over_target',
      capped: false,
    });
    expect(achievementRate({ target: 3, actual: 2, direction: 'higher_is_better' }).rate).toBe(66.7);
    expect(achievementRate({ target: 200, actual: 23, direction: 'higher_is_better' }).rate).toBe(11.5);
    expect(achievementRate({ target: 100, actual: 130, direction: 'higher_is_better' }).rate).toBe(130);
    expect(achievementRate({ target: 100, actual: 0, direction: 'higher_is_better' }).rate).toBe(0);
  });

  it('lower is better: target / actual', () => {
    expect(achievementRate({ target: 80, actual: 100, direction: 'lower_is_better' })).toEqual({
      rate: 80,
      formula: 'target_over_actual',
      capped: false,
    });
    expect(achievementRate({ target: 80, actual: 40, direction: 'lower_is_better' }).rate).toBe(200);
  });

  it('lower is better with zeros: 0 of 0 is met, missing a zero target is 0, reaching 0 is the cap', () => {
    expect(achievementRate({ target: 0, actual: 0, direction: 'lower_is_better' }).rate).toBe(100);
    expect(achievementRate({ target: 0, actual: 3, direction: 'lower_is_better' }).rate).toBe(0);
    expect(achievementRate({ target: 10, actual: 0, direction: 'lower_is_better' })).toEqual({
      rate: MAX_ACHIEVEMENT_RATE,
      formula: 'target_over_actual',
      capped: true,
    });
  });

  it('uses progress from the baseline when one is given, in both directions', () => {
    expect(
      achievementRate({ baseline: 100, target: 200, actual: 150, direction: 'higher_is_better' }),
    ).toEqual({
      rate: 50,
      formula: 'progress_from_baseline',
      capped: false,
    });
    expect(
      achievementRate({ baseline: 100, target: 60, actual: 90, direction: 'lower_is_better' }).rate,
    ).toBe(25);
    // Worse than the baseline is negative; negative values work with a baseline.
    expect(
      achievementRate({ baseline: -50, target: 0, actual: -60, direction: 'higher_is_better' }).rate,
    ).toBe(-20);
  });

  it('falls back to the ratio when the target only keeps the baseline level', () => {
    expect(
      achievementRate({ baseline: 100, target: 100, actual: 95, direction: 'higher_is_better' }),
    ).toEqual({
      rate: 95,
      formula: 'actual_over_target',
      capped: false,
    });
  });

  it.each([
    [{ target: 0, actual: 5, direction: 'higher_is_better' }, 'NON_POSITIVE_TARGET'],
    [{ target: -10, actual: 5, direction: 'higher_is_better' }, 'NON_POSITIVE_TARGET'],
    [{ target: 10, actual: -1, direction: 'lower_is_better' }, 'NEGATIVE_VALUE'],
    [{ target: Number.NaN, actual: 1, direction: 'higher_is_better' }, 'NON_FINITE_INPUT'],
    [{ target: 50, actual: 1, baseline: 100, direction: 'higher_is_better' }, 'TARGET_CONTRADICTS_DIRECTION'],
    [{ target: 150, actual: 1, baseline: 100, direction: 'lower_is_better' }, 'TARGET_CONTRADICTS_DIRECTION'],
  ] as const)('cannot compute %j: %s', (input, reason) => {
    const sut = achievementRate(input);
    expect(sut).toMatchObject({ rate: null, reason });
    expect(sut.rate === null && sut.message.ja.length > 0 && sut.message.en.length > 0).toBe(true);
  });

  it('caps absurd rates and says so', () => {
    expect(achievementRate({ target: 1, actual: 50, direction: 'higher_is_better' })).toEqual({
      rate: MAX_ACHIEVEMENT_RATE,
      formula: 'actual_over_target',
      capped: true,
    });
  });

  it('never falls as the actual improves', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom<'higher_is_better' | 'lower_is_better'>('higher_is_better', 'lower_is_better'),
        (target, a, b, direction) => {
          const [worse, better] =
            direction === 'higher_is_better'
              ? [Math.min(a, b), Math.max(a, b)]
              : [Math.max(a, b), Math.min(a, b)];
          const r1 = achievementRate({ target, actual: worse, direction }).rate;
          const r2 = achievementRate({ target, actual: better, direction }).rate;
          if (r1 !== null && r2 !== null) expect(r2).toBeGreaterThanOrEqual(r1);
        },
      ),
    );
  });
});

describe('suggestedRating', () => {
  it.each([
    [[100, 120], 'A'],
    [[150, 50], 'C'],
    [[80, 85], 'B'],
    [[79.9, 80], 'B'],
    [[79.9, 79.9], 'C'],
    [[60], 'C'],
    [[59.9], 'D'],
    [[-200, 100], 'D'],
    [[100, null], 'A'],
  ] as const)('rates %j as %s', (rates, rating) => {
    expect(suggestedRating(rates)).toBe(rating);
  });

  it('has no suggestion without a computable rate', () => {
    expect(suggestedRating([])).toBeNull();
    expect(suggestedRating([null, null])).toBeNull();
  });
});
