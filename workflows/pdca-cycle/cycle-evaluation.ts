/**
 * The CHECK stage's figures: each indicator's actual against this year's target (the approved
 * plan's, else the item's own), its 目標達成率 with the formula used, and the rating they suggest. Pure.
 */
import type { CycleContext, CycleState, EvaluationState, Submitted } from '@pdca/contracts';
import { achievementRate, type EvaluationSubmission, suggestedRating } from '@pdca/domain';

export function evaluate(
  state: CycleState,
  ctx: CycleContext,
  submission: Submitted<EvaluationSubmission>,
): EvaluationState {
  const planTargets = new Map((state.plan?.payload.targets ?? []).map((t) => [t.indicatorId, t.target]));
  const results = submission.payload.actuals.map((actual) => {
    const indicator = ctx.indicators.find((i) => i.id === actual.indicatorId)!;
    const target = planTargets.get(actual.indicatorId) ?? indicator.targets[String(state.fiscalYear)] ?? null;
    // The formula travels in the context (absent before #22: progress, as it always was), so a
    // replay computes the same figure.
    const result =
      target === null
        ? null
        : achievementRate({
            target,
            actual: actual.actual,
            baseline: indicator.baseline,
            direction: indicator.direction,
            formula: indicator.achievementFormula,
          });
    return {
      indicatorId: indicator.id,
      name: indicator.name,
      direction: indicator.direction,
      target,
      actual: actual.actual,
      achievementRate: result?.rate ?? null,
      formula: result?.rate == null ? null : result.formula,
    };
  });
  return {
    ...submission,
    results,
    // The suggestion is on the A–D scale: a city whose 一次評価 scale differs gets none.
    suggestedRating: suggestsOnScale(ctx) ? suggestedRating(results.map((r) => r.achievementRate)) : null,
    hqRating: null,
  };
}

/** Whether the city's 一次評価 scale in force is A–D (contexts before #22: the default, A–D). */
function suggestsOnScale(ctx: CycleContext): boolean {
  const scale = ctx.citySettings?.ratings.self;
  if (!scale) return true;
  const codes = [...scale].sort((a, b) => a.order - b.order).map((g) => g.code);
  return codes.join() === 'A,B,C,D';
}
