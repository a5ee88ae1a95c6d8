/**
 * The rows the 評価シート's queries return and how one item's sheet is shaped from them (split from
 * evaluation-sheet.repository.ts, which asks the questions). Pure functions over rows.
 */
import {
  type CitySettings,
  type EffectTarget,
  gradeOfReview,
  type LocalizedText,
  type ProgressGradeScale,
  type RatingGrade,
  type RollupYear,
  type SubmissionPayloads,
} from '@pdca/domain';
import type { TenantSettings } from './cycle-context.repository';
import type { EvaluationSheetData, SheetComment, SheetGrade, SheetIndicator } from './evaluation-sheet.types';
import { recordedFormula } from './plan-report.repository';

export interface PlanRow {
  id: string;
  title: string;
  period_start_fy: number | null;
  period_end_fy: number | null;
  tenant_name: string;
  settings: TenantSettings | null;
  plan_settings: Partial<CitySettings> | null;
}

export interface ItemRow {
  id: string;
  /** The primary parent (items.theme_id). */
  theme_id: string | null;
  code: string;
  title: string;
  summary: string;
  background: string;
  wg_name: string | null;
  leader_name: string | null;
  effect_targets: Record<string, EffectTarget> | null;
}

export interface NodeRow {
  id: string;
  parent_id: string | null;
  code: string;
  title: string;
}

export interface IndicatorRow {
  id: string;
  item_id: string;
  name: string;
  unit: string;
  kind: 'outcome' | 'activity' | null;
  direction: 'higher_is_better' | 'lower_is_better';
  baseline: string | null;
  target: string | null;
  targets: Record<string, number> | null;
  achievement_formula: 'ratio' | 'progress' | null;
}

export type Payload<K extends keyof SubmissionPayloads> = { payload?: Partial<SubmissionPayloads[K]> } | null;
export type EvaluationJson = {
  payload?: Partial<SubmissionPayloads['evaluation']>;
  results?: Array<{
    indicatorId: string;
    target: number | null;
    actual: number;
    achievementRate: number | null;
    formula?: SheetIndicator['years'][number]['achievementFormula'];
  }>;
} | null;

export interface CycleRow {
  id: string;
  item_id: string;
  fiscal_year: number;
  stage: NonNullable<EvaluationSheetData['cycle']>['stage'];
  status: string;
  plan: Payload<'plan'>;
  execution_report: Payload<'execution_report'>;
  evaluation: EvaluationJson;
  decision: Payload<'action'>;
  hq_rating: string | null;
  city_settings: Partial<Pick<CitySettings, 'decisions' | 'ratings'>> | null;
}

/** The questions asked; bounded whatever the number of items (see {@link EvaluationSheetRepository}). */
export interface ApprovalRow {
  cycle_id: string;
  stage: SheetComment['stage'];
  submission_kind: SheetComment['submissionKind'];
  step_label: LocalizedText;
  status: SheetComment['status'];
  comment: string | null;
  rating: string | null;
  decided_at: Date | null;
  approver_name: string | null;
}

export interface ReviewRow {
  cycle_id: string;
  actor_name: string | null;
  submission: Partial<SubmissionPayloads['review']> | null;
  period: LocalizedText | null;
}

export interface SheetContext {
  fiscalYear: number;
  years: number[];
  city: CitySettings;
  gradeScale: ProgressGradeScale;
}

export type CycleFields = Pick<
  EvaluationSheetData,
  | 'cycle'
  | 'activities'
  | 'executionSummary'
  | 'reviews'
  | 'issues'
  | 'grade'
  | 'gradeReason'
  | 'firstEvaluation'
  | 'firstEvaluationReason'
  | 'secondEvaluation'
  | 'secondEvaluationReason'
  | 'direction'
  | 'directionReason'
  | 'comments'
>;

/** The year's texts and grades, each grade labelled from the list the year ran on. */
export function shapeCycle(
  context: SheetContext,
  cycle: CycleRow | null,
  approvals: readonly ApprovalRow[],
  reviewRows: readonly ReviewRow[],
): CycleFields {
  // The year's own decisions and scales (cycles.city_settings), else the city's current ones.
  const decisions = cycle?.city_settings?.decisions ?? context.city.decisions;
  const ratings = cycle?.city_settings?.ratings ?? context.city.ratings;
  const progressGrade = (code: string | undefined | null): SheetGrade | null =>
    code ? gradeOf(code, context.gradeScale.grades) : null;
  const reviews = reviewRows.map((r) => {
    const s = r.submission ?? {};
    const code = s.status ? gradeOfReview({ grade: s.grade, status: s.status }, context.gradeScale) : s.grade;
    return {
      period: r.period,
      progress: typeof s.progress === 'number' ? s.progress : null,
      grade: progressGrade(code),
      notes: s.notes ?? '',
      submitterName: r.actor_name,
    };
  });
  const evaluation = cycle?.evaluation?.payload;
  const lastReview = reviews.at(-1);
  const rated = [...approvals].reverse().find((a) => a.stage === 'CHECK' && a.rating !== null);
  const hqRating = cycle?.hq_rating ?? rated?.rating ?? null;
  const decision = cycle?.decision?.payload;
  return {
    cycle: cycle ? { stage: cycle.stage, status: cycle.status } : null,
    activities: cycle?.plan?.payload?.activities ?? [],
    executionSummary: cycle?.execution_report?.payload?.summary ?? null,
    reviews,
    issues: cycle?.execution_report?.payload?.issues || null,
    grade: progressGrade(evaluation?.grade) ?? lastReview?.grade ?? null,
    gradeReason: gradeReasonOf(reviews),
    firstEvaluation: evaluation?.selfRating ? gradeOf(evaluation.selfRating, ratings.self) : null,
    firstEvaluationReason: evaluation?.analysis || null,
    secondEvaluation: hqRating ? gradeOf(hqRating, ratings.hq) : null,
    secondEvaluationReason: rated?.comment || null,
    direction: decision?.decision
      ? gradeOf(
          decision.decision,
          decisions.map((d) => ({ code: d.code, symbol: d.label.ja, label: d.label })),
        )
      : null,
    directionReason: decision?.rationale || null,
    comments: approvals
      .filter((a) => a.comment)
      .map((a) => ({
        stage: a.stage,
        submissionKind: a.submission_kind,
        stepLabel: a.step_label,
        status: a.status,
        comment: a.comment!,
        decidedAt: a.decided_at ? new Date(a.decided_at).toISOString() : null,
        approverName: a.approver_name,
      })),
  };
}

/**
 * 進捗評価の理由: the latest 進捗報告's notes, null when it has none. Never the evaluation's analysis:
 * that is 評価の理由 of the 一次評価（所管）, printed once on its own row. Shared with the 進捗管理表.
 */
export function gradeReasonOf(reviews: ReadonlyArray<{ readonly notes?: string | null }>): string | null {
  return reviews.at(-1)?.notes?.trim() || null;
}

export function gradeOf(
  code: string,
  scale: ReadonlyArray<Pick<RatingGrade, 'code' | 'symbol' | 'label'>>,
): SheetGrade {
  const grade = scale.find((g) => g.code === code);
  return { code, symbol: grade?.symbol ?? code, label: grade?.label ?? null };
}

/**
 * The target of every plan year (the year's PLAN submission, else the plan's target for it) and the
 * actual with its rate from the year's evaluation, once HQ approved it (the cycle reached ACT).
 */
export function indicatorOf(
  context: SheetContext,
  row: IndicatorRow,
  cycles: readonly CycleRow[],
): SheetIndicator {
  const years = context.years.map((fy) => {
    const cycle = cycles.find((c) => c.fiscal_year === fy);
    const planned = cycle?.plan?.payload?.targets?.find((t) => t.indicatorId === row.id)?.target;
    const approved = cycle?.stage === 'ACT' ? cycle.evaluation : null;
    const result = approved?.results?.find((r) => r.indicatorId === row.id);
    return {
      fiscalYear: fy,
      target: result?.target ?? planned ?? row.targets?.[String(fy)] ?? null,
      actual: result?.actual ?? null,
      achievementRate: result?.achievementRate ?? null,
      achievementFormula: recordedFormula(result, row),
    };
  });
  return {
    name: row.name,
    unit: row.unit,
    kind: row.kind,
    direction: row.direction,
    baseline: row.baseline === null ? null : Number(row.baseline),
    finalTarget: row.target === null ? null : Number(row.target),
    formulaSetting: row.achievement_formula ?? context.city.achievementFormula,
    years,
  };
}

/** The plan period's years; without a period, the years known from cycles and the year asked for. */
export function planYears(plan: PlanRow, fiscalYear: number, cycles: readonly CycleRow[]): number[] {
  const known = [fiscalYear, ...cycles.map((c) => c.fiscal_year)];
  const from = plan.period_start_fy ?? Math.min(...known);
  const to = Math.max(plan.period_end_fy ?? fiscalYear, fiscalYear);
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** The 効果額 of each year in plan-rollup's terms: targets from PLAN, else the import; approved actuals. */
export function effectYears(
  imported: Record<string, EffectTarget>,
  cycles: readonly CycleRow[],
): Record<number, RollupYear> {
  const years: Record<number, RollupYear> = {};
  for (const [fy, target] of Object.entries(imported)) years[Number(fy)] = { target, actual: null };
  for (const c of cycles) {
    const planned = c.plan?.payload?.effectTarget;
    const actual = c.stage === 'ACT' ? (c.evaluation?.payload?.effects ?? null) : null;
    years[c.fiscal_year] = {
      target: planned
        ? { ...planned, net: planned.spendingReduction + planned.revenueGain - planned.cost }
        : (years[c.fiscal_year]?.target ?? null),
      actual,
    };
  }
  return years;
}

/** Each node's way from the top of the plan, the node itself last. */
export function nodePaths(nodes: readonly NodeRow[]): Map<string, Array<{ code: string; title: string }>> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const paths = new Map<string, Array<{ code: string; title: string }>>();
  for (const node of nodes) {
    const path: Array<{ code: string; title: string }> = [];
    // Plans have at most three node levels; the bound guards against a cycle in bad data.
    for (let n: NodeRow | undefined = node; n && path.length < 10; n = byId.get(n.parent_id ?? '')) {
      path.unshift({ code: n.code, title: n.title });
    }
    paths.set(node.id, path);
  }
  return paths;
}
