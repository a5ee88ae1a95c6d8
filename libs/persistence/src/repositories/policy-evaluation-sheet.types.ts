/**
 * What one 施策評価シート (a node's policy evaluation for one fiscal year, #24) holds, as the reports
 * render it — the node-level twin of evaluation-sheet.types.ts. Labels are resolved here in both
 * languages so a renderer only picks one. Personal names sit in the `*Name` fields only:
 * {@link policyWithoutPersonalNames} blanks them for a 公表用 sheet.
 */
import type { LocalizedText } from '@pdca/domain';
import type { EvaluationSheetData, SheetGrade } from './evaluation-sheet.types';

/** A node indicator's figures of the year, with the owner's reason. */
export interface PolicySheetIndicator {
  readonly name: string;
  readonly unit: string;
  /** The year's target (主要目標), when the plan set one. */
  readonly target: number | null;
  readonly actual: number | null;
  readonly reason: string;
}

/** An item under the node with its year's results, side by side as the owner saw them. */
export interface PolicySheetItem {
  readonly code: string;
  readonly title: string;
  readonly firstEvaluation: SheetGrade | null;
  readonly secondEvaluation: SheetGrade | null;
  readonly progressGrade: SheetGrade | null;
  readonly decision: SheetGrade | null;
  /** 効果額 (net, yen) of the year: the 見込額 and, once approved, the 実績額. */
  readonly effectTarget: number | null;
  readonly effectActual: number | null;
}

/** One of HQ's decisions on the evaluation, with its comment. */
export interface PolicySheetDecision {
  readonly round: number;
  readonly stepLabel: LocalizedText;
  readonly status: 'approved' | 'returned' | 'pending' | 'cancelled';
  readonly comment: string;
  readonly decidedAt: string | null;
  readonly approverName: string | null;
}

export type PolicySheetStatus = 'scheduled' | 'open' | 'submitted' | 'returned' | 'approved';

/** The sheet's year, city and plan are the item sheet's. */
export interface PolicyEvaluationSheetData
  extends Pick<EvaluationSheetData, 'fiscalYear' | 'tenantName' | 'plan'> {
  readonly node: {
    readonly id: string;
    readonly code: string;
    readonly title: string;
    /** The plan's name for the node's level (施策, 個別方針); null: the plan has none. */
    readonly levelName: LocalizedText | null;
    /** The node's ancestors from the top level down, each with its level's name. */
    readonly path: ReadonlyArray<{
      readonly code: string;
      readonly title: string;
      readonly levelName: LocalizedText | null;
    }>;
    readonly ownerName: string | null;
    /** Who may read the sheet besides HQ (the evaluation's owner); never printed. */
    readonly ownerUserId: string | null;
  };
  readonly status: PolicySheetStatus;
  /** 担当部評価 on the city's scale; null before a submission. */
  readonly rating: SheetGrade | null;
  readonly reason: string;
  readonly indicators: readonly PolicySheetIndicator[];
  readonly issues: string;
  readonly direction: string;
  /** HQ's decisions, oldest first. */
  readonly decisions: readonly PolicySheetDecision[];
  readonly items: readonly PolicySheetItem[];
}

/** The data of a 公表用 sheet: the owner's and the approvers' names removed. */
export function policyWithoutPersonalNames(data: PolicyEvaluationSheetData): PolicyEvaluationSheetData {
  const decisions = data.decisions.map((d) => ({ ...d, approverName: null }));
  return { ...data, node: { ...data.node, ownerName: null }, decisions };
}
