/**
 * The per-year figures of the 進捗管理表, read from every cycle of an item (not only the year asked
 * for): each year's 効果額 target and actual and each indicator's target and actual. A year's
 * actuals count once HQ approved its CHECK evaluation (the cycle reached ACT).
 */
import type {
  AchievementFormula,
  DecisionSetting,
  EffectAmounts,
  EffectTarget,
  LocalizedText,
  RatingGrade,
  RollupYear,
  Stage,
} from '@pdca/domain';

/** One cycle of an item, as the report's per-year query reads it. */
export interface YearRow {
  item_id: string;
  fiscal_year: number;
  stage: Stage;
  plan_target: EffectAmounts | null;
  actual: EffectAmounts | null;
  plan_targets: Array<{ indicatorId: string; target: number }> | null;
  results: Array<{
    indicatorId: string;
    target: number | null;
    actual: number;
    achievementRate: number | null;
    formula?: AchievementFormula | null;
  }> | null;
}

/** An indicator's target and actual in one fiscal year. */
export interface IndicatorYear {
  readonly target: number | null;
  readonly actual: number | null;
}

/** The CHECK evaluation of the year counts once HQ approved it (the cycle moved on to ACT). */
const approved = (cycle: YearRow) => cycle.stage === 'ACT';

/**
 * Target of a year: the PLAN submission's, else the plan import's. Actual: the CHECK evaluation's,
 * counted once HQ approved it.
 */
export function effectsByYear(
  imported: Record<string, EffectTarget>,
  cycles: readonly YearRow[],
): Record<number, RollupYear> {
  const years: Record<number, { target: EffectTarget | null; actual: EffectAmounts | null }> = {};
  for (const [fy, target] of Object.entries(imported)) years[Number(fy)] = { target, actual: null };
  for (const cycle of cycles) {
    const year = years[cycle.fiscal_year] ?? { target: null, actual: null };
    if (cycle.plan_target) {
      const t = cycle.plan_target;
      year.target = { ...t, net: t.spendingReduction + t.revenueGain - t.cost };
    }
    if (cycle.actual && approved(cycle)) year.actual = cycle.actual;
    years[cycle.fiscal_year] = year;
  }
  return years;
}

/**
 * One indicator's target and actual per fiscal year. Target: the year's CHECK result, else its PLAN
 * submission, else the indicator's own target for the year (indicators.targets). Actual: the CHECK
 * result once approved.
 */
export function indicatorYears(
  indicatorId: string,
  ownTargets: Record<string, number> | null,
  cycles: readonly YearRow[],
): Record<number, IndicatorYear> {
  const years: Record<number, IndicatorYear> = {};
  for (const [fy, target] of Object.entries(ownTargets ?? {})) {
    years[Number(fy)] = { target: Number(target), actual: null };
  }
  for (const cycle of cycles) {
    const result = cycle.results?.find((r) => r.indicatorId === indicatorId);
    const planned = cycle.plan_targets?.find((t) => t.indicatorId === indicatorId)?.target;
    const own = years[cycle.fiscal_year]?.target ?? null;
    years[cycle.fiscal_year] = {
      target: result?.target ?? planned ?? own,
      actual: result && approved(cycle) ? result.actual : null,
    };
  }
  return years;
}

/**
 * The label of a decision in the list its year ran on (cycles.city_settings), else in the city's
 * (or the plan's) list; the bare code when neither knows it (a list changed since).
 */
export function decisionLabel(
  code: string | null,
  yearList: readonly DecisionSetting[] | null,
  cityList: readonly DecisionSetting[],
): LocalizedText | null {
  if (code === null) return null;
  const found = yearList?.find((d) => d.code === code) ?? cityList.find((d) => d.code === code);
  return found?.label ?? { ja: code, en: code };
}

/** A grade as printed: its symbol and label (一次評価（所管）「B（概ね達成）」). */
export interface ReportGrade {
  readonly symbol: string;
  readonly label: LocalizedText | null;
}

/**
 * A rating in the scale its year ran on (cycles.city_settings.ratings), else in the city's; the
 * bare code, unlabelled, when neither knows it (a scale changed since).
 */
export function ratingGrade(
  code: string | null | undefined,
  yearScale: ReadonlyArray<Pick<RatingGrade, 'code' | 'symbol' | 'label'>> | null | undefined,
  cityScale: ReadonlyArray<Pick<RatingGrade, 'code' | 'symbol' | 'label'>>,
): ReportGrade | null {
  if (!code) return null;
  const found = yearScale?.find((g) => g.code === code) ?? cityScale.find((g) => g.code === code);
  return found ? { symbol: found.symbol, label: found.label } : { symbol: code, label: null };
}

/**
 * The decisions the report counts by, in list order: the city's list, then any other decision a
 * year's own list gave an item (so a count never goes unnamed).
 */
export function reportDecisions(
  cityList: readonly DecisionSetting[],
  used: ReadonlyArray<{ code: string | null; label: LocalizedText | null }>,
): Array<{ code: string; label: LocalizedText }> {
  const list = [...cityList].sort((a, b) => a.order - b.order).map((d) => ({ code: d.code, label: d.label }));
  for (const { code, label } of used) {
    if (code !== null && label !== null && !list.some((d) => d.code === code)) list.push({ code, label });
  }
  return list;
}
