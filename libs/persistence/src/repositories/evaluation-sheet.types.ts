/**
 * What one 評価シート (an item's evaluation sheet for one fiscal year) holds, as the reports render
 * it. Labels are resolved here in both languages (the city's grade, rating and decision lists of
 * that year), so a renderer only picks a language. Personal names sit in the `*Name` fields only:
 * {@link withoutPersonalNames} blanks them for a 公表用 sheet.
 */
import type {
  AchievementFormula,
  EffectTotals,
  LocalizedText,
  PlanLevel,
  Stage,
  SubmissionKind,
} from '@pdca/domain';
import type { ItemCostFigures } from '@pdca/domain/item-costs';

/** A grade of one of the city's scales (進捗評価, 一次評価, 二次評価, 今後の方向性), as printed. */
export interface SheetGrade {
  readonly code: string;
  /** What the sheet prints (`A`, `◎`; the code when the scale no longer has it). */
  readonly symbol: string;
  readonly label: LocalizedText | null;
}

/** One parent of the item (its primary parent, or a 再掲 one) with its way from the top of the plan. */
export interface SheetParent {
  /** From the top level down to the parent itself. */
  readonly path: ReadonlyArray<{ readonly code: string; readonly title: string }>;
  /** A parent the item is listed under again (再掲), not its primary one. */
  readonly relisted: boolean;
}

export interface SheetIndicatorYear {
  readonly fiscalYear: number;
  /** The year's PLAN target, else the plan's target for that year. */
  readonly target: number | null;
  /** From the year's CHECK evaluation once HQ approved it. */
  readonly actual: number | null;
  /** 目標達成率 in percent, as the evaluation recorded it. */
  readonly achievementRate: number | null;
  readonly achievementFormula: AchievementFormula | null;
}

export interface SheetIndicator {
  readonly name: string;
  readonly unit: string;
  readonly kind: 'outcome' | 'activity' | null;
  readonly direction: 'higher_is_better' | 'lower_is_better';
  readonly baseline: number | null;
  /** The final target of the plan (目標値 without a year), when the plan gives one. */
  readonly finalTarget: number | null;
  /** The 算定方法 chosen for the indicator (`ratio` / `progress`), else the city's default. */
  readonly formulaSetting: 'ratio' | 'progress';
  /** Every fiscal year of the plan period, oldest first. */
  readonly years: readonly SheetIndicatorYear[];
}

/** One 進捗報告 of the year, as the ledger recorded it. */
export interface SheetReview {
  /** The review task's title, which names its period: 進捗報告（2025年度 第1四半期）. */
  readonly period: LocalizedText | null;
  readonly progress: number | null;
  readonly grade: SheetGrade | null;
  readonly notes: string;
  readonly submitterName: string | null;
}

/** A comment HQ wrote on an approval step of the year. */
export interface SheetComment {
  readonly stage: Stage;
  readonly submissionKind: SubmissionKind;
  readonly stepLabel: LocalizedText;
  readonly status: 'approved' | 'returned' | 'pending' | 'cancelled';
  readonly comment: string;
  readonly decidedAt: string | null;
  readonly approverName: string | null;
}

export interface EvaluationSheetData {
  readonly fiscalYear: number;
  readonly tenantName: string;
  readonly plan: {
    readonly id: string;
    readonly title: string;
    readonly periodStartFy: number | null;
    readonly periodEndFy: number | null;
  };
  /** The plan's level names from the top, the last being the item's. */
  readonly levels: readonly PlanLevel[];
  readonly item: {
    readonly id: string;
    readonly code: string;
    readonly title: string;
    /** 概要 (items.summary). */
    readonly summary: string;
    /** 現状と課題 / 目的 (items.background). */
    readonly background: string;
    /** 所管課・WG: the working group standing for the department in charge. */
    readonly department: string | null;
    readonly leaderName: string | null;
  };
  /** The primary parent first, then the 再掲 ones in the plan's order. */
  readonly parents: readonly SheetParent[];
  readonly indicators: readonly SheetIndicator[];
  /** The year's cycle: null when none has opened. */
  readonly cycle: { readonly stage: Stage; readonly status: string } | null;
  /** 主な取組と成果: the PLAN activities, the execution report summary and the reviews. */
  readonly activities: readonly string[];
  readonly executionSummary: string | null;
  readonly reviews: readonly SheetReview[];
  /** 課題 (the execution report's issues). */
  readonly issues: string | null;
  /** 進捗評価: the evaluation's grade, else the latest review's. */
  readonly grade: SheetGrade | null;
  /** 進捗評価の理由: the latest review's notes (gradeReasonOf), never the evaluation's analysis. */
  readonly gradeReason: string | null;
  readonly firstEvaluation: SheetGrade | null;
  /** 評価の理由 of the 一次評価 (evaluation.analysis). */
  readonly firstEvaluationReason: string | null;
  readonly secondEvaluation: SheetGrade | null;
  /** HQ's comment on the approval where it rated. */
  readonly secondEvaluationReason: string | null;
  readonly direction: SheetGrade | null;
  /** The decision's rationale. */
  readonly directionReason: string | null;
  /** 予算への反映額 (yen) and the fiscal year it goes into; null when the decision moved nothing. */
  readonly budgetReflection: { readonly amount: number; readonly fiscalYear: number } | null;
  /** 効果額 of the year and cumulative from the plan's first year (plan-rollup's figures). */
  readonly effects: {
    readonly year: EffectTotals;
    readonly cumulative: EffectTotals;
    readonly cumulativeFromFy: number;
  };
  /** HQ's comments through the year, oldest first. */
  readonly comments: readonly SheetComment[];
  /** 事業費・人件費・フルコスト of the year, 見込 and 実績 (#26); absent on data made before. */
  readonly costs?: {
    readonly estimate: ItemCostFigures | null;
    readonly actual: ItemCostFigures | null;
  };
}

/** The sheet without a personal name: leader, submitters and approvers blanked (公表用). */
export function withoutPersonalNames(data: EvaluationSheetData): EvaluationSheetData {
  return {
    ...data,
    item: { ...data.item, leaderName: null },
    reviews: data.reviews.map((r) => ({ ...r, submitterName: null })),
    comments: data.comments.map((c) => ({ ...c, approverName: null })),
  };
}
