/**
 * 市の対応方針 (#25) as a pure state machine (no Temporal import): the item's leader's task opens
 * at once (due dueDays after the ruling), reminders and escalation as for 施策評価, the leader's
 * submission and HQ's approval chain (policy-approvals.ts, shared with 施策評価) with returns and
 * resubmissions. Each accepted step returns one ExternalResponseProjectionEvent; the workflow
 * (external-response.workflow.ts) only wires it.
 */
import type {
  Actor,
  ApprovalDecision,
  ExternalResponseApprovalState,
  ExternalResponseInput,
  ExternalResponseProjectionEvent,
  ExternalResponseState,
} from '@pdca/contracts';
import {
  type ApprovalPolicy,
  type CommandRejection,
  type ExternalResponseSubmission,
  policyEvaluationDueDate,
  type ReminderEvent,
  validateExternalResponse,
} from '@pdca/domain';
import {
  type ApprovalChainHost,
  assertDecision,
  assertSubmission,
  decide,
  submit,
} from '../policy-evaluation/policy-approvals';
import { type PolicyEnvironment, type PolicyStep, SYSTEM } from '../policy-evaluation/policy-machine';
import { nextTaskReminder, reminderStep } from '../policy-evaluation/task-reminders';
import { namedOutbox, stepEventHead, unremindedTask, unsubmittedTask } from '../task-events';

const NOT_LEADER: CommandRejection = {
  type: 'NOT_ALLOWED',
  message: {
    ja: '市の対応方針を提出できるのは、この改革項目のリーダーだけです。',
    en: 'Only the item’s leader may submit the city’s response.',
  },
};
const SUBMITTED: CommandRejection = {
  type: 'WRONG_STAGE',
  message: {
    ja: '市の対応方針は提出済みです（承認待ちまたは承認済み）。',
    en: 'The city’s response has been submitted already (awaiting approval or approved).',
  },
};

export class ResponseMachine implements ApprovalChainHost<ExternalResponseProjectionEvent> {
  readonly eventPrefix = 'external_response';
  readonly state: ExternalResponseState;
  version = 0;
  private seq = 0;

  constructor(
    readonly input: ExternalResponseInput,
    readonly env: PolicyEnvironment,
  ) {
    const now = env.now();
    const at = now.toISOString();
    this.state = {
      responseId: input.responseId,
      workflowId: env.workflowId,
      tenantId: input.tenantId,
      reviewId: input.reviewId,
      itemId: input.itemId,
      fiscalYear: input.fiscalYear,
      status: 'open',
      leaderUserId: input.context.leaderUserId,
      ruling: input.ruling,
      openAt: at,
      dueAt: policyEvaluationDueDate(now, input.context.dueDays).toISOString(),
      ...unremindedTask(),
      ...unsubmittedTask(),
      startedAt: at,
      businessNow: at,
    };
  }

  get closed(): boolean {
    return this.state.status === 'approved';
  }

  get approvalPolicy(): ApprovalPolicy {
    return this.input.context.approvalPolicy;
  }

  view(): ExternalResponseState {
    return { ...this.state, businessNow: this.env.now().toISOString() };
  }

  record(type: string, step: PolicyStep): ExternalResponseProjectionEvent {
    this.seq += 1;
    const s = this.state;
    // Every entry and message names its round, item, year and response (no response texts in messages).
    const names = {
      tenantId: s.tenantId,
      reviewId: s.reviewId,
      responseId: s.responseId,
      itemId: s.itemId,
      fiscalYear: s.fiscalYear,
    };
    return {
      ...stepEventHead(this.env, this.seq, type, s.tenantId, step.actor),
      approvalId: step.approvalId ?? null,
      comment: step.comment ?? null,
      payload: { ...names, ...step.payload },
      response: this.view(),
      approvals: step.approvals ?? [],
      outbox: namedOutbox(step.outbox, names),
    };
  }

  /** The leader's task opens with the response: due dueDays after it, at 17:00 JST. */
  open(): ExternalResponseProjectionEvent {
    const s = this.state;
    const ruling = { result: s.ruling.result, resultLabel: s.ruling.resultLabel };
    return this.record('external_response.opened', {
      actor: SYSTEM,
      payload: { leaderUserId: s.leaderUserId, openAt: s.openAt, dueAt: s.dueAt, ruling },
      outbox: [
        {
          type: 'external_response.opened',
          payload: {
            leaderUserId: s.leaderUserId,
            recipientUserId: s.leaderUserId,
            dueAt: s.dueAt,
            ruling,
            reviewTitle: this.input.reviewTitle,
            itemCode: this.input.context.itemCode,
            itemTitle: this.input.context.itemTitle,
          },
        },
      ],
    });
  }

  /** The next reminder while the task waits for the leader (open or returned). */
  nextReminder(): ReminderEvent | null {
    return nextTaskReminder(this.state, this.input.context.reminderPolicy, this.env.now());
  }

  sendReminder(event: ReminderEvent): ExternalResponseProjectionEvent {
    const s = this.state;
    const { type, step } = reminderStep(s, event, this.env.now(), this.eventPrefix, s.leaderUserId);
    return this.record(type, step);
  }

  submissionRejection(actor: Actor, payload: unknown): CommandRejection | null {
    const s = this.state;
    if (actor.userId !== s.leaderUserId) return NOT_LEADER;
    if (s.status !== 'open' && s.status !== 'returned') return SUBMITTED;
    const problems = validateExternalResponse(payload);
    if (problems.length === 0) return null;
    return {
      type: 'INVALID_PAYLOAD',
      message: { ja: '入力内容に誤りがあります。', en: 'The submission has problems.' },
      problems,
    };
  }

  approvedMessage(): Record<string, unknown> {
    return { expectedEffect: this.state.submission?.expectedEffect ?? null };
  }

  requestMessage(approval: ExternalResponseApprovalState): Record<string, unknown> {
    return { stepRole: this.approvalPolicy.steps[approval.stepIndex]!.role };
  }

  assertSubmission(actor: Actor, payload: unknown): void {
    assertSubmission(this, actor, payload);
  }

  submit(actor: Actor, payload: ExternalResponseSubmission): ExternalResponseProjectionEvent {
    return submit(this, actor, payload);
  }

  assertDecision(actor: Actor, decision: ApprovalDecision): ExternalResponseApprovalState {
    return assertDecision(this, actor, decision);
  }

  decide(actor: Actor, decision: ApprovalDecision): ExternalResponseProjectionEvent {
    return decide(this, actor, decision);
  }
}
