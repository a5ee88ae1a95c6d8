import fc from 'fast-check';
import { CONTINUE_TOLERANCE_PERCENT, reflectBudget, validateBudgetProposal } from './budget-rules';
import { ACT_DECISIONS, type ActDecision } from './stages';

const rules = (decision: ActDecision, current: number, proposed?: number | null) =>
  validateBudgetProposal(decision, current, proposed).map((p) => p.rule);

describe('reflectBudget', () => {
  it.each([
    ['expand', 1_000_000, 1_500_000, 1_500_000, 500_000, 'expand.proposal'],
    ['reduce', 1_000_000, 600_000, 600_000, -400_000, 'reduce.proposal'],
    ['continue', 1_000_000, undefined, 1_000_000, 0, 'continue.carry_over'],
    ['continue', 1_000_000, 1_000_000, 1_000_000, 0, 'continue.carry_over'],
    ['continue', 1_000_000, 1_030_000, 1_030_000, 30_000, 'continue.adjusted'],
    ['improve', 1_000_000, undefined, 1_000_000, 0, 'improve.carry_over'],
    ['improve', 1_000_000, 1_200_000, 1_200_000, 200_000, 'improve.proposal'],
    ['abolish', 1_000_000, undefined, 0, -1_000_000, 'abolish.zero'],
    ['complete', 1_000_000, 0, 0, -1_000_000, 'complete.zero'],
  ] as const)(
    '%s from %d with proposal %p → %d (delta %d, %s)',
    (decision, current, proposed, amount, delta, rule) => {
      const sut = reflectBudget({ decision, currentAmount: current, proposedAmount: proposed });
      expect(sut).toMatchObject({ currentAmount: current, proposedAmount: amount, delta, rule });
      expect(sut.ruleDescription.ja).not.toBe('');
      expect(sut.ruleDescription.en).not.toBe('');
    },
  );

  it('refuses to reflect an invalid proposal', () => {
    expect(() => reflectBudget({ decision: 'expand', currentAmount: 100, proposedAmount: 100 })).toThrow(
      /must_exceed_current/,
    );
  });

  it('delta is always proposed − current for every valid proposal', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ACT_DECISIONS),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.option(fc.integer({ min: 0, max: 10_000_000_000 }), { nil: undefined }),
        (decision, currentAmount, proposedAmount) => {
          const valid = validateBudgetProposal(decision, currentAmount, proposedAmount).length === 0;
          if (!valid) {
            expect(() => reflectBudget({ decision, currentAmount, proposedAmount })).toThrow(RangeError);
            return;
          }
          const sut = reflectBudget({ decision, currentAmount, proposedAmount });
          expect(sut.delta).toBe(sut.proposedAmount - sut.currentAmount);
          expect(Number.isSafeInteger(sut.proposedAmount)).toBe(true);
          expect(sut.rule.startsWith(`${decision}.`)).toBe(true);
          if (proposedAmount !== undefined) expect(sut.proposedAmount).toBe(proposedAmount);
        },
      ),
    );
  });
});

describe('validateBudgetProposal', () => {
  it('requires whole non-negative yen', () => {
    expect(rules('improve', 100, 10.5)).toEqual(['integer_yen']);
    expect(rules('improve', 100, -1)).toEqual(['integer_yen']);
    expect(rules('improve', 100.5, 100)).toEqual(['integer_yen']);
    expect(validateBudgetProposal('improve', -1, 100)[0]!.field).toBe('currentAmount');
  });

  it('expand needs an amount above the current one', () => {
    expect(rules('expand', 100, undefined)).toEqual(['required']);
    expect(rules('expand', 100, 100)).toEqual(['must_exceed_current']);
    expect(rules('expand', 0, 1)).toEqual([]);
  });

  it('reduce needs an amount below the current one and above zero', () => {
    expect(rules('reduce', 100, null)).toEqual(['required']);
    expect(rules('reduce', 100, 100)).toEqual(['must_be_below_current']);
    expect(rules('reduce', 100, 0)).toEqual(['reduce_to_zero_is_abolish']);
    expect(rules('reduce', 100, 99)).toEqual([]);
  });

  it(`continue stays within ±${CONTINUE_TOLERANCE_PERCENT}% of the current amount`, () => {
    expect(rules('continue', 1_000_000, 1_050_000)).toEqual([]);
    expect(rules('continue', 1_000_000, 950_000)).toEqual([]);
    expect(rules('continue', 1_000_000, 1_050_001)).toEqual(['continue_out_of_tolerance']);
    expect(rules('continue', 1_000_000, 949_999)).toEqual(['continue_out_of_tolerance']);
    expect(rules('continue', 0, 1)).toEqual(['continue_out_of_tolerance']);
  });

  it('abolish and complete accept only zero', () => {
    expect(rules('abolish', 100, 0)).toEqual([]);
    expect(rules('abolish', 100, 1)).toEqual(['must_be_zero']);
    expect(rules('complete', 100, 50)).toEqual(['must_be_zero']);
  });

  it('puts the amounts into bilingual messages under the requested field', () => {
    const [sut] = validateBudgetProposal('expand', 1_200_000, 1_000_000, 'budgetProposal');
    expect(sut).toEqual({
      field: 'budgetProposal',
      rule: 'must_exceed_current',
      message: {
        ja: '拡充の場合は現行額（1,200,000円）を上回る額を入力してください。',
        en: 'To expand, enter more than the current ¥1,200,000.',
      },
    });
  });
});
