/**
 * The budget chain (#26): for each item and budget year, 予算要求額 (the department's request) →
 * 査定額 (財政課's assessment) → 当初予算額 (the adopted budget, 議決), beside 反映額 (what a reform
 * decision proposes for that year). The finance division (role `finance`) records 査定額 and
 * 当初予算額; once 当初予算額 is set it is the item's budget for that year, and a later reflection
 * or plan import no longer overwrites it.
 *
 * Pure: also runs in the browser.
 */
import { GLOSSARY } from './glossary';
import type { LocalizedText } from './localized-text';
import { formatYen, isIntegerYen, problem, type ValidationProblem } from './validation-problem';

/** The amounts finance records. */
export const BUDGET_AMOUNT_KINDS = ['assessed', 'adopted'] as const;
export type BudgetAmountKind = (typeof BUDGET_AMOUNT_KINDS)[number];

/**
 * The four amounts of the chain, in the order they happen, with their words. The department's
 * request is the PLAN's 当初予算額（案） (the glossary's word: on 1 February the 予算案 is compiled);
 * what a decision moves into the year is 予算への反映額.
 */
export const BUDGET_CHAIN_LABELS = {
  requested: GLOSSARY.initialBudget,
  assessed: { ja: '査定額', en: 'Assessed amount' },
  adopted: { ja: '当初予算額', en: 'Adopted budget' },
  reflected: GLOSSARY.budgetReflection,
} satisfies Record<string, LocalizedText>;

/** Where an amount of the chain came from. */
export const BUDGET_AMOUNT_SOURCE_LABELS = {
  plan: { ja: '取組計画', en: 'Action plan' },
  import: { ja: 'ファイル取込', en: 'File import' },
  manual: { ja: '画面入力', en: 'Entered' },
  cycle: { ja: '今後の方向性', en: 'Future direction' },
  verification: { ja: '事業検証', en: 'Business verification' },
} satisfies Record<string, LocalizedText>;

/** The largest amount accepted, yen (10兆円): far above any item, well inside a safe integer. */
export const BUDGET_AMOUNT_LIMIT = 10_000_000_000_000;
/** Longest reason for a 査定額 / 当初予算額, in characters. */
export const BUDGET_REASON_MAX_LENGTH = 1000;
/** Most rows in one finance import file. */
export const FINANCE_IMPORT_MAX_ROWS = 5000;

export interface BudgetAmountsInput {
  readonly assessed?: unknown;
  readonly adopted?: unknown;
  readonly reason?: unknown;
}

/** One amount: whole yen, 0 or more, at most BUDGET_AMOUNT_LIMIT; the problem names `field`. */
export function validateBudgetAmount(
  field: string,
  kind: BudgetAmountKind,
  value: unknown,
): ValidationProblem[] {
  const word = BUDGET_CHAIN_LABELS[kind];
  if (!isIntegerYen(value)) {
    return [
      problem(field, 'integer_yen', {
        ja: `${word.ja}は0以上の整数（円）で入力してください。`,
        en: `${word.en} must be a whole number of yen, 0 or more.`,
      }),
    ];
  }
  if (value > BUDGET_AMOUNT_LIMIT) {
    return [
      problem(field, 'max', {
        ja: `${word.ja}は${formatYen(BUDGET_AMOUNT_LIMIT)}円以下で入力してください。`,
        en: `${word.en} must be at most ${formatYen(BUDGET_AMOUNT_LIMIT)} yen.`,
      }),
    ];
  }
  return [];
}

/** A PUT of 査定額 and/or 当初予算額: at least one amount, each valid, and a reason. */
export function validateBudgetAmounts(input: BudgetAmountsInput): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const given = BUDGET_AMOUNT_KINDS.filter((kind) => input[kind] !== undefined && input[kind] !== null);
  if (given.length === 0) {
    for (const kind of BUDGET_AMOUNT_KINDS) {
      problems.push(
        problem(kind, 'atLeastOne', {
          ja: `${BUDGET_CHAIN_LABELS.assessed.ja}または${BUDGET_CHAIN_LABELS.adopted.ja}を入力してください。`,
          en: `Give the ${BUDGET_CHAIN_LABELS.assessed.en.toLowerCase()}, the ${BUDGET_CHAIN_LABELS.adopted.en.toLowerCase()} or both.`,
        }),
      );
    }
  }
  for (const kind of given) problems.push(...validateBudgetAmount(kind, kind, input[kind]));
  problems.push(...validateBudgetReason('reason', input.reason));
  return problems;
}

export function validateBudgetReason(field: string, reason: unknown): ValidationProblem[] {
  if (typeof reason !== 'string' || reason.trim() === '') {
    return [
      problem(field, 'required', {
        ja: '理由を入力してください。',
        en: 'Give the reason.',
      }),
    ];
  }
  if (reason.length > BUDGET_REASON_MAX_LENGTH) {
    return [
      problem(field, 'max_length', {
        ja: `理由は${BUDGET_REASON_MAX_LENGTH}文字以内で入力してください。`,
        en: `The reason may be at most ${BUDGET_REASON_MAX_LENGTH} characters long.`,
      }),
    ];
  }
  return [];
}
