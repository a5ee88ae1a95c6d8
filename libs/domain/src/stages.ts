import { GLOSSARY } from './glossary';
import type { LocalizedText } from './localized-text';

// Each enum is one `as const` array (in its order for lists), its type derived from it, and its
// labels keyed by it.

/** The four PDCA stages one reform item goes through in each fiscal year, in cycle order. */
export const STAGES = ['PLAN', 'DO', 'CHECK', 'ACT'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Readonly<Record<Stage, LocalizedText>> = {
  PLAN: { ja: '計画', en: 'Plan' },
  DO: { ja: '実行', en: 'Do' },
  CHECK: { ja: '評価', en: 'Check' },
  // 方向性の決定 (glossary): not 改善 (the `improve` decision) nor 見直し (a decision in some cities).
  ACT: GLOSSARY.actStage,
};

/**
 * Where one fiscal-year cycle stands, orthogonal to its stage.
 * - `returned`: HQ sent the submission back; the WG leader must resubmit (kept apart from
 *   `awaiting_submission` so lists can show "returned with comments").
 * - `completed`: this year's cycle ended and the item continues next fiscal year.
 * - `closed`: the cycle ended and the item ends with it (abolished, completed, or plan period over).
 * - `withdrawn`: HQ discontinued the cycle (中止).
 */
export const CYCLE_STATUSES = [
  'awaiting_submission',
  'awaiting_approval',
  'returned',
  'reflecting_budget',
  'completed',
  'closed',
  'withdrawn',
] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

export const CYCLE_STATUS_LABELS: Readonly<Record<CycleStatus, LocalizedText>> = {
  awaiting_submission: { ja: '提出待ち', en: 'Awaiting submission' },
  awaiting_approval: { ja: '承認待ち', en: 'Awaiting approval' },
  returned: { ja: '差戻し', en: 'Returned' },
  reflecting_budget: { ja: '予算反映中', en: 'Reflecting in budget' },
  completed: GLOSSARY.yearEnded,
  closed: { ja: '終了', en: 'Closed' },
  withdrawn: GLOSSARY.discontinued,
};

/** True when nothing more happens in this cycle. */
export function isTerminalStatus(status: CycleStatus): boolean {
  return status === 'completed' || status === 'closed' || status === 'withdrawn';
}

/**
 * external_reviewer (外部評価委員, #25): a member of the city's external committee; reads only the
 * items of the review rounds they sit on and writes only their own 意見 (and, as chair, the ruling).
 * finance (財政課, #26): reads items and their budgets; writes only 査定額 and 当初予算額.
 */
export const ROLES = [
  'wg_leader',
  'hq_approver',
  'hq_admin',
  'auditor',
  'admin',
  'external_reviewer',
  'finance',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, LocalizedText>> = {
  wg_leader: { ja: 'WGリーダー', en: 'Working-group leader' },
  hq_approver: { ja: '本部承認者', en: 'HQ approver' },
  hq_admin: { ja: '本部事務局', en: 'HQ administrator' },
  auditor: { ja: '監査担当', en: 'Auditor' },
  admin: { ja: 'システム管理者', en: 'System administrator' },
  external_reviewer: { ja: '外部評価委員', en: 'External reviewer' },
  finance: { ja: '財政課', en: 'Finance division' },
};

/** The Act stage's decision about the item's future. */
export const ACT_DECISIONS = ['expand', 'continue', 'improve', 'reduce', 'abolish', 'complete'] as const;
export type ActDecision = (typeof ACT_DECISIONS)[number];

export const ACT_DECISION_LABELS: Readonly<Record<ActDecision, LocalizedText>> = {
  expand: { ja: '拡充', en: 'Expand' },
  continue: { ja: '継続', en: 'Continue' },
  improve: { ja: '改善', en: 'Improve' },
  reduce: { ja: '縮小', en: 'Reduce' },
  abolish: { ja: '休廃止', en: 'Suspend / abolish' },
  complete: { ja: '完了', en: 'Complete' },
};

/**
 * True when one of the product's six decisions ends the item (no next fiscal-year cycle). A city's
 * own list says it per decision (`endsItem`); records from before #22 fall back to this.
 */
export function endsPlan(decision: string): boolean {
  return decision === 'abolish' || decision === 'complete';
}

/** Evaluation grade, A best. */
export const RATINGS = ['A', 'B', 'C', 'D'] as const;
export type Rating = (typeof RATINGS)[number];

export const RATING_LABELS: Readonly<Record<Rating, LocalizedText>> = {
  A: { ja: '目標達成', en: 'Target achieved' },
  B: { ja: '概ね達成', en: 'Mostly achieved' },
  C: { ja: '一部達成', en: 'Partly achieved' },
  D: { ja: '未達成', en: 'Not achieved' },
};

/** What the WG leader hands in. Each kind belongs to exactly one stage. */
export const SUBMISSION_KINDS = ['plan', 'review', 'execution_report', 'evaluation', 'action'] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

export const SUBMISSION_KIND_LABELS: Readonly<Record<SubmissionKind, LocalizedText>> = {
  plan: GLOSSARY.itemPlan,
  review: GLOSSARY.progressReview,
  execution_report: { ja: '実施報告', en: 'Execution report' },
  evaluation: { ja: '評価', en: 'Evaluation' },
  action: GLOSSARY.direction,
};

/** A periodic review's own word on how the item is going: the progress grades' words (one scale). */
export const REVIEW_STATUSES = ['on_track', 'at_risk', 'delayed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_STATUS_LABELS: Readonly<Record<ReviewStatus, LocalizedText>> = {
  on_track: { ja: '順調', en: 'On track' },
  at_risk: { ja: 'やや遅れ', en: 'Slightly behind' },
  delayed: { ja: '遅れ', en: 'Behind' },
};

/** A task (one submission to hand in). `scheduled` (予定): visible, not open for submission before `openAt`. */
export const TASK_STATUSES = ['scheduled', 'open', 'submitted', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** One approval step of one submission round. */
export const APPROVAL_STATUSES = ['pending', 'approved', 'returned', 'cancelled'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** Where the cycle goes once HQ approves a submission. */
export type ApprovalTransition =
  /** The stage continues (a periodic review was acknowledged). */
  | { readonly type: 'stay'; readonly stage: Stage }
  | { readonly type: 'advance'; readonly to: Stage }
  /** ACT is done: the approved decision becomes a next-year budget adjustment. */
  | { readonly type: 'reflect_budget' };

export interface StageRule {
  /** Submission kinds the stage accepts. */
  readonly accepts: readonly SubmissionKind[];
  /** The submission whose approval closes the stage. */
  readonly gate: SubmissionKind;
  /** Where approving the gate leads. */
  readonly onGateApproved: ApprovalTransition;
}

/**
 * The transition table. DO accepts periodic reviews and the execution report; only the report is
 * the gate, so approving a review keeps the cycle in DO.
 */
export const STAGE_RULES: Readonly<Record<Stage, StageRule>> = {
  PLAN: { accepts: ['plan'], gate: 'plan', onGateApproved: { type: 'advance', to: 'DO' } },
  DO: {
    accepts: ['review', 'execution_report'],
    gate: 'execution_report',
    onGateApproved: { type: 'advance', to: 'CHECK' },
  },
  CHECK: { accepts: ['evaluation'], gate: 'evaluation', onGateApproved: { type: 'advance', to: 'ACT' } },
  ACT: { accepts: ['action'], gate: 'action', onGateApproved: { type: 'reflect_budget' } },
};

/** The stage a submission kind belongs to. */
export function stageOfSubmission(kind: SubmissionKind): Stage {
  return STAGES.find((stage) => STAGE_RULES[stage].accepts.includes(kind))!;
}

/**
 * What approving a `kind` submission in `stage` leads to, or `null` when the stage does not take
 * that kind at all (the caller should have rejected the submission earlier).
 */
export function transitionOnApproval(stage: Stage, kind: SubmissionKind): ApprovalTransition | null {
  const rule = STAGE_RULES[stage];
  if (!rule.accepts.includes(kind)) return null;
  return kind === rule.gate ? rule.onGateApproved : { type: 'stay', stage };
}
