import type { LocalizedText } from './localized-text';
import type { ActDecision } from './stages';
import { formatYen, isIntegerYen, problem, type ValidationProblem } from './validation-problem';

/**
 * How far a `continue` proposal may move from the current amount, in percent: small unit-cost
 * revisions (wages, prices, tax) are still "continue"; anything larger is expand or reduce.
 */
export const CONTINUE_TOLERANCE_PERCENT = 5;

/** Stable ids of the rule that produced a budget reflection. */
export type BudgetRuleId =
  | 'expand.proposal'
  | 'continue.carry_over'
  | 'continue.adjusted'
  | 'improve.carry_over'
  | 'improve.proposal'
  | 'reduce.proposal'
  | 'abolish.zero'
  | 'complete.zero';

/** A next-fiscal-year budget adjustment, all amounts integer yen. */
export interface BudgetReflection {
  readonly currentAmount: number;
  readonly proposedAmount: number;
  /** proposedAmount − currentAmount. */
  readonly delta: number;
  readonly rule: BudgetRuleId;
  readonly ruleDescription: LocalizedText;
}

export interface BudgetReflectionInput {
  readonly decision: ActDecision;
  readonly currentAmount: number;
  readonly proposedAmount?: number | null;
}

const RULE_DESCRIPTIONS: Readonly<Record<BudgetRuleId, LocalizedText>> = {
  'expand.proposal': { ja: '拡充：提案額を計上', en: 'Expand: the proposed (higher) amount is budgeted' },
  'continue.carry_over': { ja: '継続：現行額を据え置き', en: 'Continue: the current amount carries over' },
  'continue.adjusted': {
    ja: `継続：現行額から±${CONTINUE_TOLERANCE_PERCENT}%以内の調整額を計上`,
    en: `Continue: an amount within ±${CONTINUE_TOLERANCE_PERCENT}% of the current one is budgeted`,
  },
  'improve.carry_over': { ja: '改善：現行額を据え置き', en: 'Improve: the current amount carries over' },
  'improve.proposal': { ja: '改善：提案額を計上', en: 'Improve: the proposed amount is budgeted' },
  'reduce.proposal': {
    ja: '縮小：提案額（減額）を計上',
    en: 'Reduce: the proposed (lower) amount is budgeted',
  },
  'abolish.zero': { ja: '休廃止：予算額を0円とする', en: 'Abolish: the budget becomes zero' },
  'complete.zero': { ja: '完了：予算額を0円とする', en: 'Complete: the budget becomes zero' },
};

function withinContinueTolerance(current: number, proposed: number): boolean {
  // Integer arithmetic: |p − c| / c ≤ tolerance%  ⇔  |p − c| × 100 ≤ c × tolerance.
  return Math.abs(proposed - current) * 100 <= current * CONTINUE_TOLERANCE_PERCENT;
}

/**
 * Field-level problems with a next-year budget proposal for `decision` (empty when valid).
 * Amounts are integer yen ≥ 0. expand: required, above current. reduce: required, below current
 * and above 0 (reducing to 0 is abolish). continue: optional (defaults to current), within
 * ±{@link CONTINUE_TOLERANCE_PERCENT}% of current. improve: optional (defaults to current), any
 * amount. abolish / complete: optional, must be 0.
 */
export function validateBudgetProposal(
  decision: ActDecision,
  currentAmount: number,
  proposedAmount?: number | null,
  field = 'proposedAmount',
): ValidationProblem[] {
  if (!isIntegerYen(currentAmount)) {
    return [
      problem('currentAmount', 'integer_yen', {
        ja: '現行額は0以上の整数（円）である必要があります。',
        en: 'The current amount must be a whole number of yen, 0 or more.',
      }),
    ];
  }
  const given = proposedAmount !== undefined && proposedAmount !== null;
  if (given && !isIntegerYen(proposedAmount)) {
    return [
      problem(field, 'integer_yen', {
        ja: '予算額は0以上の整数（円）で入力してください。',
        en: 'Enter the budget as a whole number of yen, 0 or more.',
      }),
    ];
  }
  const current = formatYen(currentAmount);
  const refuse = (rule: string, message: LocalizedText): ValidationProblem[] => [
    problem(field, rule, message),
  ];
  const required = () =>
    refuse('required', {
      ja: '次年度の予算額を入力してください。',
      en: 'Enter the budget for next fiscal year.',
    });
  switch (decision) {
    case 'expand':
      if (!given) return required();
      if (proposedAmount <= currentAmount) {
        return refuse('must_exceed_current', {
          ja: `拡充の場合は現行額（${current}円）を上回る額を入力してください。`,
          en: `To expand, enter more than the current ¥${current}.`,
        });
      }
      return [];
    case 'reduce':
      if (!given) return required();
      if (proposedAmount === 0) {
        return refuse('reduce_to_zero_is_abolish', {
          ja: '0円にする場合は「休廃止」を選択してください。',
          en: 'To cut the budget to zero, choose "abolish".',
        });
      }
      if (proposedAmount >= currentAmount) {
        return refuse('must_be_below_current', {
          ja: `縮小の場合は現行額（${current}円）を下回る額を入力してください。`,
          en: `To reduce, enter less than the current ¥${current}.`,
        });
      }
      return [];
    case 'continue':
      if (given && !withinContinueTolerance(currentAmount, proposedAmount)) {
        return refuse('continue_out_of_tolerance', {
          ja: `継続の場合は現行額（${current}円）から±${CONTINUE_TOLERANCE_PERCENT}%以内としてください。増減する場合は拡充・縮小を選択してください。`,
          en: `To continue, stay within ±${CONTINUE_TOLERANCE_PERCENT}% of the current ¥${current}; otherwise choose expand or reduce.`,
        });
      }
      return [];
    case 'improve':
      return [];
    case 'abolish':
    case 'complete':
      if (given && proposedAmount !== 0) {
        return refuse('must_be_zero', {
          ja: '休廃止・完了の場合、次年度の予算額は0円です。',
          en: 'When abolishing or completing, next year’s budget is zero.',
        });
      }
      return [];
  }
}

/**
 * The next-fiscal-year budget adjustment an approved Act decision implies.
 * @throws RangeError when {@link validateBudgetProposal} reports problems (the submission's
 *   validator should have rejected it already).
 */
export function reflectBudget(input: BudgetReflectionInput): BudgetReflection {
  const { decision, currentAmount } = input;
  const proposedAmount = input.proposedAmount ?? null;
  const problems = validateBudgetProposal(decision, currentAmount, proposedAmount);
  if (problems.length > 0) {
    throw new RangeError(
      `invalid budget proposal: ${problems.map((p) => `${p.field} ${p.rule}`).join(', ')}`,
    );
  }
  const result = (rule: BudgetRuleId, proposed: number): BudgetReflection => ({
    currentAmount,
    proposedAmount: proposed,
    delta: proposed - currentAmount,
    rule,
    ruleDescription: RULE_DESCRIPTIONS[rule],
  });
  switch (decision) {
    case 'expand':
      return result('expand.proposal', proposedAmount!);
    case 'reduce':
      return result('reduce.proposal', proposedAmount!);
    case 'continue':
      return proposedAmount === null || proposedAmount === currentAmount
        ? result('continue.carry_over', currentAmount)
        : result('continue.adjusted', proposedAmount);
    case 'improve':
      return proposedAmount === null
        ? result('improve.carry_over', currentAmount)
        : result('improve.proposal', proposedAmount);
    case 'abolish':
      return result('abolish.zero', 0);
    case 'complete':
      return result('complete.zero', 0);
  }
}
