/**
 * 市の対応方針 (#25): the city's answer to the committee's ruling on one item, a workflow of its own
 * per round and item, `ext-response/<tenant>/<reviewId>/<itemId>`, started by the round's workflow
 * when the chair records the ruling. Imported by the workflows, the worker and the API; free of Node
 * imports. No personal data goes into its id or search attributes.
 *
 * The shared part (ids, input, the context activity) is fixed here first: the review round's
 * workflow starts this one as a child. The rest of the contract (state, projection event, Updates)
 * follows below it.
 */
import type { ApprovalPolicy, ExternalResponseSubmission, LocalizedText, ReminderPolicy } from '@pdca/domain';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, ApprovalDecision } from './cycle-workflow.contract';
import type { PolicyApprovalState, PolicyProjectionEvent } from './policy-evaluation.contract';

export const EXTERNAL_RESPONSE_WORKFLOW_TYPE = 'externalResponseWorkflow';

export function externalResponseWorkflowId(tenantCode: string, reviewId: string, itemId: string): string {
  return `ext-response/${tenantCode}/${reviewId}/${itemId}`;
}

/** 委員会の評価: the committee's ruling on one item, as the chair recorded it. */
export interface ExternalRuling {
  /** A code of the committee's result list (settings externalReview.results). */
  result: string;
  resultLabel: LocalizedText;
  reason: string;
  ruledBy: string;
  ruledAt: string;
}

/** What the response runs on, read once when it starts (settings changed later do not move it). */
export interface ExternalResponseContext {
  itemCode: string;
  itemTitle: string;
  /** The leader of the item's working group (null: none yet; HQ admins are told on escalation). */
  leaderUserId: string | null;
  approvalPolicy: ApprovalPolicy;
  reminderPolicy: ReminderPolicy;
  /** Days from the ruling to the response's due date (settings externalReview.responseDueDays). */
  dueDays: number;
}

export interface ExternalResponseInput {
  responseId: string;
  tenantId: string;
  tenantCode: string;
  reviewId: string;
  reviewTitle: string;
  itemId: string;
  /** The round's fiscal year (the year the committee reviewed). */
  fiscalYear: number;
  timeScale: number;
  businessStartMs?: number;
  ruling: ExternalRuling;
  context: ExternalResponseContext;
}

export interface ExternalResponseContextRequest {
  tenantId: string;
  itemId: string;
}

/** The activity the round's workflow calls before starting a response. */
export interface ExternalResponseStartActivities {
  externalResponseContext(request: ExternalResponseContextRequest): Promise<ExternalResponseContext>;
}

// ---- Below the shared head: the response's own state, projection and commands (H2).

/** 提出待ち → 承認待ち (→ 差戻し → 承認待ち …) → 承認済み. Opens at once: there is no 予定. */
export const EXTERNAL_RESPONSE_STATUSES = ['open', 'submitted', 'returned', 'approved'] as const;
export type ExternalResponseStatus = (typeof EXTERNAL_RESPONSE_STATUSES)[number];

/** One step of HQ's chain on a response: the same shape as a 施策評価's (the same chain rules decide it). */
export type ExternalResponseApprovalState = PolicyApprovalState;

export interface ExternalResponseState {
  responseId: string;
  workflowId: string;
  tenantId: string;
  reviewId: string;
  itemId: string;
  fiscalYear: number;
  status: ExternalResponseStatus;
  /** The item's leader when the response opened: the one who submits. */
  leaderUserId: string | null;
  ruling: ExternalRuling;
  openAt: string;
  dueAt: string;
  overdue: boolean;
  escalatedAt: string | null;
  remindersSent: string[];
  lastRemindedAt: string | null;
  round: number;
  submission: ExternalResponseSubmission | null;
  submittedBy: string | null;
  submittedAt: string | null;
  approvals: ExternalResponseApprovalState[];
  approvedAt: string | null;
  startedAt: string;
  businessNow: string;
}

/** One workflow step, applied to PostgreSQL in one transaction with its ledger entry and outbox (as a 施策評価's). */
export interface ExternalResponseProjectionEvent extends Omit<PolicyProjectionEvent, 'evaluation'> {
  response: ExternalResponseState;
}

export interface ExternalResponseActivities extends ExternalResponseStartActivities {
  /** Returns false when the event had been applied before (a retried activity). */
  projectExternalResponseEvent(event: ExternalResponseProjectionEvent): Promise<boolean>;
}

export const submitExternalResponseUpdate = defineUpdate<
  ExternalResponseState,
  [Actor, ExternalResponseSubmission]
>('submitExternalResponse');
export const decideExternalResponseUpdate = defineUpdate<ExternalResponseState, [Actor, ApprovalDecision]>(
  'decideExternalResponse',
);
/** A started Update answering once the opening's projection committed (as the 施策評価's). */
export const externalResponseStartedUpdate = defineUpdate<ExternalResponseState, []>(
  'externalResponseStarted',
);
export const externalResponseStateQuery = defineQuery<ExternalResponseState>('externalResponseState');
