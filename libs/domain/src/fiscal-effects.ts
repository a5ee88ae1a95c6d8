/**
 * 効果額 (fiscal effect) of a reform item in one fiscal year: spending reduced (歳出削減) plus
 * revenue gained (歳入確保) minus the cost of the measure (取組経費). The net effect is the figure
 * cities publish. All amounts are whole yen. Pure: also runs in the workflow sandbox.
 */
import type { LocalizedText } from './localized-text';
import { isIntegerYen, problem, type ValidationProblem } from './validation-problem';

/** An actual (実績額, entered in the CHECK evaluation) or a split target (見込額). */
export interface EffectAmounts {
  /** 歳出削減額, integer yen ≥ 0. */
  readonly spendingReduction: number;
  /** 歳入確保額, integer yen ≥ 0. */
  readonly revenueGain: number;
  /** 取組経費, integer yen ≥ 0. */
  readonly cost: number;
}

/**
 * A target as plan files write it: either split (the three parts, net derived) or only the net
 * 効果額 when the file does not split it (parts null).
 */
export interface EffectTarget {
  readonly spendingReduction: number | null;
  readonly revenueGain: number | null;
  readonly cost: number | null;
  /** Net effect in yen (may be negative when the cost exceeds the gain). */
  readonly net: number;
}

const EFFECT_PART_LABELS: Readonly<Record<keyof EffectAmounts, LocalizedText>> = {
  spendingReduction: { ja: '歳出削減額', en: 'Spending reduced' },
  revenueGain: { ja: '歳入確保額', en: 'Revenue gained' },
  cost: { ja: '取組経費', en: 'Cost of the measure' },
};

export function netEffect(amounts: EffectAmounts): number {
  return amounts.spendingReduction + amounts.revenueGain - amounts.cost;
}

const EFFECT_PARTS = ['spendingReduction', 'revenueGain', 'cost'] as const;

/** `effects` on a payload: an object with the three parts in integer yen ≥ 0. */
export function validateEffectAmounts(field: string, value: unknown): ValidationProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [
      problem(field, 'type', {
        ja: '効果額は歳出削減・歳入確保・取組経費の金額（円）で入力してください。',
        en: 'Enter the effect as spendingReduction, revenueGain and cost in yen.',
      }),
    ];
  }
  const record = value as Readonly<Record<string, unknown>>;
  const problems: ValidationProblem[] = [];
  for (const part of EFFECT_PARTS) {
    const amount = record[part];
    const label = EFFECT_PART_LABELS[part];
    if (amount === undefined || amount === null) {
      problems.push(
        problem(`${field}.${part}`, 'required', {
          ja: `${label.ja}の金額を入力してください（ない場合は0）。`,
          en: `Enter the ${label.en.toLowerCase()} amount (0 if none).`,
        }),
      );
    } else if (!isIntegerYen(amount)) {
      problems.push(
        problem(`${field}.${part}`, 'integer_yen', {
          ja: `${label.ja}は0以上の整数（円）で入力してください。`,
          en: `Enter the ${label.en.toLowerCase()} as a whole number of yen, 0 or more.`,
        }),
      );
    }
  }
  return problems;
}
