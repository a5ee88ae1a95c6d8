import {
  hqAdmin,
  leader,
  member,
  newLeader,
  planPayload,
  reachDo,
  refuse,
  reviewPayload,
  startCycle,
  taskOfKind,
} from './cycle-machine.fixture';

const PLAN_DUE = '2026-04-30T08:00:00.000Z';
const problemsOf = (rejection: { problems?: { field: string; rule: string }[] }) =>
  rejection.problems?.map((p) => [p.field, p.rule]);

describe('moveDeadline', () => {
  it('moves an overdue task’s deadline: overdue reset, reminders already sent kept', () => {
    const cycle = startCycle();
    const { machine, clock } = cycle;
    const task = taskOfKind(machine, 'plan');
    for (const at of ['2026-04-23T08:00:00.000Z', '2026-04-29T08:00:00.000Z', PLAN_DUE]) {
      clock.set(at);
      machine.sendReminder(machine.nextReminder()!);
    }
    expect(task.overdue).toBe(true);
    clock.set('2026-05-01T00:00:00.000Z');
    const version = machine.taskVersion;

    const event = machine.moveDeadline(hqAdmin, {
      taskId: task.id,
      dueAt: '2026-05-15T17:00:00+09:00',
      reason: '  連休のため  ',
    });
    expect(task).toMatchObject({
      dueAt: '2026-05-15T08:00:00.000Z',
      overdue: false,
      remindersSent: ['before-7d', 'before-1d', 'overdue'],
      escalatedAt: PLAN_DUE,
    });
    expect(machine.taskVersion).not.toBe(version);
    expect(event).toMatchObject({
      type: 'task.deadline_moved',
      actor: { type: 'user', userId: hqAdmin.userId, role: 'hq_admin' },
      taskId: task.id,
      comment: '連休のため',
      payload: { from: PLAN_DUE, to: '2026-05-15T08:00:00.000Z' },
    });
    expect(event.outbox).toEqual([
      {
        type: 'task.deadline_moved',
        payload: expect.objectContaining({
          taskId: task.id,
          dueAt: '2026-05-15T08:00:00.000Z',
          previousDueAt: PLAN_DUE,
        }),
      },
    ]);
    // Every key up to "overdue" went out for the old date: the next is the first weekly reminder.
    expect(machine.nextReminder()?.event).toEqual({
      key: 'overdue-repeat-1',
      at: new Date('2026-05-22T08:00:00.000Z'),
      type: 'overdue_reminder',
    });
  });

  it('refuses a past date or no reason (INVALID_PAYLOAD) and a submitted task (NOT_PENDING)', () => {
    const { machine } = startCycle();
    const taskId = taskOfKind(machine, 'plan').id;
    const past = refuse(machine, () =>
      machine.moveDeadline(hqAdmin, { taskId, dueAt: '2026-01-01T00:00:00.000Z', reason: ' ' }),
    );
    expect(past.rejection.type).toBe('INVALID_PAYLOAD');
    expect(problemsOf(past.rejection)).toEqual([
      ['dueAt', 'future'],
      ['reason', 'required'],
    ]);
    expect(past.after).toEqual(past.before);
    machine.submitGate('plan', leader, planPayload());
    const submitted = refuse(machine, () =>
      machine.moveDeadline(hqAdmin, { taskId, dueAt: '2026-05-15T08:00:00.000Z', reason: '延長' }),
    );
    expect(submitted.rejection.type).toBe('NOT_PENDING');
  });
});

describe('openTask', () => {
  it('opens a scheduled review early, with the reason, so it can be submitted', () => {
    const cycle = startCycle();
    const { machine, clock } = cycle;
    reachDo(cycle);
    clock.set('2026-06-20T00:00:00.000Z');
    const q1 = taskOfKind(machine, 'review', 1);
    const event = machine.openTask(hqAdmin, { taskId: q1.id, reason: ' 議会報告に間に合わせるため ' });

    expect(q1).toMatchObject({ status: 'open', openAt: '2026-06-20T00:00:00.000Z' });
    expect(event).toMatchObject({
      type: 'task.opened_early',
      actor: { type: 'user', userId: hqAdmin.userId, role: 'hq_admin' },
      taskId: q1.id,
      comment: '議会報告に間に合わせるため',
      payload: { scheduledFor: '2026-06-30T15:00:00.000Z', openedAt: '2026-06-20T00:00:00.000Z' },
    });
    expect(event.outbox).toEqual([
      {
        type: 'task.opened',
        payload: expect.objectContaining({ taskId: q1.id, early: true, openAt: '2026-06-20T00:00:00.000Z' }),
      },
    ]);
    expect(machine.nextOpening()?.task).toBe(taskOfKind(machine, 'review', 2));
    expect(machine.submitReview(leader, q1.id, reviewPayload(1)).type).toBe('review.submitted');
  });

  it('refuses a task that is not scheduled (NOT_PENDING) and an opening without a reason', () => {
    const cycle = startCycle();
    reachDo(cycle);
    const { machine } = cycle;
    const plan = taskOfKind(machine, 'plan').id;
    expect(
      refuse(machine, () => machine.openTask(hqAdmin, { taskId: plan, reason: '前倒し' })).rejection.type,
    ).toBe('NOT_PENDING');
    const q1 = taskOfKind(machine, 'review', 1).id;
    const { rejection } = refuse(machine, () => machine.openTask(hqAdmin, { taskId: q1, reason: '' }));
    expect(problemsOf(rejection)).toEqual([['reason', 'required']]);
    expect(
      refuse(machine, () => machine.openTask(leader, { taskId: q1, reason: '前倒し' })).rejection.type,
    ).toBe('NOT_ALLOWED');
  });
});

describe('reassign', () => {
  it('hands the live tasks to the new leader, who alone may submit from then on', () => {
    const cycle = startCycle();
    const { machine } = cycle;
    reachDo(cycle);
    const q1 = taskOfKind(machine, 'review', 1);
    machine.openTask(hqAdmin, { taskId: q1.id, reason: '前倒し' });
    const event = machine.reassign(hqAdmin, {
      leaderUserId: newLeader.userId,
      memberUserIds: [member.userId, 'u-member-2'],
      reason: ' 人事異動 ',
    });

    expect(machine.state.tasks.map((t) => [t.kind, t.status, t.assigneeUserId])).toEqual([
      ['plan', 'done', leader.userId],
      ['review', 'open', newLeader.userId],
      ['review', 'scheduled', newLeader.userId],
      ['review', 'scheduled', newLeader.userId],
      ['review', 'scheduled', newLeader.userId],
      ['execution_report', 'scheduled', newLeader.userId],
    ]);
    expect(machine.ctx).toMatchObject({
      leaderUserId: newLeader.userId,
      memberUserIds: [member.userId, 'u-member-2'],
    });
    expect(event).toMatchObject({
      type: 'cycle.reassigned',
      comment: '人事異動',
      payload: {
        from: { leaderUserId: leader.userId, memberUserIds: [member.userId] },
        to: { leaderUserId: newLeader.userId, memberUserIds: [member.userId, 'u-member-2'] },
      },
    });
    expect(event.tasks).toHaveLength(5);
    // Only the open task is announced now; the scheduled ones are when they open.
    expect(event.outbox).toEqual([
      {
        type: 'task.assigned',
        payload: expect.objectContaining({ taskId: q1.id, assigneeUserId: newLeader.userId }),
      },
    ]);

    const old = refuse(machine, () => machine.submitReview(leader, q1.id, reviewPayload(1)));
    expect(old.rejection.type).toBe('NOT_ALLOWED');
    expect(old.after).toEqual(old.before);
    expect(machine.submitReview(newLeader, q1.id, reviewPayload(1)).actor).toMatchObject({
      userId: newLeader.userId,
    });
  });

  it('refuses a leader id that is not one (INVALID_PAYLOAD on leaderUserId)', () => {
    const { machine } = startCycle();
    const { rejection, before, after } = refuse(machine, () =>
      machine.reassign(hqAdmin, { leaderUserId: ' ', memberUserIds: [], reason: '異動' }),
    );
    expect(problemsOf(rejection)).toEqual([['leaderUserId', 'user_id']]);
    expect(after).toEqual(before);
  });
});

describe('withdraw', () => {
  it('cancels the live tasks and the pending approval and closes the cycle', () => {
    const cycle = startCycle();
    const { machine, clock } = cycle;
    machine.submitGate('plan', leader, planPayload());
    clock.advanceDays(2);
    machine.takeVisibilityChanges();
    const event = machine.withdraw(hqAdmin, { reason: ' 事業の統合 ' });

    expect(machine.state).toMatchObject({
      status: 'withdrawn',
      awaitingApproval: false,
      closedAt: '2026-02-02T15:00:00.000Z',
      closeReason: '事業の統合',
    });
    expect(machine.closed).toBe(true);
    expect(machine.state.tasks[0].status).toBe('cancelled');
    expect(machine.state.approvals[0].status).toBe('cancelled');
    expect(event).toMatchObject({
      type: 'cycle.withdrawn',
      comment: '事業の統合',
      payload: { stage: 'PLAN' },
      cycle: { status: 'withdrawn', closedAt: '2026-02-02T15:00:00.000Z' },
    });
    expect(event.tasks.map((t) => [t.id, t.status])).toEqual([['id-1', 'cancelled']]);
    expect(event.approvals.map((a) => [a.id, a.status])).toEqual([['id-2', 'cancelled']]);
    expect(event.outbox).toEqual([
      {
        type: 'cycle.closed',
        payload: expect.objectContaining({
          status: 'withdrawn',
          reason: '事業の統合',
          nextCycleWorkflowId: null,
        }),
      },
    ]);
    expect(machine.takeVisibilityChanges()).toEqual([{ stage: 'PLAN', awaitingApproval: false }]);
    expect(machine.nextReminder()).toBeNull();
    expect(machine.nextOpening()).toBeNull();
  });

  it('keeps finished tasks as they were', () => {
    const cycle = startCycle();
    reachDo(cycle);
    cycle.machine.withdraw(hqAdmin, { reason: '中止' });
    expect(cycle.machine.state.tasks.map((t) => t.status)).toEqual(['done', ...Array(5).fill('cancelled')]);
    expect(cycle.machine.state.approvals[0].status).toBe('approved');
  });

  it('needs a reason', () => {
    const { machine } = startCycle();
    const { rejection } = refuse(machine, () => machine.withdraw(hqAdmin, { reason: '' }));
    expect(rejection.type).toBe('INVALID_PAYLOAD');
    expect(problemsOf(rejection)).toEqual([['reason', 'required']]);
  });
});
