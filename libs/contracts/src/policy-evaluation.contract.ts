/**
 * The 施策評価 workflow's contract (#24): one workflow per plan node and fiscal year,
 * `policy-eval/<tenant>/<nodeId>/<fy>`. Imported by the workflow, the worker and the API; free of
 * Node imports. No personal data goes into its id or search attributes.
 */
import type {
  ApprovalPolicy,
  LocalizedText,
  PolicyEvaluationSubmission,
  PolicyRatingGrade,
  ReminderPolicy,
} from '@pdca/domain';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ProjectionActor } from './cycle-activities.contract';
import type { Actor, ApprovalDecision } from './cycle-workflow.contract';

export const POLICY_EVALUATION_WORKFLOW_TYPE = 'policyEvaluationWorkflow';

export function policyEvaluationWorkflowId(tenantCode: string, nodeId: string, fiscalYear: number): string {
  return `policy-eval/${tenantCode}/${nodeId}/${fiscalYear}`;
}

/** 予定 → 提出待ち → 承認待ち (→ 差戻し → 承認待ち …) → 承認済み. */
export const POLICY_EVALUATION_STATUSES = ['scheduled', 'open', 'submitted', 'returned', 'approved'] as const;
export type PolicyEvaluationStatus = (typeof POLICY_EVALUATION_STATUSES)[number];

/** What the evaluation runs on, read once when it starts (settings changed later do not move a running year). */
export interface PolicyEvaluationContext {
  nodeCode: string;
  nodeTitle: string;
  ownerUserId: string | null;
  approvalPolicy: ApprovalPolicy;
  reminderPolicy: ReminderPolicy;
  scale: PolicyRatingGrade[];
  indicatorIds: string[];
  /** ISO instant: the latest opening (calendar.policyEvaluationOpen). */
  scheduledOpenAt: string;
  dueDays: number;
}

export interface PolicyEvaluationInput {
  evaluationId: string;
  tenantId: string;
  tenantCode: string;
  nodeId: string;
  fiscalYear: number;
  timeScale: number;
  businessStartMs?: number;
  context: PolicyEvaluationContext;
}

/** An item under the node whose CHECK evaluation HQ has not approved for the year yet. */
export interface PendingItem {
  itemId: string;
  itemCode: string;
  itemTitle: string;
}

export interface PolicyApprovalState {
  id: string;
  round: number;
  stepIndex: number;
  stepKey: string;
  stepLabel: LocalizedText;
  status: 'pending' | 'approved' | 'returned' | 'cancelled';
  submittedBy: string;
  submittedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
}

export interface PolicyEvaluationState {
  evaluationId: string;
  workflowId: string;
  tenantId: string;
  nodeId: string;
  fiscalYear: number;
  status: PolicyEvaluationStatus;
  ownerUserId: string | null;
  scheduledOpenAt: string;
  openAt: string | null;
  openedBy: 'items_approved' | 'date' | null;
  dueAt: string | null;
  itemsPending: PendingItem[];
  overdue: boolean;
  escalatedAt: string | null;
  remindersSent: string[];
  lastRemindedAt: string | null;
  round: number;
  submission: PolicyEvaluationSubmission | null;
  submittedBy: string | null;
  submittedAt: string | null;
  approvals: PolicyApprovalState[];
  approvedAt: string | null;
  startedAt: string;
  businessNow: string;
}

/** One workflow step, applied to PostgreSQL in one transaction with its ledger entry and outbox. */
export interface PolicyProjectionEvent {
  workflowId: string;
  runId: string;
  seq: number;
  type: string;
  occurredAt: string;
  tenantId: string;
  actor: ProjectionActor;
  approvalId: string | null;
  comment: string | null;
  payload: Record<string, unknown>;
  evaluation: PolicyEvaluationState;
  approvals: PolicyApprovalState[];
  outbox: Array<{ type: string; payload: Record<string, unknown> }>;
}

export interface PolicyReadinessRequest {
  tenantId: string;
  nodeId: string;
  fiscalYear: number;
}

export interface PolicyEvaluationActivities {
  /** The items under the node still waiting for their CHECK evaluation's approval. */
  policyItemsPending(request: PolicyReadinessRequest): Promise<PendingItem[]>;
  /** Returns false when the event had been applied before (a retried activity). */
  projectPolicyEvent(event: PolicyProjectionEvent): Promise<boolean>;
}

export const submitPolicyEvaluationUpdate = defineUpdate<
  PolicyEvaluationState,
  [Actor, PolicyEvaluationSubmission]
>('submitPolicyEvaluation');
export const decidePolicyEvaluationUpdate = defineUpdate<PolicyEvaluationState, [Actor, ApprovalDecision]>(
  'decidePolicyEvaluation',
);
/** A started Update answering once the start's projection committed (as the cycle's `started`). */
export const policyEvaluationStartedUpdate = defineUpdate<PolicyEvaluationState, []>('policyStarted');
/** An item under the node had its CHECK evaluation approved: check readiness now. */
export const itemEvaluationApprovedSignal = defineSignal<[]>('itemEvaluationApproved');
/** HQ named a new owner of the node: the running evaluation's task goes to them. */
export const policyOwnerChangedSignal = defineSignal<[{ ownerUserId: string }]>('policyOwnerChanged');
export const policyEvaluationStateQuery = defineQuery<PolicyEvaluationState>('policyState');
