import { changedSincePrevious, valuesByIndicator } from './compare-rounds';

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
