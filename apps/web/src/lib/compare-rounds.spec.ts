import { changedFields, changedSincePrevious, valuesByIndicator } from './compare-rounds';

describe('a round beside the previous one, per indicator', () => {
  it('reads targets, actuals and interim values by indicator id', () => {
    expect([
      ...valuesByIndicator({
        targets: [{ indicatorId: 'a', target: 55 }],
        activities: ['x'],
        budgetRequest: 1,
      }),
    ]).toEqual([['a', 55]]);
    expect([
      ...valuesByIndicator({ actuals: [{ indicatorId: 'b', actual: 0 }], selfRating: 'B', analysis: '' }),
    ]).toEqual([['b', 0]]);
    expect([
      ...valuesByIndicator({
        periodIndex: 1,
        progress: 30,
        status: 'on_track',
        indicators: [{ indicatorId: 'c', value: 3 }],
        notes: 'x',
      }),
    ]).toEqual([['c', 3]]);
    expect(valuesByIndicator({ periodIndex: 2, progress: 40, status: 'delayed' }).size).toBe(0);
    expect(valuesByIndicator({ summary: '報告' }).size).toBe(0);
    expect(valuesByIndicator(null).size).toBe(0);
  });

  it('marks a change only when there is a previous round', () => {
    expect(changedSincePrevious(55, 50, true)).toBe(true);
    expect(changedSincePrevious(55, 55, true)).toBe(false);
    expect(changedSincePrevious(55, undefined, false)).toBe(false);
    expect(changedSincePrevious(0, undefined, true)).toBe(true);
  });
});

describe('what changed since the previous round, field by field', () => {
  const round1 = {
    targets: [{ indicatorId: 'a', target: 55 }],
    activities: ['拡大する'],
    budgetRequest: 9_500_000,
    effectTarget: { spendingReduction: 1, revenueGain: 2, cost: 3 },
  };

  it('names each changed field with its previous value', () => {
    const round2 = { ...round1, budgetRequest: 9_300_000, activities: ['拡大する', '周知する'] };
    expect([...changedFields(round2, round1)]).toEqual([
      ['activities', ['拡大する']],
      ['budgetRequest', 9_500_000],
    ]);
  });

  it('ignores key order, the answer to the return, and an empty field against a missing one', () => {
    const reordered = {
      budgetRequest: 9_500_000,
      activities: ['拡大する'],
      effectTarget: { cost: 3, revenueGain: 2, spendingReduction: 1 },
      targets: [{ target: 55, indicatorId: 'a' }],
      returnAnswer: '根拠を追記しました',
    };
    expect(changedFields(reordered, round1).size).toBe(0);
    expect(changedFields({ summary: 'x', issues: '' }, { summary: 'x' }).size).toBe(0);
  });

  it('reports a field added or removed, and nothing without a previous round', () => {
    const { effectTarget: _, ...withoutEffect } = round1;
    expect([...changedFields(withoutEffect, round1).keys()]).toEqual(['effectTarget']);
    expect([...changedFields(round1, withoutEffect)]).toEqual([['effectTarget', undefined]]);
    expect(changedFields(round1, null).size).toBe(0);
  });
});
