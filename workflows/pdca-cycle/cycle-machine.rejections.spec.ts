/** The CycleMachine's rejections (#21): every rejection code, leaving the machine as it was. */
import type { ProjectionEvent } from '@pdca/contracts';
import {
  CYCLE_COMMAND_ERROR_TYPES,
  type CycleCommandErrorType,
  TWO_STEP_APPROVAL_POLICY,
} from '@pdca/domain';
import {
  actionPayload,
  decidePending,
  evaluationPayload,
  hq,
  hq2,
  hqAdmin,
  leader,
  leaderApprover,
  member,
  planPayload,
  reachAct,
  reachDo,
  refuse,
  reviewPayload,
  startCycle,
  type TestCycle,
  taskOfKind,
} from './cycle-machine.fixture';

describe('rejections', () => {
  interface Case {
    type: CycleCommandErrorType;
    name: string;
    options?: Parameters<typeof startCycle>[0];
    /** Brings the cycle to where the command is refused; returns the last accepted event. */
    setup: (cycle: TestCycle) => ProjectionEvent;
    command: (cycle: TestCycle) => unknown;
    /** An accepted command right after: it must take the next seq. */
    next?: (cycle: TestCycle) => ProjectionEvent;
  }
  const started = (cycle: TestCycle) => cycle.started;
  const submitPlan = (cycle: TestCycle) => cycle.machine.submitGate('plan', leader, planPayload());
  const inDo = (cycle: TestCycle) => {
    reachDo(cycle);
    return cycle.events.at(-1)!;
  };
  const planTask = (cycle: TestCycle) => taskOfKind(cycle.machine, 'plan').id;
  const firstReview = (cycle: TestCycle) => taskOfKind(cycle.machine, 'review', 1).id;
  const approvalOf = (cycle: TestCycle) => cycle.machine.state.approvals[0].id;
  const move = { dueAt: '2026-05-15T08:00:00.000Z', reason: '連休のため' };

  const cases: Case[] = [
    {
      type: 'WRONG_STAGE',
      name: 'an evaluation in PLAN',
      setup: started,
      command: (c) => c.machine.submitGate('evaluation', leader, evaluationPayload()),
      next: submitPlan,
    },
    {
      type: 'NOT_PENDING',
      name: 'a decision on an approval already decided',
      setup: inDo,
      command: (c) => c.machine.decide(hq2, { approvalId: approvalOf(c), decision: 'approve' }),
      next: (c) => c.machine.openTask(hqAdmin, { taskId: firstReview(c), reason: '前倒し' }),
    },
    {
      type: 'NOT_PENDING',
      name: 'a second plan while the first awaits its decision',
      setup: submitPlan,
      command: submitPlan,
      next: (c) => decidePending(c.machine),
    },
    {
      type: 'CLOSED',
      name: 'a plan after the withdrawal',
      setup: (c) => c.machine.withdraw(hqAdmin, { reason: '中止' }),
      command: submitPlan,
    },
    {
      type: 'NOT_YET_OPEN',
      name: 'the first quarter’s review in February',
      setup: inDo,
      command: (c) => c.machine.submitReview(leader, firstReview(c), reviewPayload(1)),
      next: (c) => c.machine.openTask(hqAdmin, { taskId: firstReview(c), reason: '前倒し' }),
    },
    {
      type: 'NOT_ALLOWED',
      name: 'a plan from a member (members may not submit)',
      setup: started,
      command: (c) => c.machine.submitGate('plan', member, planPayload()),
      next: submitPlan,
    },
    {
      type: 'NOT_ALLOWED',
      name: 'a working-group leader moving a deadline',
      setup: started,
      command: (c) => c.machine.moveDeadline(leader, { taskId: planTask(c), ...move }),
      next: (c) => c.machine.moveDeadline(hqAdmin, { taskId: planTask(c), ...move }),
    },
    {
      type: 'NOT_ALLOWED',
      name: 'an HQ administrator deciding (the step needs hq_approver)',
      setup: submitPlan,
      command: (c) => decidePending(c.machine, hqAdmin),
      next: (c) => decidePending(c.machine, hq),
    },
    {
      type: 'NOT_ALLOWED',
      name: 'one approver deciding both steps of a two-step chain',
      options: { context: { approvalPolicy: TWO_STEP_APPROVAL_POLICY } },
      setup: (c) => {
        submitPlan(c);
        return decidePending(c.machine, hq);
      },
      command: (c) => decidePending(c.machine, hq),
      next: (c) => decidePending(c.machine, hq2),
    },
    {
      type: 'OWN_SUBMISSION',
      name: 'an approver deciding their own plan',
      options: { context: { leaderUserId: leaderApprover.userId } },
      setup: (c) => c.machine.submitGate('plan', leaderApprover, planPayload()),
      command: (c) => decidePending(c.machine, leaderApprover),
      next: (c) => decidePending(c.machine, hq),
    },
    {
      type: 'INVALID_PAYLOAD',
      name: 'a plan without activities and with a fractional budget',
      setup: started,
      command: (c) =>
        c.machine.submitGate('plan', leader, { ...planPayload(), activities: [], budgetRequest: 1.5 }),
      next: submitPlan,
    },
    {
      type: 'NOT_FOUND',
      name: 'a decision on an unknown approval',
      setup: submitPlan,
      command: (c) => c.machine.decide(hq, { approvalId: 'no-such-approval', decision: 'approve' }),
      next: (c) => decidePending(c.machine),
    },
    {
      type: 'NOT_FOUND',
      name: 'a deadline of an unknown task',
      setup: started,
      command: (c) => c.machine.moveDeadline(hqAdmin, { taskId: 'no-such-task', ...move }),
      next: (c) => c.machine.moveDeadline(hqAdmin, { taskId: planTask(c), ...move }),
    },
  ];

  it('covers every rejection code', () => {
    expect(new Set(cases.map((c) => c.type))).toEqual(new Set(CYCLE_COMMAND_ERROR_TYPES));
  });

  it.each(cases)('$type: $name — refused, nothing changes, no seq is used', (c) => {
    const cycle = startCycle(c.options);
    const last = c.setup(cycle);
    const { rejection, before, after } = refuse(cycle.machine, () => c.command(cycle));
    expect(rejection.type).toBe(c.type);
    expect(rejection.message.ja).not.toBe('');
    expect(rejection.message.en).not.toBe('');
    expect(after).toEqual(before);
    expect(cycle.events.at(-1)).toBe(last);
    if (c.next) expect(c.next(cycle).seq).toBe(last.seq + 1);
  });

  it('names the invalid fields of a bad plan', () => {
    const { machine } = startCycle();
    const { rejection } = refuse(machine, () =>
      machine.submitGate('plan', leader, { ...planPayload(), activities: [], budgetRequest: 1.5 }),
    );
    expect(rejection.problems?.map((p) => [p.field, p.rule])).toEqual([
      ['activities', 'required'],
      ['budgetRequest', 'integer_yen'],
    ]);
  });

  it('names the opening date of a task not yet open (JST, both languages)', () => {
    const cycle = startCycle();
    reachDo(cycle);
    const { rejection } = refuse(cycle.machine, () =>
      cycle.machine.submitReview(leader, taskOfKind(cycle.machine, 'review', 2).id, reviewPayload(2)),
    );
    expect(rejection.openAt).toBe('2026-09-30T15:00:00.000Z');
    expect(rejection.message.ja).toContain('2026年10月1日');
    expect(rejection.message.en).toContain('1 October 2026');
  });

  it('uses no id: the next accepted plan gets the next id of the counter', () => {
    const { machine } = startCycle();
    refuse(machine, () => machine.submitGate('plan', member, planPayload()));
    refuse(machine, () => machine.submitGate('plan', leader, { ...planPayload(), budgetRequest: -1 }));
    const event = machine.submitGate('plan', leader, planPayload());
    expect(event.approvalId).toBe('id-2');
  });

  it('refuses every command of a closed cycle with CLOSED', () => {
    const cycle = startCycle();
    reachAct(cycle);
    cycle.machine.withdraw(hqAdmin, { reason: '中止' });
    const { machine } = cycle;
    const taskId = taskOfKind(machine, 'action').id;
    const commands = [
      () => machine.submitGate('action', leader, actionPayload('continue')),
      () => machine.submitReview(leader, taskOfKind(machine, 'review', 1).id, reviewPayload(1)),
      () => machine.decide(hq, { approvalId: machine.state.approvals[0].id, decision: 'approve' }),
      () => machine.moveDeadline(hqAdmin, { taskId, dueAt: '2027-07-30T08:00:00.000Z', reason: '延長' }),
      () => machine.openTask(hqAdmin, { taskId, reason: '前倒し' }),
      () => machine.reassign(hqAdmin, { leaderUserId: member.userId, memberUserIds: [], reason: '異動' }),
      () => machine.withdraw(hqAdmin, { reason: '再度' }),
      () => machine.answerWithdrawalQuestion(hqAdmin, { withdraw: true, reason: '廃止' }),
    ];
    for (const command of commands) {
      const { rejection, before, after } = refuse(machine, command);
      expect(rejection.type).toBe('CLOSED');
      expect(after).toEqual(before);
    }
  });
});
