/**
 * One node's 施策評価 for one fiscal year, as a pure state machine (no Temporal import): 予定 until
 * it opens (every item under the node approved, or the city's date), then the owner's task with
 * reminders, the submission, HQ's approval chain with returns and resubmissions. Each accepted step
 * returns one PolicyProjectionEvent; the workflow (policy-evaluation.workflow.ts) only wires it.
 */
import type {
  Actor,
  ApprovalDecision,
  PendingItem,
  PolicyApprovalState,
  PolicyEvaluationInput,
  PolicyEvaluationState,
  PolicyProjectionEvent,
  ProjectionActor,
} from '@pdca/contracts';
import {
  type ApprovalPolicy,
  type CommandRejection,
  type PolicyEvaluationSubmission,
  policyEvaluationDueDate,
  type ReminderEvent,
  type Role,
} from '@pdca/domain';
import { namedOutbox, stepEventHead, unremindedTask, unsubmittedTask } from '../task-events';
import { type ApprovalChainHost, assertDecision, assertSubmission, decide, submit } from './policy-approvals';
import { submissionRejection } from './policy-checks';
import { nextTaskReminder, reminderStep } from './task-reminders';

export interface PolicyEnvironment {
  workflowId: string;
  runId: string;
  now: () => Date;
  newId: () => string;
  reject: (rejection: CommandRejection) => never;
}

export const SYSTEM: ProjectionActor = { type: 'system' };
export const user = (actor: Actor, role: Role): ProjectionActor => ({
  type: 'user',
  userId: actor.userId,
  displayName: actor.displayName,
  role,
});

export interface PolicyStep {
  actor: ProjectionActor;
  approvalId?: string | null;
  comment?: string | null;
  payload?: Record<string, unknown>;
  approvals?: PolicyApprovalState[];
  outbox?: Array<{ type: string; payload: Record<string, unknown> }>;
}

export class PolicyMachine implements ApprovalChainHost<PolicyProjectionEvent> {
  readonly eventPrefix = 'policy_evaluation';
  readonly state: PolicyEvaluationState;
  /** Moves whenever the task changes (opened, submitted, returned): the reminder loop re-plans. */
  version = 0;
  private seq = 0;

  constructor(
    readonly input: PolicyEvaluationInput,
    readonly env: PolicyEnvironment,
  ) {
    const now = env.now().toISOString();
    this.state = {
      evaluationId: input.evaluationId,
      workflowId: env.workflowId,
      tenantId: input.tenantId,
      nodeId: input.nodeId,
      fiscalYear: input.fiscalYear,
      status: 'scheduled',
      ownerUserId: input.context.ownerUserId,
      scheduledOpenAt: input.context.scheduledOpenAt,
      openAt: null,
      openedBy: null,
      dueAt: null,
      itemsPending: [],
      ...unremindedTask(),
      ...unsubmittedTask(),
      startedAt: now,
      businessNow: now,
    };
  }

  get closed(): boolean {
    return this.state.status === 'approved';
  }

  get approvalPolicy(): ApprovalPolicy {
    return this.input.context.approvalPolicy;
  }

  submissionRejection(actor: Actor, payload: unknown): CommandRejection | null {
    const { scale, indicatorIds } = this.input.context;
    return submissionRejection(this.state, { scale, indicatorIds }, actor, payload);
  }

  approvedMessage(): Record<string, unknown> {
    return { rating: this.state.submission?.rating ?? null };
  }

  view(): PolicyEvaluationState {
    return { ...this.state, businessNow: this.env.now().toISOString() };
  }

  record(type: string, step: PolicyStep): PolicyProjectionEvent {
    this.seq += 1;
    const s = this.state;
    return {
      ...stepEventHead(this.env, this.seq, type, s.tenantId, step.actor),
      approvalId: step.approvalId ?? null,
      comment: step.comment ?? null,
      // Every entry names its node, year and evaluation: the node's timeline reads them back.
      payload: { nodeId: s.nodeId, evaluationId: s.evaluationId, fiscalYear: s.fiscalYear, ...step.payload },
      evaluation: this.view(),
      approvals: step.approvals ?? [],
      outbox: namedOutbox(step.outbox, {
        tenantId: s.tenantId,
        nodeId: s.nodeId,
        evaluationId: s.evaluationId,
        fiscalYear: s.fiscalYear,
      }),
    };
  }

  start(): PolicyProjectionEvent {
    return this.record('policy_evaluation.started', {
      actor: SYSTEM,
      payload: { scheduledOpenAt: this.state.scheduledOpenAt, ownerUserId: this.state.ownerUserId },
    });
  }

  /** A new owner named by HQ (recorded by the API's own ledger entry): the task is theirs from now. */
  changeOwner(ownerUserId: string): PolicyProjectionEvent | null {
    if (this.closed || this.state.ownerUserId === ownerUserId) return null;
    const before = this.state.ownerUserId;
    this.state.ownerUserId = ownerUserId;
    this.version++;
    return this.record('policy_evaluation.owner_changed', {
      actor: SYSTEM,
      payload: { before: { ownerUserId: before }, after: { ownerUserId } },
    });
  }

  /** Why it opens now, or null: every item approved first, else the city's date. */
  openingReason(pending: readonly PendingItem[]): 'items_approved' | 'date' | null {
    if (this.state.status !== 'scheduled') return null;
    if (pending.length === 0) return 'items_approved';
    return this.env.now().getTime() >= Date.parse(this.state.scheduledOpenAt) ? 'date' : null;
  }

  /** The owner's task opens; its due date (and so its reminders) count from now. */
  open(openedBy: 'items_approved' | 'date', pending: PendingItem[]): PolicyProjectionEvent {
    const now = this.env.now();
    const s = this.state;
    s.status = 'open';
    s.openAt = now.toISOString();
    s.openedBy = openedBy;
    s.itemsPending = pending;
    s.dueAt = policyEvaluationDueDate(now, this.input.context.dueDays).toISOString();
    this.version++;
    return this.record('policy_evaluation.opened', {
      actor: SYSTEM,
      payload: { openedBy, itemsPending: pending, openAt: s.openAt, dueAt: s.dueAt },
      outbox: [
        {
          type: 'policy_evaluation.opened',
          payload: { recipientUserId: s.ownerUserId, openedBy, itemsPending: pending, dueAt: s.dueAt },
        },
      ],
    });
  }

  /** The next reminder of the owner's task while it waits for them (open or returned). */
  nextReminder(): ReminderEvent | null {
    return nextTaskReminder(this.state, this.input.context.reminderPolicy, this.env.now());
  }

  sendReminder(event: ReminderEvent): PolicyProjectionEvent {
    const { type, step } = reminderStep(
      this.state,
      event,
      this.env.now(),
      this.eventPrefix,
      this.state.ownerUserId,
    );
    return this.record(type, step);
  }

  assertSubmission(actor: Actor, payload: unknown): void {
    assertSubmission(this, actor, payload);
  }

  submit(actor: Actor, payload: PolicyEvaluationSubmission): PolicyProjectionEvent {
    return submit(this, actor, payload);
  }

  assertDecision(actor: Actor, decision: ApprovalDecision): PolicyApprovalState {
    return assertDecision(this, actor, decision);
  }

  decide(actor: Actor, decision: ApprovalDecision): PolicyProjectionEvent {
    return decide(this, actor, decision);
  }
}
