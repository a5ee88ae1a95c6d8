// What the stage forms compute from what the user typed. The rules themselves live in
// libs/domain and are imported, never rewritten here.
import { type AchievementResult, achievementRate, suggestedRating } from '@pdca/domain/achievement';
import { type BudgetReflection, reflectBudget, validateBudgetProposal } from '@pdca/domain/budget-rules';
import { DEFAULT_DECISIONS, type DecisionSetting, findDecision } from '@pdca/domain/city-settings';
import { type EffectAmounts, netEffect } from '@pdca/domain/fiscal-effects';
import type { Rating } from '@pdca/domain/stages';
import type { Entered, Schemas } from '../api/client';
import { moneyInput, numberInput } from './field-errors';

type Indicator = Schemas['IndicatorDto'];
/** The plan as the API takes it and answers it (the cycle's `plan.payload`). */
type Plan = Schemas['PlanSubmissionDto'];

export interface PlanDraft {
  targets: Record<string, string>;
  activities: string[];
  budgetRequest: string;
}

/**
 * The PLAN form's starting values: the previous submission when there is one (a returned plan
 * opens as it was sent), otherwise the item's planned target for the year and its current budget.
 */
export function initialPlanDraft(
  indicators: readonly Indicator[],
  fiscalYear: number,
  sent: Plan | null | undefined,
  currentBudget: number,
): PlanDraft {
  const targets: Record<string, string> = {};
  for (const indicator of indicators) {
    const fromSent = sent?.targets.find((t) => t.indicatorId === indicator.id)?.target;
    const planned = indicator.targets[String(fiscalYear)];
    const value = fromSent ?? planned;
    targets[indicator.id] = value === undefined ? '' : String(value);
  }
  return {
    targets,
    activities: sent?.activities.length ? [...sent.activities] : [''],
    budgetRequest: String(sent?.budgetRequest ?? currentBudget),
  };
}

/** The request body, in the item's indicator order, so `targets[i]` problems land on row i. */
export function planBody(indicators: readonly Indicator[], draft: PlanDraft): Entered<Plan> {
  return {
    targets: indicators.map((i) => ({ indicatorId: i.id, target: numberInput(draft.targets[i.id] ?? '') })),
    activities: draft.activities,
    budgetRequest: moneyInput(draft.budgetRequest),
  };
}

/** The parts of a 効果額 (the PLAN's `effectTarget`, the CHECK's `effects`), in the order shown. */
export const EFFECT_PARTS = ['spendingReduction', 'revenueGain', 'cost'] as const;

/** The three 効果額 amounts as typed. */
export type EffectDraft = Record<keyof EffectAmounts, string>;

/** The amounts of an earlier submission as typed text, or empty fields. */
export function effectDraft(sent: Schemas['EffectAmountsDto'] | null | undefined): EffectDraft {
  return {
    spendingReduction: sent ? String(sent.spendingReduction) : '',
    revenueGain: sent ? String(sent.revenueGain) : '',
    cost: sent ? String(sent.cost) : '',
  };
}

/**
 * The request's `{ [field]: amounts }`: all three parts once any is typed (the server requires
 * them all, 0 where a part does not apply), nothing while all are empty (the 効果額 is optional).
 */
export function effectField<F extends 'effectTarget' | 'effects'>(
  field: F,
  draft: EffectDraft,
): Partial<Record<F, Entered<Schemas['EffectAmountsDto']>>> {
  const body: Partial<Record<F, Entered<Schemas['EffectAmountsDto']>>> = {};
  if (EFFECT_PARTS.every((k) => draft[k] === '')) return body;
  body[field] = {
    spendingReduction: moneyInput(draft.spendingReduction),
    revenueGain: moneyInput(draft.revenueGain),
    cost: moneyInput(draft.cost),
  };
  return body;
}

/** The net 効果額 of what is typed (libs/domain's sum), or null until all three are numbers. */
export function effectNet(draft: EffectDraft): number | null {
  const [spendingReduction, revenueGain, cost] = EFFECT_PARTS.map((k) => moneyInput(draft[k]));
  // Only amounts the API would take (whole yen, 0 or more): a net of invalid parts would mislead.
  const valid = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (!valid(spendingReduction) || !valid(revenueGain) || !valid(cost)) return null;
  return netEffect({ spendingReduction, revenueGain, cost });
}

export interface EvaluationRow {
  indicator: Indicator;
  target: number | null;
  actualText: string;
  result: AchievementResult | null;
}

/** The approved plan's target for an indicator, else the item's planned one for the year. */
export function targetFor(
  indicator: Indicator,
  plan: Plan | null | undefined,
  fiscalYear: number,
): number | null {
  const fromPlan = plan?.targets.find((t) => t.indicatorId === indicator.id)?.target;
  if (typeof fromPlan === 'number') return fromPlan;
  const planned = indicator.targets[String(fiscalYear)];
  return typeof planned === 'number' ? planned : null;
}

/** Achievement per indicator and the suggested rating, as the leader types (libs/domain rules). */
export function evaluationView(
  indicators: readonly Indicator[],
  plan: Plan | null | undefined,
  fiscalYear: number,
  actuals: Record<string, string>,
): { rows: EvaluationRow[]; suggestion: Rating | null } {
  const rows = indicators.map((indicator) => {
    const target = targetFor(indicator, plan, fiscalYear);
    const actualText = actuals[indicator.id] ?? '';
    const actual = numberInput(actualText);
    const result =
      target !== null && typeof actual === 'number'
        ? achievementRate({
            target,
            actual,
            baseline: indicator.baseline,
            direction: indicator.direction,
            // The indicator's own formula; the city's default (progress unless set) otherwise.
            formula: indicator.achievementFormula ?? undefined,
          })
        : null;
    return { indicator, target, actualText, result };
  });
  const rates = rows.filter((r) => r.result !== null).map((r) => r.result!.rate);
  return { rows, suggestion: rates.length > 0 ? suggestedRating(rates) : null };
}

/**
 * What the ACT budget rule makes of the proposal: the reflection it would produce, or the rule's
 * problem with it (from libs/domain), by the decision's rule in the city's list. Null while nothing
 * usable is typed for a decision that needs it, or for a code the list does not hold.
 */
export function budgetPreview(
  decision: string,
  currentAmount: number,
  proposalText: string,
  decisions: readonly DecisionSetting[] = DEFAULT_DECISIONS,
): { reflection: BudgetReflection } | { problem: { ja: string; en: string } } | null {
  const proposal = moneyInput(proposalText);
  if (typeof proposal === 'string' || !findDecision({ decisions }, decision)) return null;
  const problems = validateBudgetProposal(decision, currentAmount, proposal, 'budgetProposal', decisions);
  if (problems.length > 0) return { problem: problems[0]!.message };
  return { reflection: reflectBudget({ decision, currentAmount, proposedAmount: proposal, decisions }) };
}
