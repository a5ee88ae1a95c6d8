import {
  type AchievementFormula,
  type ActDecision,
  achievementRate,
  type CitySettings,
  type EffectAmounts,
  type EffectTarget,
  gradeOfReview,
  type PlanLevel,
  type ProgressGradeScale,
  planLevelsOf,
  type Rating,
  type ReviewStatus,
  type RollupItem,
  type RollupYear,
  resolveCitySettings,
  resolveProgressGradeScale,
  type Stage,
} from '@pdca/domain';
import { DataSource } from 'typeorm';

export interface ReportIndicator {
  name: string;
  unit: string;
  kind: 'outcome' | 'activity' | null;
  direction: 'higher_is_better' | 'lower_is_better';
  baseline: number | null;
  target: number | null;
  actual: number | null;
  /** 目標達成率 in percent, from the CHECK evaluation. */
  achievementRate: number | null;
  /** The formula of that rate (null without one), printed with it. */
  achievementFormula: AchievementFormula | null;
}

/** One row of the 進捗管理表 and one input of the roll-ups. */
export interface ReportItem extends RollupItem {
  itemId: string;
  code: string;
  title: string;
  workingGroup: string | null;
  /** The working-group leader's name: a personal name, left out of the 公表用 report. */
  leaderName: string | null;
  status: string | null;
  selfRating: Rating | null;
  hqRating: Rating | null;
  /** This fiscal year's budget (item_budgets, else the item's amount), yen. */
  budgetCurrent: number;
  /** The amount this year's Act decision put into the budget under formulation, yen. */
  budgetReflected: number | null;
  budgetReflectedFy: number | null;
  indicators: ReportIndicator[];
}

export interface PlanReportHeader {
  id: string;
  title: string;
  periodStartFy: number | null;
  periodEndFy: number | null;
  tenantName: string;
}

export interface PlanReportData {
  plan: PlanReportHeader;
  gradeScale: ProgressGradeScale;
  /** The plan's levels from the top, the last being the item's, in its own words (absent: 目標 → テーマ → 改革項目). */
  levels?: PlanLevel[];
  items: ReportItem[];
}

interface ItemRow {
  id: string;
  code: string;
  title: string;
  root_code: string | null;
  root_title: string | null;
  theme_code: string | null;
  theme_title: string | null;
  goal_code: string | null;
  goal_title: string | null;
  wg_name: string | null;
  leader_name: string | null;
  effect_targets: Record<string, EffectTarget> | null;
  budget_amount: string;
  stage: Stage | null;
  status: string | null;
  plan: { payload?: { targets?: Array<{ indicatorId: string; target: number }> } } | null;
  evaluation: {
    payload?: { grade?: string; selfRating?: Rating; effects?: EffectAmounts };
    results?: Array<{
      indicatorId: string;
      target: number | null;
      actual: number;
      achievementRate: number | null;
      formula?: AchievementFormula | null;
    }>;
  } | null;
  decision: { payload?: { decision?: ActDecision } } | null;
  hq_rating: Rating | null;
  review: { grade?: string; status?: ReviewStatus } | null;
  reflected_amount: string | null;
  reflected_fy: number | null;
}

type RecordedResult = NonNullable<NonNullable<ItemRow['evaluation']>['results']>[number];

/**
 * The formula a recorded 目標達成率 was computed with: the one the evaluation recorded, else (an
 * evaluation from before #22) progress, the only rule then — from the baseline when one was set.
 */
export function recordedFormula(
  result: RecordedResult | undefined,
  indicator: { baseline: string | number | null; direction: 'higher_is_better' | 'lower_is_better' },
): AchievementFormula | null {
  if (!result || result.achievementRate === null || result.target === null) return null;
  if (result.formula) return result.formula;
  const again = achievementRate({
    target: result.target,
    actual: result.actual,
    baseline: indicator.baseline === null ? null : Number(indicator.baseline),
    direction: indicator.direction,
    formula: 'progress',
  });
  return again.rate === null ? null : again.formula;
}

interface IndicatorRow {
  id: string;
  item_id: string;
  name: string;
  unit: string;
  kind: 'outcome' | 'activity' | null;
  direction: 'higher_is_better' | 'lower_is_better';
  baseline: string | null;
  targets: Record<string, number> | null;
}

interface YearRow {
  item_id: string;
  fiscal_year: number;
  stage: Stage;
  plan_target: EffectAmounts | null;
  actual: EffectAmounts | null;
}

/**
 * Reads what the plan summary and the 進捗管理表 need, per item for one fiscal year, in three
 * queries whatever the number of items (items with their cycle, indicators, effects of every year).
 */
export class PlanReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(tenantId: string, planId: string, fiscalYear: number): Promise<PlanReportData | null> {
    const [plan]: Array<{
      id: string;
      title: string;
      period_start_fy: number | null;
      period_end_fy: number | null;
      tenant_name: string;
      settings: ({ progressGrades?: unknown } & Partial<CitySettings>) | null;
      plan_settings: Partial<CitySettings> | null;
    }> = await this.dataSource.query(
      `SELECT p.id, p.title, p.period_start_fy, p.period_end_fy, t.name AS tenant_name, t.settings,
              p.settings AS plan_settings
         FROM plans p JOIN tenants t ON t.id = p.tenant_id
        WHERE p.tenant_id = $1 AND p.id = $2`,
      [tenantId, planId],
    );
    if (!plan) return null;
    const gradeScale = resolveProgressGradeScale(plan.settings?.progressGrades);
    const rows: ItemRow[] = await this.dataSource.query(
      `SELECT i.id, i.code, i.title, rt.code AS root_code, rt.title AS root_title,
              t.code AS theme_code, t.title AS theme_title, g.code AS goal_code, g.title AS goal_title, wg.name AS wg_name, u.display_name AS leader_name, i.effect_targets,
              COALESCE(ib.amount, i.budget_current_amount) AS budget_amount,
              c.stage, c.status, c.plan, c.evaluation, c.decision, c.hq_rating,
              r.review, br.proposed_amount AS reflected_amount, br.fiscal_year AS reflected_fy
         FROM items i
         LEFT JOIN plan_nodes t ON t.id = i.theme_id AND t.tenant_id = i.tenant_id
         LEFT JOIN plan_nodes g ON g.id = t.parent_id AND g.tenant_id = i.tenant_id
         LEFT JOIN plan_nodes rt ON rt.id = g.parent_id AND rt.tenant_id = i.tenant_id
         LEFT JOIN working_groups wg ON wg.id = i.working_group_id AND wg.tenant_id = i.tenant_id
         LEFT JOIN users u ON u.id = wg.leader_user_id
         LEFT JOIN item_budgets ib ON ib.item_id = i.id AND ib.fiscal_year = $3
         LEFT JOIN cycles c ON c.tenant_id = i.tenant_id AND c.item_id = i.id AND c.fiscal_year = $3
         LEFT JOIN budget_reflections br ON br.cycle_id = c.id
         LEFT JOIN LATERAL (
           SELECT a.payload->'submission' AS review FROM audit_log a
            WHERE a.tenant_id = i.tenant_id AND a.cycle_id = c.id AND a.action = 'review.submitted'
            ORDER BY a.seq DESC LIMIT 1) r ON true
        WHERE i.tenant_id = $1 AND i.plan_id = $2
          -- An item HQ removed before the fiscal year began is not in that year's table.
          AND (i.removed_at IS NULL OR i.removed_at >= make_timestamptz($3, 4, 1, 0, 0, 0, 'Asia/Tokyo'))
        ORDER BY rt.sort NULLS FIRST, g.sort NULLS LAST, t.sort NULLS LAST, i.sort, i.code`,
      [tenantId, planId, fiscalYear],
    );
    const ids = rows.map((r) => r.id);
    const [indicatorRows, yearRows]: [IndicatorRow[], YearRow[]] =
      ids.length === 0
        ? [[], []]
        : await Promise.all([
            this.dataSource.query(
              `SELECT id, item_id, name, unit, kind, direction, baseline, targets FROM indicators
                WHERE tenant_id = $1 AND item_id = ANY($2::uuid[]) ORDER BY sort, name`,
              [tenantId, ids],
            ),
            this.dataSource.query(
              `SELECT item_id, fiscal_year, stage, plan->'payload'->'effectTarget' AS plan_target,
                      evaluation->'payload'->'effects' AS actual
                 FROM cycles WHERE tenant_id = $1 AND item_id = ANY($2::uuid[])`,
              [tenantId, ids],
            ),
          ]);
    const indicatorsOf = groupBy(indicatorRows, (r) => r.item_id);
    const yearsOf = groupBy(yearRows, (r) => r.item_id);

    const items = rows.map((row): ReportItem => {
      const evaluation = row.evaluation;
      const results = new Map((evaluation?.results ?? []).map((r) => [r.indicatorId, r]));
      const planTargets = new Map((row.plan?.payload?.targets ?? []).map((t) => [t.indicatorId, t.target]));
      const grade =
        evaluation?.payload?.grade ??
        (row.review?.status
          ? gradeOfReview({ grade: row.review.grade, status: row.review.status }, gradeScale)
          : null);
      // The nodes from the top to the item's primary parent (1–3), and its first two as goal and theme.
      const path = [
        [row.root_code, row.root_title],
        [row.goal_code, row.goal_title],
        [row.theme_code, row.theme_title],
      ].flatMap(([code, title]) => (code === null ? [] : [{ code, title: title ?? '' }]));
      return {
        itemId: row.id,
        code: row.code,
        title: row.title,
        path,
        goalCode: path[0]?.code ?? '',
        goalTitle: path[0]?.title ?? '',
        themeCode: path[1]?.code ?? '',
        themeTitle: path[1]?.title ?? '',
        workingGroup: row.wg_name,
        leaderName: row.leader_name,
        stage: row.stage,
        status: row.status,
        grade,
        selfRating: evaluation?.payload?.selfRating ?? null,
        hqRating: row.hq_rating,
        rating: row.hq_rating ?? evaluation?.payload?.selfRating ?? null,
        decision: row.decision?.payload?.decision ?? null,
        budgetCurrent: Number(row.budget_amount),
        budgetReflected: row.reflected_amount === null ? null : Number(row.reflected_amount),
        budgetReflectedFy: row.reflected_fy,
        effectsByYear: effectsByYear(row.effect_targets ?? {}, yearsOf.get(row.id) ?? []),
        indicators: (indicatorsOf.get(row.id) ?? []).map((i) => {
          const result = results.get(i.id);
          return {
            name: i.name,
            unit: i.unit,
            kind: i.kind,
            direction: i.direction,
            baseline: i.baseline === null ? null : Number(i.baseline),
            target: result?.target ?? planTargets.get(i.id) ?? i.targets?.[String(fiscalYear)] ?? null,
            actual: result?.actual ?? null,
            achievementRate: result?.achievementRate ?? null,
            achievementFormula: recordedFormula(result, i),
          };
        }),
      };
    });
    return {
      plan: {
        id: plan.id,
        title: plan.title,
        periodStartFy: plan.period_start_fy,
        periodEndFy: plan.period_end_fy,
        tenantName: plan.tenant_name,
      },
      gradeScale,
      levels: planLevelsOf(
        resolveCitySettings(plan.settings, plan.plan_settings).levels,
        Math.max(0, ...items.map((i) => i.path?.length ?? 0)) + 1,
      ),
      items,
    };
  }
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

/**
 * Target of a year: the PLAN submission's, else the plan import's. Actual: the CHECK evaluation's,
 * counted once HQ approved it (the cycle reached ACT).
 */
function effectsByYear(
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
    if (cycle.actual && cycle.stage === 'ACT') year.actual = cycle.actual;
    years[cycle.fiscal_year] = year;
  }
  return years;
}
