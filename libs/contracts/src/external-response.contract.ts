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
import type { ApprovalPolicy, LocalizedText, ReminderPolicy } from '@pdca/domain';

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
