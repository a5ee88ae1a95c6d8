/**
 * The stage gates: a leader's submission opens the approval chain (the tenant's policy, one step
 * after another), a return at any step goes back to the leader, and the last approval moves the
 * cycle on (the next stage, or the budget reflection after ACT). Steps of the CycleMachine.
 */
import type { Actor, ApprovalDecision, ApprovalState, ProjectionEvent, TaskState } from '@pdca/contracts';
import {
  type ActionSubmission,
  type EvaluationSubmission,
  type ExecutionReport,
  type GateKind,
  gateTaskOf,
  type PlanSubmission,
  type ReviewSubmission,
  stageOfSubmission,
  transitionOnApproval,
} from '@pdca/domain';
import { evaluate } from './cycle-evaluation';
import {
  approvalRequested,
  decisionLabelOf,
  type Outbox,
  taskFacts,
  tasksAssigned,
  userActor,
} from './cycle-facts';
import type { CycleMachine } from './cycle-machine';

function newApproval(
  machine: CycleMachine,
  kind: GateKind,
  round: number,
  stepIndex: number,
  submittedBy: string,
  at: string,
): ApprovalState {
  const step = machine.ctx.approvalPolicy.steps[stepIndex];
  return {
    id: machine.env.newId(),
    stage: stageOfSubmission(kind),
    submissionKind: kind,
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
    rating: null,
  };
}

/** A plan, execution report, evaluation or Act decision: kept with its round, sent up the chain. */
export function submitGate(
  machine: CycleMachine,
  kind: GateKind,
  actor: Actor,
  payload: unknown,
): ProjectionEvent {
  const task = machine.assertGateSubmission(kind, actor, payload);
  const { state, ctx } = machine;
  const at = machine.nowIso();
  const round = state.approvals.filter((a) => a.submissionKind === kind && a.stepIndex === 0).length + 1;
  const submitted = { round, submittedBy: actor.userId, submittedAt: at };
  switch (kind) {
    case 'plan':
      state.plan = { ...submitted, payload: payload as PlanSubmission };
      state.planRounds.push(state.plan);
      break;
    case 'execution_report':
      state.executionReport = { ...submitted, payload: payload as ExecutionReport };
      break;
    case 'evaluation':
      state.evaluation = evaluate(state, ctx, { ...submitted, payload: payload as EvaluationSubmission });
      break;
    case 'action':
      state.action = { ...submitted, payload: payload as ActionSubmission };
      break;
  }
  task.status = 'submitted';
  task.submittedAt = at;
  task.submittedBy = actor.userId;
  machine.tasksChanged();
  const approval = newApproval(machine, kind, round, 0, actor.userId, at);
  state.approvals.push(approval);
  state.status = 'awaiting_approval';
  state.awaitingApproval = true;
  machine.visibilityChanged();
  return machine.record(`${kind}.submitted`, {
    actor: userActor(actor, 'wg_leader'),
    taskId: task.id,
    approvalId: approval.id,
    payload: {
      round,
      submission: payload as Record<string, unknown>,
      // The city's word for the decision as the year knows it, for the ledger's reader.
      ...(kind === 'action'
        ? { decisionLabel: decisionLabelOf(ctx, (payload as ActionSubmission).decision) }
        : {}),
    },
    tasks: [task],
    approvals: [approval],
    outbox: [approvalRequested(state, ctx, approval)],
  });
}

/** HQ approves (the next step, or the next stage) or returns (back to the leader) a submission. */
export function decide(machine: CycleMachine, actor: Actor, decision: ApprovalDecision): ProjectionEvent {
  const approval = machine.assertDecision(actor, decision);
  const { state, ctx } = machine;
  const step = ctx.approvalPolicy.steps[approval.stepIndex];
  const at = machine.nowIso();
  approval.status = decision.decision === 'approve' ? 'approved' : 'returned';
  approval.decidedBy = actor.userId;
  approval.decidedAt = at;
  approval.comment = decision.comment?.trim() || null;
  const kind = approval.submissionKind as GateKind;
  const task = gateTaskOf(state.tasks, kind)!;
  const changedApprovals: ApprovalState[] = [approval];
  let changedTasks: TaskState[] = [];
  const outbox: Outbox = [];
  const payload: Record<string, unknown> = {
    decision: decision.decision,
    stage: approval.stage,
    submissionKind: kind,
    round: approval.round,
    step: approval.stepKey,
  };

  if (decision.decision === 'return') {
    // A return at any step goes back to the leader; the resubmission starts the chain again.
    task.status = 'open';
    machine.tasksChanged();
    changedTasks = [task];
    state.status = 'returned';
    state.awaitingApproval = false;
    outbox.push({
      type: 'submission.returned',
      payload: { ...taskFacts(state, ctx, task), comment: approval.comment },
    });
  } else {
    if (kind === 'evaluation' && decision.rating && state.evaluation) {
      approval.rating = decision.rating;
      state.evaluation.hqRating = decision.rating;
      payload.rating = decision.rating;
    }
    const nextStepIndex = approval.stepIndex + 1;
    if (nextStepIndex < ctx.approvalPolicy.steps.length) {
      const next = newApproval(machine, kind, approval.round, nextStepIndex, approval.submittedBy, at);
      state.approvals.push(next);
      changedApprovals.push(next);
      outbox.push(approvalRequested(state, ctx, next));
      payload.nextStep = next.stepKey;
    } else {
      task.status = 'done';
      machine.tasksChanged();
      changedTasks = [task];
      const transition = transitionOnApproval(state.stage, kind);
      if (transition?.type === 'advance') {
        const created = machine.enterStage(transition.to);
        changedTasks.push(...created);
        outbox.push(
          {
            type: 'cycle.stage_changed',
            payload: { cycleId: state.cycleId, itemId: state.itemId, stage: state.stage },
          },
          ...tasksAssigned(state, ctx, created),
        );
        payload.advancedTo = transition.to;
      } else if (transition?.type === 'reflect_budget') {
        state.status = 'reflecting_budget';
        state.awaitingApproval = false;
        payload.next = 'budget_reflection';
      }
    }
  }
  if (state.status === 'awaiting_approval' && !state.approvals.some((a) => a.status === 'pending')) {
    state.awaitingApproval = false;
  }
  machine.visibilityChanged();
  return machine.record(`approval.${approval.status}`, {
    actor: userActor(actor, step.role),
    taskId: task.id,
    approvalId: approval.id,
    comment: approval.comment,
    payload,
    tasks: changedTasks,
    approvals: changedApprovals,
    outbox,
  });
}

/** Periodic reviews are progress reports: recorded and acknowledged, no approval chain. */
export function submitReview(
  machine: CycleMachine,
  actor: Actor,
  taskId: string,
  payload: ReviewSubmission,
): ProjectionEvent {
  const task = machine.assertReview(actor, taskId, payload);
  const at = machine.nowIso();
  task.status = 'done';
  task.submittedAt = at;
  task.submittedBy = actor.userId;
  machine.tasksChanged();
  machine.state.reviews.push({
    taskId,
    periodIndex: payload.periodIndex,
    round: 1,
    submittedBy: actor.userId,
    submittedAt: at,
    payload,
  });
  return machine.record('review.submitted', {
    actor: userActor(actor, 'wg_leader'),
    taskId,
    payload: { periodIndex: payload.periodIndex, late: task.overdue, submission: { ...payload } },
    tasks: [task],
  });
}
