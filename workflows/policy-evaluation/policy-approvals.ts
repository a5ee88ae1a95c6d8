/**
 * HQ's approval chain on a task of its own (a 施策評価; a 市の対応方針, #25): the submission opens
 * the city's approval chain (the same policy as items: steps in order, nobody approves their own,
 * one person per step), a return (with a comment) goes back to the submitter for a new round, the
 * last approval ends it. Steps of a machine that is an ApprovalChainHost (PolicyMachine,
 * ResponseMachine); its ledger actions and messages are `<eventPrefix>.submitted` and so on.
 */
import type { Actor, ApprovalDecision, PolicyApprovalState } from '@pdca/contracts';
import type { ApprovalPolicy, CommandRejection } from '@pdca/domain';
import { decisionRejection } from './policy-checks';
import { type PolicyEnvironment, type PolicyStep, user } from './policy-machine';

/** The part of a task's state the chain reads and moves. */
export interface ChainSubject {
  status: string;
  round: number;
  submission: unknown;
  submittedBy: string | null;
  submittedAt: string | null;
  approvals: PolicyApprovalState[];
  approvedAt: string | null;
}

export interface ApprovalChainHost<E> {
  readonly state: ChainSubject;
  readonly env: PolicyEnvironment;
  readonly approvalPolicy: ApprovalPolicy;
  /** The prefix of its ledger actions and outbox messages ('policy_evaluation', 'external_response'). */
  readonly eventPrefix: string;
  /** Moves whenever the task changes: the reminder loop re-plans. */
  version: number;
  /** Why the submitter's submission is refused, or null. */
  submissionRejection(actor: Actor, payload: unknown): CommandRejection | null;
  /** What the approved message adds (the 施策評価's rating). */
  approvedMessage(): Record<string, unknown>;
  /** What an approval request adds (the step's role). */
  requestMessage?(approval: PolicyApprovalState): Record<string, unknown>;
  record(type: string, step: PolicyStep): E;
}

function newApproval<E>(
  m: ApprovalChainHost<E>,
  round: number,
  stepIndex: number,
  submittedBy: string,
  at: string,
): PolicyApprovalState {
  const step = m.approvalPolicy.steps[stepIndex]!;
  return {
    id: m.env.newId(),
    round,
    stepIndex,
    stepKey: step.key,
    stepLabel: { ...step.label },
    status: 'pending',
    submittedBy,
    submittedAt: at,
    decidedBy: null,
    decidedAt: null,
    comment: null,
  };
}

const requested = <E>(m: ApprovalChainHost<E>, approval: PolicyApprovalState) => ({
  type: `${m.eventPrefix}.approval_requested`,
  payload: { approvalId: approval.id, stepKey: approval.stepKey, ...m.requestMessage?.(approval) },
});

export function assertSubmission<E>(m: ApprovalChainHost<E>, actor: Actor, payload: unknown): void {
  const rejection = m.submissionRejection(actor, payload);
  if (rejection) m.env.reject(rejection);
}

export function submit<E>(m: ApprovalChainHost<E>, actor: Actor, payload: object): E {
  assertSubmission(m, actor, payload);
  const s = m.state;
  const at = m.env.now().toISOString();
  s.round += 1;
  s.status = 'submitted';
  s.submission = payload;
  s.submittedBy = actor.userId;
  s.submittedAt = at;
  const approval = newApproval(m, s.round, 0, actor.userId, at);
  s.approvals.push(approval);
  m.version++;
  return m.record(`${m.eventPrefix}.submitted`, {
    actor: user(actor, 'wg_leader'),
    approvalId: approval.id,
    payload: { round: s.round, submission: { ...payload } },
    approvals: [approval],
    outbox: [requested(m, approval)],
  });
}

export function assertDecision<E>(
  m: ApprovalChainHost<E>,
  actor: Actor,
  decision: ApprovalDecision,
): PolicyApprovalState {
  const checked = decisionRejection(m.state, m.approvalPolicy, actor, decision);
  if ('rejection' in checked) return m.env.reject(checked.rejection);
  return checked.approval;
}

/** HQ approves (the next step, or the task is done) or returns it to the submitter (a comment required). */
export function decide<E>(m: ApprovalChainHost<E>, actor: Actor, decision: ApprovalDecision): E {
  const approval = assertDecision(m, actor, decision);
  const s = m.state;
  const steps = m.approvalPolicy.steps;
  const at = m.env.now().toISOString();
  approval.status = decision.decision === 'approve' ? 'approved' : 'returned';
  approval.decidedBy = actor.userId;
  approval.decidedAt = at;
  approval.comment = decision.comment?.trim() || null;
  const changed = [approval];
  const payload: Record<string, unknown> = {
    decision: decision.decision,
    round: approval.round,
    step: approval.stepKey,
  };
  const outbox: PolicyStep['outbox'] = [];
  if (decision.decision === 'return') {
    s.status = 'returned';
    m.version++;
    outbox.push({
      type: `${m.eventPrefix}.returned`,
      payload: { recipientUserId: s.submittedBy, comment: approval.comment },
    });
  } else if (approval.stepIndex + 1 < steps.length) {
    const next = newApproval(m, approval.round, approval.stepIndex + 1, approval.submittedBy, at);
    s.approvals.push(next);
    changed.push(next);
    payload.nextStep = next.stepKey;
    outbox.push(requested(m, next));
  } else {
    s.status = 'approved';
    s.approvedAt = at;
    m.version++;
    outbox.push({
      type: `${m.eventPrefix}.approved`,
      payload: { recipientUserId: s.submittedBy, ...m.approvedMessage() },
    });
  }
  return m.record(`${m.eventPrefix}.${approval.status}`, {
    actor: user(actor, steps[approval.stepIndex]!.role),
    approvalId: approval.id,
    comment: approval.comment,
    payload,
    approvals: changed,
    outbox,
  });
}
