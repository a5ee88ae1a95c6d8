/**
 * 事業検証 (#26): one verification round of a fiscal year, a workflow of its own,
 * `verification/<tenant>/<roundId>`, started by HQ (POST /verification-rounds). For each chosen
 * item the 検証チーム submits 検証結果 and a 方向性; HQ decides it (本部の決定) through the city's
 * approval chain (the same chain rules as 施策評価 and 市の対応方針); the decision's budget effect
 * goes into the budget under formulation as a budget_reflections row of origin 'verification'.
 * Imported by the workflow, the worker and the API; free of Node imports. No personal data goes
 * into its id or search attributes.
 */
import type { ApprovalPolicy, BudgetReflection, DecisionSetting, FiscalCalendarPolicy } from '@pdca/domain';
import type { VerificationFindingsInput } from '@pdca/domain/business-verification';
import type { ReminderPolicy } from '@pdca/domain/reminder-policy';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, ApprovalDecision } from './cycle-workflow.contract';
import type { PolicyApprovalState, PolicyProjectionEvent } from './policy-evaluation.contract';

export type { VerificationFindingsInput };

export const VERIFICATION_WORKFLOW_TYPE = 'businessVerificationWorkflow';

export function verificationWorkflowId(tenantCode: string, roundId: string): string {
  return `verification/${tenantCode}/${roundId}`;
}

/** 検証中 → 本部の決定済み (every item decided). */
export const VERIFICATION_STATUSES = ['open', 'decided'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];
/** The team's task (入力待ち, 差戻し) and HQ's chain (決定待ち → 決定済み). */
export const VERIFICATION_ITEM_STATUSES = ['open', 'submitted', 'returned', 'approved'] as const;
export type VerificationItemStatus = (typeof VERIFICATION_ITEM_STATUSES)[number];

/** What the round runs on, read once when it is created (settings changed later do not move it). */
export interface VerificationContext {
  /** The city's decision list (方向性), with its carriesOver one (方向性未決定). */
  decisions: DecisionSetting[];
  approvalPolicy: ApprovalPolicy;
  /** The tenant's reminder policy for the team's findings and HQ's decisions. */
  reminderPolicy: ReminderPolicy;
  /** The city's calendar: which budget a decision reaches (budgetFormulation). */
  calendar: FiscalCalendarPolicy;
}

/** One chosen item as the round starts with it. */
export interface VerificationItemInput {
  /** The row's id (verification_items.id). */
  verificationItemId: string;
  itemId: string;
  /** The item's budget of the round's year (item_budgets), integer yen: the proposals' reference. */
  currentAmount: number;
  /** Last year's row when the item was left 方向性未決定 there and is carried over. */
  carriedFrom: string | null;
}

export interface VerificationInput {
  roundId: string;
  tenantId: string;
  tenantCode: string;
  fiscalYear: number;
  title: string;
  /** How HQ chose the items (by hand, by attributes), as recorded with the round. */
  criteria: Record<string, unknown>;
  /** The items, carried-over ones first, then those the criteria chose (1–100). */
  items: VerificationItemInput[];
  /** The 検証チーム (1–30 users of the city). */
  teamUserIds: string[];
  /** ISO instants: the team's findings are due; HQ's decisions are due. */
  findingsDueAt: string;
  decisionDueAt: string;
  /** The HQ admin who opened the round. */
  createdBy: Actor;
  timeScale: number;
  businessStartMs?: number;
  context: VerificationContext;
}

/** A decision's effect on the budget under formulation (budget_reflections, origin 'verification'). */
export interface VerificationBudgetReflection extends BudgetReflection {
  id: string;
  verificationItemId: string;
  itemId: string;
  /** The round's fiscal year. */
  sourceFiscalYear: number;
  /** The budget year it goes into (the first whose formulation window had not closed). */
  fiscalYear: number;
  decision: string;
  endsItem: boolean;
  approvalId: string;
  reflectedAt: string;
}

export interface VerificationItemState {
  verificationItemId: string;
  itemId: string;
  /** 1-based, as the round lists them. */
  position: number;
  carriedFrom: string | null;
  currentAmount: number;
  status: VerificationItemStatus;
  round: number;
  submission: VerificationFindingsInput | null;
  submittedBy: string | null;
  submittedAt: string | null;
  approvals: PolicyApprovalState[];
  approvedAt: string | null;
  /** 本部の決定: the approved 方向性 (null until the last step approves). */
  decision: string | null;
  /** The decision is the city's carriesOver one (方向性未決定): next year's round takes the item again. */
  carriesOver: boolean;
  budgetReflection: VerificationBudgetReflection | null;
}

export interface VerificationState {
  roundId: string;
  workflowId: string;
  tenantId: string;
  fiscalYear: number;
  title: string;
  status: VerificationStatus;
  teamUserIds: string[];
  findingsDueAt: string;
  decisionDueAt: string;
  items: VerificationItemState[];
  overdue: boolean;
  escalatedAt: string | null;
  /** `findings:<key>` for the team's reminders, `decision:<key>` for HQ's. */
  remindersSent: string[];
  lastRemindedAt: string | null;
  createdBy: string;
  startedAt: string;
  decidedAt: string | null;
  businessNow: string;
}

/** One workflow step, applied to PostgreSQL in one transaction with its ledger entry and outbox. */
export interface VerificationProjectionEvent extends Omit<PolicyProjectionEvent, 'evaluation'> {
  /** The item the step concerns (null for the round's own steps). */
  itemId: string | null;
  verification: VerificationState;
  /** The item's state after the step (null for the round's own steps). */
  item: VerificationItemState | null;
  budgetReflection: VerificationBudgetReflection | null;
}

export interface VerificationActivities {
  /** Returns false when the event had been applied before (a retried activity). */
  projectVerificationEvent(event: VerificationProjectionEvent): Promise<boolean>;
}

export const submitVerificationFindingsUpdate = defineUpdate<
  VerificationState,
  [Actor, VerificationFindingsInput]
>('submitVerificationFindings');
export const decideVerificationUpdate = defineUpdate<VerificationState, [Actor, ApprovalDecision]>(
  'decideVerification',
);
/** A started Update answering once the round's creation is in PostgreSQL. */
export const verificationStartedUpdate = defineUpdate<VerificationState, []>('verificationStarted');
export const verificationStateQuery = defineQuery<VerificationState>('verificationState');
