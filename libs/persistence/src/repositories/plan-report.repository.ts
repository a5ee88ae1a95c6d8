import {
  type AchievementFormula,
  achievementRate,
  type CitySettings,
  type DecisionSetting,
  type EffectAmounts,
  type EffectTarget,
  gradeOfReview,
  type LocalizedText,
  type PlanLevel,
  type ProgressGradeScale,
  planLevelsOf,
  type Rating,
  type ReviewStatus,
  type RollupItem,
  resolveCitySettings,
  resolveProgressGradeScale,
  type Stage,
} from '@pdca/domain';
import type { ItemCostFigures } from '@pdca/domain/item-costs';
import { DataSource } from 'typeorm';
import { groupBy } from './group-rows';
import { costFiguresOf, ItemCostsRepository } from './item-costs.repository';
import {
  decisionLabel,
  effectsByYear,
  type IndicatorYear,
  indicatorYears,
  type ReportGrade,
  ratingGrade,
  reportDecisions,
  type YearRow,
} from './plan-report-years';
import type { ReportPlanTarget } from './plan-target.repository';
import type { PolicyEvaluationSheetData } from './policy-evaluation-sheet.types';

export type { IndicatorYear, ReportGrade } from './plan-report-years';

export interface ReportIndicator {
  name: string;
  unit: string;
  kind: 'outcome' | 'activity' | null;
  direction: 'higher_is_better' | 'lower_is_better';
  baseline: number | null;
  /** The year asked for: its target, and its actual once HQ approved the CHECK evaluation. */
  target: number | null;
  actual: number | null;
  /** 目標達成率 in percent, from the approved CHECK evaluation. */
  achievementRate: number | null;
  /** The formula of that rate (null without one), printed with it. */
  achievementFormula: AchievementFormula | null;
  /** Target and actual of every fiscal year known (the actual once HQ approved that year's CHECK). */
  byYear?: Readonly<Record<number, IndicatorYear>>;
}

/** The year's reasons and analysis, as the leader and HQ wrote them (free text). */
export interface ReportReasons {
  /** 進捗評価の理由: the latest 進捗報告's notes (as the 評価シート), else none. */
  readonly progress: string | null;
  /** 評価の理由: the CHECK evaluation's analysis. */
  readonly rating: string | null;
  /** 課題: the execution report's issues. */
  readonly issues: string | null;
  /** Why 今後の方向性 was decided so: the ACT rationale. */
  readonly direction: string | null;
  /** 二次評価（本部）'s reason: HQ's comment when approving the evaluation. */
  readonly hqRating: string | null;
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
  /** 一次評価（所管）/ 二次評価（本部） with symbol and label, in the scales the year ran on. */
  ratingGrades?: { readonly self: ReportGrade | null; readonly hq: ReportGrade | null };
  /** This fiscal year's budget (item_budgets, else the item's amount), yen. */
  budgetCurrent: number;
  /** The amount this year's Act decision put into the budget under formulation, yen. */
  budgetReflected: number | null;
  budgetReflectedFy: number | null;
  indicators: ReportIndicator[];
  /** 事業区分 and the year's 事業費・人件費・フルコスト, 見込 and 実績 (#26); absent on data made before. */
  costs?: {
    readonly projectKind: string | null;
    readonly estimate: ItemCostFigures | null;
    readonly actual: ItemCostFigures | null;
  };
  /** The 今後の方向性 label in the list the year ran on (absent: the product's six decisions). */
  decisionLabel?: LocalizedText | null;
  reasons?: ReportReasons;
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
  /** The city's 今後の方向性 list in order, the 集計 counts' columns (absent: the product's six). */
  decisions?: Array<{ code: string; label: LocalizedText }>;
  items: ReportItem[];
  /** The plan's own targets (主要目標) with their progress as of the year: the 主要目標 sheet. */
  targets?: readonly ReportPlanTarget[];
  /** The nodes' 施策評価 of the year (#24): the 施策評価 sheet. */
  policyEvaluations?: readonly PolicyEvaluationSheetData[];
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
  project_kind: string | null;
  budget_amount: string;
  stage: Stage | null;
  status: string | null;
  plan: { payload?: { targets?: Array<{ indicatorId: string; target: number }> } } | null;
  issues: string | null;
  year_decisions: DecisionSetting[] | null;
  year_ratings: Partial<CitySettings['ratings']> | null;
  hq_comment: string | null;
  evaluation: {
    payload?: { grade?: string; selfRating?: Rating; effects?: EffectAmounts; analysis?: string };
    results?: Array<{
      indicatorId: string;
      target: number | null;
      actual: number;
      achievementRate: number | null;
      formula?: AchievementFormula | null;
    }>;
  } | null;
  decision: { payload?: { decision?: string; rationale?: string } } | null;
  hq_rating: Rating | null;
  review: { grade?: string; status?: ReviewStatus; notes?: string } | null;
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

/**
 * Reads what the plan summary and the 進捗管理表 need, per item for one fiscal year with every
 * year's figures, in four queries whatever the number of items (the plan, items with the year's
 * cycle and reasons, indicators, the cycles of every year).
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
              t.code AS theme_code, t.title AS theme_title, g.code AS goal_code, g.title AS goal_title, wg.name AS wg_name, u.display_name AS leader_name, i.effect_targets, i.project_kind,
              COALESCE(ib.amount, i.budget_current_amount) AS budget_amount,
              c.stage, c.status, c.plan, c.evaluation, c.decision, c.hq_rating,
              c.execution_report->'payload'->>'issues' AS issues,
              c.city_settings->'decisions' AS year_decisions,
              c.city_settings->'ratings' AS year_ratings, hq.comment AS hq_comment,
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
              AND a.payload ? 'submission'
            ORDER BY a.seq DESC LIMIT 1) r ON true
         -- HQ's comment on approving the evaluation: the reason of its 二次評価 (the rating step first).
         LEFT JOIN LATERAL (
           SELECT ap.comment FROM approvals ap
            WHERE ap.tenant_id = i.tenant_id AND ap.cycle_id = c.id AND ap.stage = 'CHECK'
              AND ap.status = 'approved' AND ap.comment IS NOT NULL
            ORDER BY (ap.rating IS NOT NULL) DESC, ap.round DESC, ap.step_index DESC LIMIT 1) hq ON true
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
                      evaluation->'payload'->'effects' AS actual,
                      plan->'payload'->'targets' AS plan_targets, evaluation->'results' AS results
                 FROM cycles WHERE tenant_id = $1 AND item_id = ANY($2::uuid[])`,
              [tenantId, ids],
            ),
          ]);
    const indicatorsOf = groupBy(indicatorRows, (r) => r.item_id);
    const yearsOf = groupBy(yearRows, (r) => r.item_id);
    const costsOf = groupBy(
      await new ItemCostsRepository(this.dataSource).ofItemsInYear(tenantId, ids, fiscalYear),
      (c) => c.itemId,
    );
    const settings = resolveCitySettings(plan.settings, plan.plan_settings);

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
        decisionLabel: decisionLabel(
          row.decision?.payload?.decision ?? null,
          row.year_decisions,
          settings.decisions,
        ),
        ratingGrades: {
          self: ratingGrade(evaluation?.payload?.selfRating, row.year_ratings?.self, settings.ratings.self),
          hq: ratingGrade(row.hq_rating, row.year_ratings?.hq, settings.ratings.hq),
        },
        reasons: {
          // The 評価シート's rule (gradeReasonOf in evaluation-sheet.shape.ts, which imports this
          // module): the latest 進捗報告's notes, else none (a blank note is none).
          progress: row.review?.notes?.trim() || null,
          rating: evaluation?.payload?.analysis ?? null,
          issues: row.issues,
          direction: row.decision?.payload?.rationale ?? null,
          hqRating: row.hq_comment,
        },
        costs: {
          projectKind: row.project_kind,
          estimate: costFiguresOf(costsOf.get(row.id)?.find((c) => c.basis === 'estimate')),
          actual: costFiguresOf(costsOf.get(row.id)?.find((c) => c.basis === 'actual')),
        },
        budgetCurrent: Number(row.budget_amount),
        budgetReflected: row.reflected_amount === null ? null : Number(row.reflected_amount),
        budgetReflectedFy: row.reflected_fy,
        effectsByYear: effectsByYear(row.effect_targets ?? {}, yearsOf.get(row.id) ?? []),
        indicators: (indicatorsOf.get(row.id) ?? []).map((i) => {
          const result = results.get(i.id);
          // The actual and its 目標達成率 count once HQ approved the evaluation, as in every year's columns.
          const approved = row.stage === 'ACT' ? result : undefined;
          return {
            name: i.name,
            unit: i.unit,
            kind: i.kind,
            direction: i.direction,
            baseline: i.baseline === null ? null : Number(i.baseline),
            target: result?.target ?? planTargets.get(i.id) ?? i.targets?.[String(fiscalYear)] ?? null,
            actual: approved?.actual ?? null,
            achievementRate: approved?.achievementRate ?? null,
            achievementFormula: recordedFormula(approved, i),
            byYear: indicatorYears(i.id, i.targets, yearsOf.get(row.id) ?? []),
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
      levels: planLevelsOf(settings.levels, Math.max(0, ...items.map((i) => i.path?.length ?? 0)) + 1),
      decisions: reportDecisions(
        settings.decisions,
        items.map((i) => ({ code: i.decision, label: i.decisionLabel ?? null })),
      ),
      items,
    };
  }
}
