import {
  DEFAULT_DECISIONS,
  type DecisionBudgetRule,
  type DecisionSetting,
  findDecision,
} from './city-settings';
import type { LocalizedText } from './localized-text';
import { formatYen, isIntegerYen, problem, type ValidationProblem } from './validation-problem';

/**
 * How far a `keep` proposal (継続, 現行どおり) may move from the current amount, in percent: small
 * unit-cost revisions (wages, prices, tax) still keep; anything larger is an increase or decrease.
 */
export const CONTINUE_TOLERANCE_PERCENT = 5;

/**
 * Stable id of the rule that produced a budget reflection: `<decision code>.<variant>`, e.g.
 * `expand.proposal`, `continue.carry_over`, `continue.adjusted`, `abolish.zero`, `undecided.none`.
 */
export type BudgetRuleId = string;

/** A budget adjustment for the budget under formulation, all amounts integer yen. */
export interface BudgetReflection {
  readonly currentAmount: number;
  readonly proposedAmount: number;
  /** proposedAmount − currentAmount. */
  readonly delta: number;
  readonly rule: BudgetRuleId;
  readonly ruleDescription: LocalizedText;
  /** The rule reflects nothing (`none`): the item's budget is left as it is. */
  readonly touchesBudget: boolean;
}

export interface BudgetReflectionInput {
  /** A decision code of `decisions`. */
  readonly decision: string;
  readonly currentAmount: number;
  readonly proposedAmount?: number | null;
  /** The city's decision list in force for the cycle (the product's six by default). */
  readonly decisions?: readonly DecisionSetting[];
}

type Variant = 'proposal' | 'carry_over' | 'adjusted' | 'zero' | 'none';

const VARIANT_TEXT: Readonly<Record<DecisionBudgetRule, Partial<Record<Variant, LocalizedText>>>> = {
  increase: { proposal: { ja: '提案額を計上', en: 'the proposed (higher) amount is budgeted' } },
  keep: {
    carry_over: { ja: '現行額を据え置き', en: 'the current amount carries over' },
    adjusted: {
      ja: `現行額から±${CONTINUE_TOLERANCE_PERCENT}%以内の調整額を計上`,
      en: `an amount within ±${CONTINUE_TOLERANCE_PERCENT}% of the current one is budgeted`,
    },
  },
  adjust: {
    carry_over: { ja: '現行額を据え置き', en: 'the current amount carries over' },
    proposal: { ja: '提案額を計上', en: 'the proposed amount is budgeted' },
  },
  decrease: { proposal: { ja: '提案額（減額）を計上', en: 'the proposed (lower) amount is budgeted' } },
  zero: { zero: { ja: '予算額を0円とする', en: 'the budget becomes zero' } },
  none: { none: { ja: '予算に反映しない', en: 'nothing is reflected into the budget' } },
};

function withinContinueTolerance(current: number, proposed: number): boolean {
  // Integer arithmetic: |p − c| / c ≤ tolerance%  ⇔  |p − c| × 100 ≤ c × tolerance.
  return Math.abs(proposed - current) * 100 <= current * CONTINUE_TOLERANCE_PERCENT;
}

function settingOf(code: string, decisions: readonly DecisionSetting[]): DecisionSetting {
  const setting = findDecision({ decisions }, code);
  if (!setting) throw new RangeError(`unknown decision ${code}`);
  return setting;
}

/** The label of the city's first decision with `rule`, for messages that point to it. */
function labelOfRule(decisions: readonly DecisionSetting[], rule: DecisionBudgetRule): LocalizedText | null {
  return [...decisions].sort((a, b) => a.order - b.order).find((d) => d.budgetRule === rule)?.label ?? null;
}

/**
 * Field-level problems with a budget proposal for `decision` (empty when valid), by the decision's
 * budget rule. Amounts are integer yen ≥ 0. increase: required, above current. decrease: required,
 * below current and above 0 (to 0 is a `zero` decision). keep: optional (defaults to current),
 * within ±{@link CONTINUE_TOLERANCE_PERCENT}% of current. adjust: optional (defaults to current),
 * any amount. zero: optional, must be 0. none: must be absent.
 */
export function validateBudgetProposal(
  decision: string,
  currentAmount: number,
  proposedAmount?: number | null,
  field = 'proposedAmount',
  decisions: readonly DecisionSetting[] = DEFAULT_DECISIONS,
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
  const setting = settingOf(decision, decisions);
  const { ja, en } = setting.label;
  const current = formatYen(currentAmount);
  const refuse = (rule: string, message: LocalizedText): ValidationProblem[] => [
    problem(field, rule, message),
  ];
  const required = () =>
    refuse('required', {
      ja: '予算への反映額を入力してください。',
      en: 'Enter the amount to reflect into the budget.',
    });
  switch (setting.budgetRule) {
    case 'increase':
      if (!given) return required();
      if (proposedAmount <= currentAmount) {
        return refuse('must_exceed_current', {
          ja: `${ja}の場合は現行額（${current}円）を上回る額を入力してください。`,
          en: `To ${en.toLowerCase()}, enter more than the current ¥${current}.`,
        });
      }
      return [];
    case 'decrease': {
      if (!given) return required();
      if (proposedAmount === 0) {
        const zero = labelOfRule(decisions, 'zero');
        return refuse('reduce_to_zero_is_abolish', {
          ja: zero ? `0円にする場合は「${zero.ja}」を選択してください。` : '0円にする方向性はありません。',
          en: zero
            ? `To cut the budget to zero, choose "${zero.en}".`
            : 'No decision cuts the budget to zero.',
        });
      }
      if (proposedAmount >= currentAmount) {
        return refuse('must_be_below_current', {
          ja: `${ja}の場合は現行額（${current}円）を下回る額を入力してください。`,
          en: `To ${en.toLowerCase()}, enter less than the current ¥${current}.`,
        });
      }
      return [];
    }
    case 'keep':
      if (given && !withinContinueTolerance(currentAmount, proposedAmount)) {
        return refuse('continue_out_of_tolerance', {
          ja: `${ja}の場合は現行額（${current}円）から±${CONTINUE_TOLERANCE_PERCENT}%以内としてください。増減する場合は別の方向性を選択してください。`,
          en: `For "${en}", stay within ±${CONTINUE_TOLERANCE_PERCENT}% of the current ¥${current}; otherwise choose another decision.`,
        });
      }
      return [];
    case 'adjust':
      return [];
    case 'zero':
      if (given && proposedAmount !== 0) {
        return refuse('must_be_zero', {
          ja: `${ja}の場合、予算への反映額は0円です。`,
          en: `For "${en}", the amount reflected into the budget is zero.`,
        });
      }
      return [];
    case 'none':
      if (given) {
        return refuse('must_be_absent', {
          ja: `${ja}の場合、予算には反映しません（金額は入力しません）。`,
          en: `"${en}" reflects nothing into the budget; leave the amount empty.`,
        });
      }
      return [];
  }
}

/**
 * The budget adjustment an approved Act decision implies, by the decision's budget rule.
 * @throws RangeError when {@link validateBudgetProposal} reports problems (the submission's
 *   validator should have rejected it already) or the decision is not in the list.
 */
export function reflectBudget(input: BudgetReflectionInput): BudgetReflection {
  const { decision, currentAmount } = input;
  const decisions = input.decisions ?? DEFAULT_DECISIONS;
  const proposedAmount = input.proposedAmount ?? null;
  const problems = validateBudgetProposal(
    decision,
    currentAmount,
    proposedAmount,
    'proposedAmount',
    decisions,
  );
  if (problems.length > 0) {
    throw new RangeError(
      `invalid budget proposal: ${problems.map((p) => `${p.field} ${p.rule}`).join(', ')}`,
    );
  }
  const setting = settingOf(decision, decisions);
  const result = (variant: Variant, proposed: number): BudgetReflection => {
    const text = VARIANT_TEXT[setting.budgetRule][variant]!;
    return {
      currentAmount,
      proposedAmount: proposed,
      delta: proposed - currentAmount,
      rule: `${decision}.${variant}`,
      ruleDescription: {
        ja: `${setting.label.ja}：${text.ja}`,
        en: `${setting.label.en}: ${text.en}`,
      },
      touchesBudget: variant !== 'none',
    };
  };
  switch (setting.budgetRule) {
    case 'increase':
    case 'decrease':
      return result('proposal', proposedAmount!);
    case 'keep':
      return proposedAmount === null || proposedAmount === currentAmount
        ? result('carry_over', currentAmount)
        : result('adjusted', proposedAmount);
    case 'adjust':
      return proposedAmount === null
        ? result('carry_over', currentAmount)
        : result('proposal', proposedAmount);
    case 'zero':
      return result('zero', 0);
    case 'none':
      return result('none', currentAmount);
  }
}
