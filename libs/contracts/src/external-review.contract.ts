/**
 * 外部評価 (#25): one review round of the external review committee, a workflow of its own,
 * `ext-review/<tenant>/<reviewId>`, started by HQ (POST /external-reviews). The members give an
 * 意見 with a proposed result per item, the chair records the committee's ruling per item; each
 * ruling starts the city's response (external-response.contract.ts) as a child that outlives the
 * round. Imported by the workflow, the worker and the API; free of Node imports. No personal data
 * goes into its id or search attributes; the opinion texts travel in the Updates and the projection
 * events only, never in the workflow's state.
 */
import type { ExternalOpinionInput, ExternalRulingInput } from '@pdca/domain/external-review';
import type { ExternalReviewResult } from '@pdca/domain/external-review-settings';
import type { ReminderPolicy } from '@pdca/domain/reminder-policy';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ProjectionActor } from './cycle-activities.contract';
import type { Actor } from './cycle-workflow.contract';
import type { ExternalResponseStartActivities, ExternalRuling } from './external-response.contract';

export type { ExternalOpinionInput, ExternalRulingInput };

export const EXTERNAL_REVIEW_WORKFLOW_TYPE = 'externalReviewWorkflow';

export function externalReviewWorkflowId(tenantCode: string, reviewId: string): string {
  return `ext-review/${tenantCode}/${reviewId}`;
}

/** 意見受付中 → 評価済み (every item ruled). */
export const EXTERNAL_REVIEW_STATUSES = ['open', 'ruled'] as const;
export type ExternalReviewStatus = (typeof EXTERNAL_REVIEW_STATUSES)[number];

/** What the round runs on, read once when it is created (settings changed later do not move it). */
export interface ExternalReviewContext {
  /** The committee's result list (settings externalReview.results). */
  results: ExternalReviewResult[];
  /** The tenant's reminder policy for the members' opinions. */
  reminderPolicy: ReminderPolicy;
  publishMemberNames: boolean;
}

export interface ExternalReviewInput {
  reviewId: string;
  tenantId: string;
  tenantCode: string;
  fiscalYear: number;
  title: string;
  /** The items reviewed, in the order HQ chose them (1–100). */
  itemIds: string[];
  /** The committee members (users holding external_reviewer); the chair is one of them. */
  memberUserIds: string[];
  chairUserId: string;
  /** ISO instant: the members' opinions are due. */
  dueAt: string;
  /** The HQ admin who created the round (the `external_review.created` entry's actor). */
  createdBy: Actor;
  timeScale: number;
  businessStartMs?: number;
  context: ExternalReviewContext;
}

/** One member's opinion on one item, as the workflow keeps it (its text lives in PostgreSQL only). */
export interface ExternalOpinionState {
  itemId: string;
  memberUserId: string;
  result: string;
  /** 1 for the first opinion; a second one on the same item replaces it with revision 2, … */
  revision: number;
  submittedAt: string;
}

export interface ExternalReviewItemState {
  itemId: string;
  /** 1-based, as HQ listed the items. */
  position: number;
  ruling: ExternalRuling | null;
  /** The city's response started for the ruling (null until ruled). */
  responseId: string | null;
}

export interface ExternalReviewState {
  reviewId: string;
  workflowId: string;
  tenantId: string;
  fiscalYear: number;
  title: string;
  status: ExternalReviewStatus;
  chairUserId: string;
  memberUserIds: string[];
  items: ExternalReviewItemState[];
  opinions: ExternalOpinionState[];
  dueAt: string;
  overdue: boolean;
  escalatedAt: string | null;
  remindersSent: string[];
  lastRemindedAt: string | null;
  /** Whether the published report names the members (settings externalReview.publishMemberNames). */
  publishMemberNames: boolean;
  createdBy: string;
  startedAt: string;
  ruledAt: string | null;
  businessNow: string;
}

/** An opinion as the projection writes it (with its text). */
export interface ExternalOpinionRecord extends ExternalOpinionState {
  opinion: string;
}

/** One workflow step, applied to PostgreSQL in one transaction with its ledger entry and outbox. */
export interface ExternalReviewProjectionEvent {
  workflowId: string;
  runId: string;
  seq: number;
  type: string;
  occurredAt: string;
  tenantId: string;
  actor: ProjectionActor;
  /** The item the step concerns (the ledger entry's item_id), or null for the round as a whole. */
  itemId: string | null;
  comment: string | null;
  payload: Record<string, unknown>;
  review: ExternalReviewState;
  /** The opinion a member submitted in this step. */
  opinion: ExternalOpinionRecord | null;
  outbox: Array<{ type: string; payload: Record<string, unknown> }>;
}

export interface ExternalReviewActivities extends ExternalResponseStartActivities {
  /** Returns false when the event had been applied before (a retried activity). */
  projectExternalReviewEvent(event: ExternalReviewProjectionEvent): Promise<boolean>;
}

/**
 * A member's 意見 on one item. A second one by the same member on the same item replaces the first
 * (revision + 1) until the chair has ruled on the item.
 */
export const submitExternalOpinionUpdate = defineUpdate<ExternalReviewState, [Actor, ExternalOpinionInput]>(
  'submitExternalOpinion',
);
/** The chair's ruling (委員会の評価) on one item, once; it starts the city's response. */
export const recordExternalRulingUpdate = defineUpdate<ExternalReviewState, [Actor, ExternalRulingInput]>(
  'recordExternalRuling',
);
/** A started Update answering once the round's creation is in PostgreSQL (as the cycle's `started`). */
export const externalReviewStartedUpdate = defineUpdate<ExternalReviewState, []>('externalReviewStarted');
export const externalReviewStateQuery = defineQuery<ExternalReviewState>('externalReviewState');
