/**
 * HQ's interventions in a running cycle — a moved deadline, a task opened early, a personnel
 * change, a withdrawal — and the previous year's decision reaching this year (with HQ's answer
 * when it ended the item). Steps of the CycleMachine.
 */
import type {
  Actor,
  CarriedOver,
  DeadlineChange,
  EarlyOpening,
  ProjectionEvent,
  Reassignment,
  TaskState,
  WithdrawalAnswer,
} from '@pdca/contracts';
import {
  type CommandRejection,
  checkDeadlineChange,
  checkEarlyOpening,
  checkReassignment,
  checkWithdraw,
  checkWithdrawalAnswer,
  endsPlan,
  hqAdminRole,
  type Role,
} from '@pdca/domain';
import { cycleClosed, itemFacts, SYSTEM, taskFacts, tasksAssigned, userActor } from './cycle-facts';
import type { CycleMachine } from './cycle-machine';
import { isLive } from './cycle-tasks';

function hqAdmin(machine: CycleMachine, actor: Actor, rejection: CommandRejection | null): Role {
  machine.check(rejection);
  return hqAdminRole(actor)!;
}

const taskOf = (machine: CycleMachine, id: string): TaskState =>
  machine.state.tasks.find((t) => t.id === id)!;

export function assertDeadlineChange(machine: CycleMachine, actor: Actor, change: DeadlineChange): TaskState {
  machine.check(checkDeadlineChange(machine.state, actor, change, machine.env.now()));
  return taskOf(machine, change.taskId);
}

export function moveDeadline(machine: CycleMachine, actor: Actor, change: DeadlineChange): ProjectionEvent {
  const task = assertDeadlineChange(machine, actor, change);
  const role = hqAdminRole(actor)!;
  const previous = task.dueAt;
  task.dueAt = new Date(change.dueAt).toISOString();
  // Reminders already sent stay sent (their keys are kept); only the overdue flag resets.
  task.overdue = false;
  machine.tasksChanged();
  const facts = taskFacts(machine.state, machine.ctx, task);
  return machine.record('task.deadline_moved', {
    actor: userActor(actor, role),
    taskId: task.id,
    comment: change.reason.trim(),
    payload: { from: previous, to: task.dueAt },
    tasks: [task],
    outbox: [{ type: 'task.deadline_moved', payload: { ...facts, previousDueAt: previous } }],
  });
}

export function assertEarlyOpening(machine: CycleMachine, actor: Actor, opening: EarlyOpening): TaskState {
  machine.check(checkEarlyOpening(machine.state, actor, opening));
  return taskOf(machine, opening.taskId);
}

export function openTask(machine: CycleMachine, actor: Actor, opening: EarlyOpening): ProjectionEvent {
  const task = assertEarlyOpening(machine, actor, opening);
  const role = hqAdminRole(actor)!;
  const scheduledFor = task.openAt;
  task.status = 'open';
  task.openAt = machine.nowIso();
  machine.tasksChanged();
  const facts = taskFacts(machine.state, machine.ctx, task);
  return machine.record('task.opened_early', {
    actor: userActor(actor, role),
    taskId: task.id,
    comment: opening.reason.trim(),
    payload: { scheduledFor, openedAt: task.openAt },
    tasks: [task],
    outbox: [{ type: 'task.opened', payload: { ...facts, openAt: task.openAt, early: true } }],
  });
}

export const assertReassignment = (machine: CycleMachine, actor: Actor, change: Reassignment): Role =>
  hqAdmin(machine, actor, checkReassignment(machine.state, actor, change));

/** Personnel change mid-year: the new leader takes over the open work of this cycle. */
export function reassign(machine: CycleMachine, actor: Actor, change: Reassignment): ProjectionEvent {
  const role = assertReassignment(machine, actor, change);
  const { ctx } = machine;
  const previous = { leaderUserId: ctx.leaderUserId, memberUserIds: [...ctx.memberUserIds] };
  ctx.leaderUserId = change.leaderUserId;
  ctx.memberUserIds = [...change.memberUserIds];
  const reassigned = machine.state.tasks.filter(isLive);
  for (const task of reassigned) task.assigneeUserId = change.leaderUserId;
  machine.tasksChanged();
  return machine.record('cycle.reassigned', {
    actor: userActor(actor, role),
    comment: change.reason.trim(),
    payload: { from: previous, to: { leaderUserId: ctx.leaderUserId, memberUserIds: ctx.memberUserIds } },
    tasks: reassigned,
    outbox: tasksAssigned(
      machine.state,
      ctx,
      reassigned.filter((t) => t.status === 'open'),
    ),
  });
}

const cancelled = (machine: CycleMachine) => ({
  tasks: machine.state.tasks.filter((t) => t.status === 'cancelled'),
  approvals: machine.state.approvals.filter((a) => a.status === 'cancelled'),
});

export const assertWithdraw = (machine: CycleMachine, actor: Actor, body: { reason: string }): Role =>
  hqAdmin(machine, actor, checkWithdraw(machine.state, actor, body));

/** HQ withdraws the cycle (中止) with a reason. */
export function withdraw(machine: CycleMachine, actor: Actor, body: { reason: string }): ProjectionEvent {
  const role = assertWithdraw(machine, actor, body);
  machine.close('withdrawn', body.reason.trim());
  return machine.record('cycle.withdrawn', {
    actor: userActor(actor, role),
    comment: machine.state.closeReason,
    payload: { stage: machine.state.stage },
    ...cancelled(machine),
    outbox: [cycleClosed(machine.state)],
  });
}

/**
 * FY N's approved Act decision reaches this (FY N+1) cycle: shown with it, HQ is notified, and an
 * abolish / complete asks HQ whether to withdraw this cycle (never automatic). Null when there is
 * nothing to record (closed, another year, or told already by a re-sent signal).
 */
export function previousYearDecided(
  machine: CycleMachine,
  carried: CarriedOver | undefined,
): ProjectionEvent | null {
  const { state } = machine;
  if (machine.closed || carried?.fromFiscalYear !== state.fiscalYear - 1) return null;
  if (state.carriedOver?.approvedAt !== undefined) return null;
  state.carriedOver = { ...carried };
  const ends = carried.endsItem ?? endsPlan(carried.decision);
  if (ends) {
    state.withdrawalQuestion = {
      fromFiscalYear: carried.fromFiscalYear,
      decision: carried.decision,
      askedAt: machine.nowIso(),
      answer: null,
      answeredBy: null,
      answeredAt: null,
      reason: null,
    };
  }
  const facts = { ...itemFacts(state, machine.ctx), previousYear: { ...carried } };
  const question = { type: 'cycle.withdrawal_question', payload: { ...facts, notifyRoles: ['hq_admin'] } };
  return machine.record('cycle.previous_year_decided', {
    actor: SYSTEM,
    payload: { ...carried, withdrawalQuestion: ends },
    outbox: [
      {
        type: 'cycle.previous_year_decided',
        payload: { ...facts, notifyRoles: ['hq_approver', 'hq_admin'] },
      },
      ...(ends ? [question] : []),
    ],
  });
}

export const assertWithdrawalAnswer = (machine: CycleMachine, actor: Actor, body: WithdrawalAnswer): Role =>
  hqAdmin(machine, actor, checkWithdrawalAnswer(machine.state, actor, body));

/** HQ answers the withdrawal question: withdraw this year's cycle, or let it go on. */
export function answerWithdrawalQuestion(
  machine: CycleMachine,
  actor: Actor,
  body: WithdrawalAnswer,
): ProjectionEvent {
  const role = assertWithdrawalAnswer(machine, actor, body);
  const question = machine.state.withdrawalQuestion!;
  question.answer = body.withdraw ? 'withdraw' : 'continue';
  question.answeredBy = actor.userId;
  question.answeredAt = machine.nowIso();
  question.reason = body.reason.trim();
  if (body.withdraw) machine.close('withdrawn', question.reason);
  return machine.record(body.withdraw ? 'cycle.withdrawn' : 'cycle.withdrawal_declined', {
    actor: userActor(actor, role),
    comment: question.reason,
    payload: { withdrawalQuestion: { ...question }, stage: machine.state.stage },
    ...(body.withdraw ? cancelled(machine) : { tasks: [], approvals: [] }),
    outbox: body.withdraw ? [cycleClosed(machine.state)] : [],
  });
}
