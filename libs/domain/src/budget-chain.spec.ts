import { BUDGET_AMOUNT_LIMIT, validateBudgetAmounts } from './budget-chain';

const fields = (input: Parameters<typeof validateBudgetAmounts>[0]) =>
  validateBudgetAmounts(input).map((p) => `${p.field}:${p.rule}`);

describe('validateBudgetAmounts', () => {
  it('takes 査定額 and/or 当初予算額 in whole yen with a reason', () => {
    expect(fields({ assessed: 11_500_000, reason: '精査' })).toEqual([]);
    expect(fields({ adopted: 0, reason: '廃止' })).toEqual([]);
    expect(fields({ assessed: 1, adopted: BUDGET_AMOUNT_LIMIT, reason: 'r' })).toEqual([]);
  });

  it('names a negative, fractional, too large or non-numeric amount by its field', () => {
    expect(fields({ assessed: -1, reason: 'r' })).toEqual(['assessed:integer_yen']);
    expect(fields({ adopted: 10.5, reason: 'r' })).toEqual(['adopted:integer_yen']);
    expect(fields({ adopted: BUDGET_AMOUNT_LIMIT + 1, reason: 'r' })).toEqual(['adopted:max']);
    expect(fields({ assessed: '1000', reason: 'r' })).toEqual(['assessed:integer_yen']);
    expect(validateBudgetAmounts({ assessed: -1, reason: 'r' })[0]!.message.ja).toContain('査定額');
  });

  it('wants at least one amount and a reason of at most 1000 characters', () => {
    expect(fields({ reason: 'r' })).toEqual(['assessed:atLeastOne', 'adopted:atLeastOne']);
    expect(fields({ assessed: 1, reason: '  ' })).toEqual(['reason:required']);
    expect(fields({ assessed: 1, reason: 'x'.repeat(1001) })).toEqual(['reason:max_length']);
  });
});
