/**
 * HQ's interventions in a running cycle (#21) — a moved deadline, a task opened early, a new
 * leader, a withdrawal — and the previous year's decision reaching this year, with HQ's answer
 * to the withdrawal question it may raise.
 */
import type { CarriedOver } from '@pdca/contracts';
import {
  decidePending,
  hq,
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

describe('previousYearDecided', () => {
  const decided = (decision: CarriedOver['decision']): CarriedOver => ({
    fromFiscalYear: 2026,
    decision,
    proposedAmount: decision === 'abolish' ? 0 : 10_000_000,
    rationale: '前年度の方向性',
    targetFiscalYear: 2028,
    approvedAt: '2027-06-15T01:00:00.000Z',
  });
  const fy2027 = () => {
    const cycle = startCycle({ fiscalYear: 2027 });
    cycle.clock.set('2027-06-15T02:00:00.000Z');
    return cycle;
  };

  it('records the previous year’s decision once and tells HQ', () => {
    const { machine, started } = fy2027();
    const carried = decided('continue');
    const event = machine.previousYearDecided(carried)!;

    expect(machine.state.carriedOver).toEqual(carried);
    expect(machine.state.carriedOver).not.toBe(carried);
    expect(machine.state.withdrawalQuestion).toBeNull();
    expect(event).toMatchObject({
      seq: started.seq + 1,
      type: 'cycle.previous_year_decided',
      actor: { type: 'system' },
      payload: { ...carried, withdrawalQuestion: false },
      cycle: { carriedOver: carried },
    });
    expect(event.outbox).toEqual([
      {
        type: 'cycle.previous_year_decided',
        payload: expect.objectContaining({
          previousYear: carried,
          notifyRoles: ['hq_approver', 'hq_admin'],
          fiscalYear: 2027,
        }),
      },
    ]);

    // A re-sent signal changes nothing and uses no seq.
    expect(machine.previousYearDecided({ ...carried, decision: 'abolish' })).toBeNull();
    expect(machine.state.carriedOver).toEqual(carried);
    expect(machine.submitGate('plan', leader, planPayload()).seq).toBe(event.seq + 1);
  });

  it('ignores another year’s decision, none, and a closed cycle', () => {
    const { machine } = fy2027();
    expect(machine.previousYearDecided({ ...decided('continue'), fromFiscalYear: 2025 })).toBeNull();
    expect(machine.previousYearDecided({ ...decided('continue'), fromFiscalYear: 2027 })).toBeNull();
    expect(machine.previousYearDecided(undefined)).toBeNull();
    expect(machine.state.carriedOver).toBeNull();
    machine.withdraw(hqAdmin, { reason: '中止' });
    expect(machine.previousYearDecided(decided('continue'))).toBeNull();
    expect(machine.state.carriedOver).toBeNull();
  });

  it('an abolished item asks HQ whether to withdraw this year', () => {
    const { machine } = fy2027();
    const event = machine.previousYearDecided(decided('abolish'))!;
    expect(machine.state.withdrawalQuestion).toEqual({
      fromFiscalYear: 2026,
      decision: 'abolish',
      askedAt: '2027-06-15T02:00:00.000Z',
      answer: null,
      answeredBy: null,
      answeredAt: null,
      reason: null,
    });
    expect(event.payload.withdrawalQuestion).toBe(true);
    expect(event.outbox.map((m) => m.type)).toEqual([
      'cycle.previous_year_decided',
      'cycle.withdrawal_question',
    ]);
    expect(event.outbox[1].payload).toMatchObject({
      notifyRoles: ['hq_admin'],
      previousYear: decided('abolish'),
    });
    expect(machine.closed).toBe(false);
  });

  describe('answerWithdrawalQuestion', () => {
    const asked = () => {
      const cycle = fy2027();
      cycle.machine.submitGate('plan', leader, planPayload());
      cycle.machine.previousYearDecided(decided('complete'));
      return cycle;
    };

    it('withdraw: the cycle is withdrawn with the answer recorded', () => {
      const { machine } = asked();
      const event = machine.answerWithdrawalQuestion(hqAdmin, { withdraw: true, reason: ' 事業完了のため ' });
      expect(machine.state.withdrawalQuestion).toMatchObject({
        answer: 'withdraw',
        answeredBy: hqAdmin.userId,
        answeredAt: '2027-06-15T02:00:00.000Z',
        reason: '事業完了のため',
      });
      expect(machine.state).toMatchObject({ status: 'withdrawn', closeReason: '事業完了のため' });
      expect(event).toMatchObject({
        type: 'cycle.withdrawn',
        comment: '事業完了のため',
        payload: { withdrawalQuestion: { answer: 'withdraw' }, stage: 'PLAN' },
      });
      expect(event.tasks.map((t) => t.status)).toEqual(['cancelled']);
      expect(event.approvals.map((a) => a.status)).toEqual(['cancelled']);
      expect(event.outbox.map((m) => m.type)).toEqual(['cycle.closed']);
    });

    it('continue: the cycle goes on; the question is answered once', () => {
      const { machine } = asked();
      const event = machine.answerWithdrawalQuestion(hqAdmin, { withdraw: false, reason: '次期計画で継続' });
      expect(machine.state).toMatchObject({ status: 'awaiting_approval', closedAt: null });
      expect(machine.state.withdrawalQuestion).toMatchObject({
        answer: 'continue',
        reason: '次期計画で継続',
      });
      expect(event).toMatchObject({
        type: 'cycle.withdrawal_declined',
        tasks: [],
        approvals: [],
        outbox: [],
      });
      expect(decidePending(machine, hq).payload).toMatchObject({ advancedTo: 'DO' });

      const again = refuse(machine, () =>
        machine.answerWithdrawalQuestion(hqAdmin, { withdraw: true, reason: 'やはり取下げ' }),
      );
      expect(again.rejection.type).toBe('NOT_PENDING');
      expect(again.after).toEqual(again.before);
    });

    it('refuses without a question (NOT_FOUND), from a non-admin and without a yes or no', () => {
      const { machine } = fy2027();
      const body = { withdraw: true, reason: '取下げ' };
      expect(refuse(machine, () => machine.answerWithdrawalQuestion(hqAdmin, body)).rejection.type).toBe(
        'NOT_FOUND',
      );
      machine.previousYearDecided(decided('abolish'));
      expect(refuse(machine, () => machine.answerWithdrawalQuestion(hq, body)).rejection.type).toBe(
        'NOT_ALLOWED',
      );
      const { rejection } = refuse(machine, () =>
        machine.answerWithdrawalQuestion(hqAdmin, { withdraw: 'yes' as never, reason: '取下げ' }),
      );
      expect(problemsOf(rejection)).toEqual([['withdraw', 'boolean']]);
    });
  });
});
