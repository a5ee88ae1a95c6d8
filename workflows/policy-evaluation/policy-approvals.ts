/**
 * The 施策評価's approval: the owner's submission opens the city's approval chain (the same policy
 * as items: steps in order, nobody approves their own, one person per step), a return (with a
 * comment) goes back to the owner for a new round, the last approval ends it. Steps of PolicyMachine.
 */
import type { Actor, ApprovalDecision, PolicyApprovalState, PolicyProjectionEvent } from '@pdca/contracts';
import type { PolicyEvaluationSubmission } from '@pdca/domain';
import { decisionRejection, submissionRejection } from './policy-checks';
import { type PolicyMachine, type PolicyStep, user } from './policy-machine';

function newApproval(
  m: PolicyMachine,
  round: number,
  stepIndex: number,
  submittedBy: string,
  at: string,
): PolicyApprovalState {
  const step = m.input.context.approvalPolicy.steps[stepIndex]!;
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

export function assertSubmission(m: PolicyMachine, actor: Actor, payload: unknown): void {
  const { scale, indicatorIds } = m.input.context;
  const rejection = submissionRejection(m.state, { scale, indicatorIds }, actor, payload);
  if (rejection) m.env.reject(rejection);
}

export function submit(
  m: PolicyMachine,
  actor: Actor,
  payload: PolicyEvaluationSubmission,
): PolicyProjectionEvent {
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
  return m.record('policy_evaluation.submitted', {
    actor: user(actor, 'wg_leader'),
    approvalId: approval.id,
    payload: { round: s.round, submission: { ...payload } },
    approvals: [approval],
    outbox: [
      {
        type: 'policy_evaluation.approval_requested',
        payload: { approvalId: approval.id, stepKey: approval.stepKey },
      },
    ],
  });
}

export function assertDecision(
  m: PolicyMachine,
  actor: Actor,
  decision: ApprovalDecision,
): PolicyApprovalState {
  const checked = decisionRejection(m.state, m.input.context.approvalPolicy, actor, decision);
  if ('rejection' in checked) return m.env.reject(checked.rejection);
  return checked.approval;
}

/** HQ approves (the next step, or the evaluation is done) or returns it to the owner (a comment required). */
export function decide(m: PolicyMachine, actor: Actor, decision: ApprovalDecision): PolicyProjectionEvent {
  const approval = assertDecision(m, actor, decision);
  const s = m.state;
  const steps = m.input.context.approvalPolicy.steps;
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
      type: 'policy_evaluation.returned',
      payload: { recipientUserId: s.submittedBy, comment: approval.comment },
    });
  } else if (approval.stepIndex + 1 < steps.length) {
    const next = newApproval(m, approval.round, approval.stepIndex + 1, approval.submittedBy, at);
    s.approvals.push(next);
    changed.push(next);
    payload.nextStep = next.stepKey;
    outbox.push({
      type: 'policy_evaluation.approval_requested',
      payload: { approvalId: next.id, stepKey: next.stepKey },
    });
  } else {
    s.status = 'approved';
    s.approvedAt = at;
    m.version++;
    outbox.push({
      type: 'policy_evaluation.approved',
      payload: { recipientUserId: s.submittedBy, rating: s.submission?.rating ?? null },
    });
  }
  return m.record(`policy_evaluation.${approval.status}`, {
    actor: user(actor, steps[approval.stepIndex]!.role),
    approvalId: approval.id,
    comment: approval.comment,
    payload,
    approvals: changed,
    outbox,
  });
}
