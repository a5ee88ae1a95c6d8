import type { AchievementFormulaSetting } from './city-settings';
import type { LocalizedText } from './localized-text';
import type { Rating } from './stages';

export type Direction = 'higher_is_better' | 'lower_is_better';

export interface AchievementInput {
  readonly target: number;
  readonly actual: number;
  /** Value before the plan started; enables the progress formula. */
  readonly baseline?: number | null;
  readonly direction: Direction;
  /**
   * The indicator's formula (its own, else the city's default): `ratio` = 実績 ÷ 目標 (目標 ÷ 実績
   * when lower is better) even with a baseline; `progress` (default, the product's behaviour
   * before formulas were settings) = the way from the baseline when one is set, else the ratio.
   */
  readonly formula?: AchievementFormulaSetting;
}

export type AchievementFormula = 'actual_over_target' | 'target_over_actual' | 'progress_from_baseline';

export type AchievementUnavailableReason =
  | 'NON_FINITE_INPUT'
  | 'NON_POSITIVE_TARGET'
  | 'NEGATIVE_VALUE'
  | 'TARGET_CONTRADICTS_DIRECTION';

export type AchievementResult =
  | { readonly rate: number; readonly formula: AchievementFormula; readonly capped: boolean }
  | { readonly rate: null; readonly reason: AchievementUnavailableReason; readonly message: LocalizedText };

/** Rates are clamped to ±this: near-zero denominators would otherwise produce absurd numbers. */
export const MAX_ACHIEVEMENT_RATE = 999.9;

const UNAVAILABLE_MESSAGES: Readonly<Record<AchievementUnavailableReason, LocalizedText>> = {
  NON_FINITE_INPUT: { ja: '目標値・実績値が数値ではありません。', en: 'Target or actual is not a number.' },
  NON_POSITIVE_TARGET: {
    ja: '目標値が0以下のため目標達成率を算出できません（基準値を設定し、算式を「基準値からの進捗」にしてください）。',
    en: 'The target is zero or negative, so no rate can be computed (set a baseline and use progress from the baseline).',
  },
  NEGATIVE_VALUE: {
    ja: '負の値があるため目標達成率を算出できません（基準値を設定し、算式を「基準値からの進捗」にしてください）。',
    en: 'A value is negative, so no rate can be computed (set a baseline and use progress from the baseline).',
  },
  TARGET_CONTRADICTS_DIRECTION: {
    ja: '目標値が基準値から改善方向に設定されていません。',
    en: 'The target does not improve on the baseline in the indicator’s direction.',
  },
};

function unavailable(reason: AchievementUnavailableReason): AchievementResult {
  return { rate: null, reason, message: UNAVAILABLE_MESSAGES[reason] };
}

// Half away from zero; the epsilon absorbs binary noise such as 114.99999999999999 for 115.
function roundToTenth(tenths: number): number {
  const rounded = (Math.sign(tenths) * Math.floor(Math.abs(tenths) + 0.5 + 1e-9)) / 10;
  return rounded === 0 ? 0 : rounded;
}

// Multiplying before dividing keeps integer inputs exact (23 × 1000 / 200 = 115, not 0.115 × 1000).
function rated(numerator: number, denominator: number, formula: AchievementFormula): AchievementResult {
  const rate = roundToTenth((numerator * 1000) / denominator);
  const clamped = Math.max(-MAX_ACHIEVEMENT_RATE, Math.min(MAX_ACHIEVEMENT_RATE, rate));
  return { rate: clamped, formula, capped: clamped !== rate };
}

/** What each formula computes, to be printed with the figure (「算式：実績÷目標」). */
export const ACHIEVEMENT_FORMULA_LABELS: Readonly<Record<AchievementFormula, LocalizedText>> = {
  actual_over_target: { ja: '実績÷目標', en: 'actual ÷ target' },
  target_over_actual: { ja: '目標÷実績', en: 'target ÷ actual' },
  progress_from_baseline: {
    ja: '基準値からの進捗（(実績−基準値)÷(目標−基準値)）',
    en: 'progress from the baseline ((actual − baseline) ÷ (target − baseline))',
  },
};

/** The two formulas a city or an indicator chooses between, as they are offered and printed. */
export const ACHIEVEMENT_FORMULA_SETTING_LABELS: Readonly<Record<AchievementFormulaSetting, LocalizedText>> =
  {
    ratio: { ja: '実績÷目標', en: 'actual ÷ target' },
    progress: { ja: '基準値からの進捗', en: 'progress from the baseline' },
  };

/** 「算式：実績÷目標」 / "formula: actual ÷ target": the note printed with a 目標達成率. */
export function achievementFormulaNote(formula: AchievementFormula): LocalizedText {
  const label = ACHIEVEMENT_FORMULA_LABELS[formula];
  return { ja: `算式：${label.ja}`, en: `formula: ${label.en}` };
}

/**
 * 目標達成率 in percent, rounded to 0.1 (half away from zero), clamped to ±999.9.
 *
 * - With the `progress` formula (the default) and a baseline that differs from the target (both
 *   directions):
 *   (actual − baseline) / (target − baseline) × 100, i.e. how much of the planned improvement
 *   happened. Works for negative values too; below 0 means worse than the baseline. The target
 *   must lie on the better side of the baseline, else `TARGET_CONTRADICTS_DIRECTION`.
 * - Otherwise (the `ratio` formula, no baseline, or baseline = target, a "keep the level" target):
 *   - higher_is_better: actual / target × 100; target must be > 0 (`NON_POSITIVE_TARGET`).
 *   - lower_is_better: target / actual × 100; target and actual must be ≥ 0 (`NEGATIVE_VALUE`).
 *     actual 0 with target 0 is 100; actual 0 with target > 0 is the cap 999.9, because the rate
 *     must not fall as the actual improves (actual 0.5 against 10 already gives 2000 → 999.9).
 *     target 0 with actual > 0 is 0 (a "zero incidents" target that was missed).
 */
export function achievementRate(input: AchievementInput): AchievementResult {
  const { target, actual, direction } = input;
  const baseline = input.baseline ?? null;
  if (
    !Number.isFinite(target) ||
    !Number.isFinite(actual) ||
    (baseline !== null && !Number.isFinite(baseline))
  ) {
    return unavailable('NON_FINITE_INPUT');
  }
  if ((input.formula ?? 'progress') === 'progress' && baseline !== null && baseline !== target) {
    const improvesOnBaseline = direction === 'higher_is_better' ? target > baseline : target < baseline;
    if (!improvesOnBaseline) return unavailable('TARGET_CONTRADICTS_DIRECTION');
    return rated(actual - baseline, target - baseline, 'progress_from_baseline');
  }
  if (direction === 'higher_is_better') {
    if (target <= 0) return unavailable('NON_POSITIVE_TARGET');
    return rated(actual, target, 'actual_over_target');
  }
  if (target < 0 || actual < 0) return unavailable('NEGATIVE_VALUE');
  if (actual === 0) {
    return target === 0
      ? { rate: 100, formula: 'target_over_actual', capped: false }
      : { rate: MAX_ACHIEVEMENT_RATE, formula: 'target_over_actual', capped: true };
  }
  return rated(target, actual, 'target_over_actual');
}

/** Lower bounds (inclusive) of the mean capped rate for each suggested rating. */
export const RATING_THRESHOLDS: Readonly<Record<Exclude<Rating, 'D'>, number>> = { A: 100, B: 80, C: 60 };

/**
 * Suggested self-rating from per-indicator rates; null entries (not computable) are ignored and
 * null is returned when none is left. Each rate counts between 0 and 100, so over-achieving one
 * indicator cannot hide a miss on another: A means every target was met. Mean ≥ 100 → A,
 * ≥ 80 → B, ≥ 60 → C, else D.
 */
export function suggestedRating(rates: readonly (number | null)[]): Rating | null {
  const usable = rates.filter((rate): rate is number => rate !== null && Number.isFinite(rate));
  if (usable.length === 0) return null;
  const sum = usable.reduce((total, rate) => total + Math.max(0, Math.min(100, rate)), 0);
  const mean = roundToTenth((sum * 10) / usable.length);
  if (mean >= RATING_THRESHOLDS.A) return 'A';
  if (mean >= RATING_THRESHOLDS.B) return 'B';
  if (mean >= RATING_THRESHOLDS.C) return 'C';
  return 'D';
}
