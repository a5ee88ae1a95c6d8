/**
 * The CycleMachine without a server (#21): its start, the events it records, and every rejection
 * code leaving the machine as it was. The commands' effects are in cycle-machine.approvals.spec.ts,
 * cycle-machine.stages.spec.ts, cycle-machine.interventions.spec.ts, cycle-machine.timers.spec.ts
 * and cycle-machine.year-end.spec.ts; the deterministic world is cycle-machine.fixture.ts.
 */
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
  FY2026_START,
  hq,
  hq2,
  hqAdmin,
  leader,
  leaderApprover,
  member,
  planPayload,
  reachAct,
  reachCheck,
  reachDo,
  reachReflecting,
  refuse,
  reviewPayload,
  startCycle,
  type TestCycle,
  taskOfKind,
} from './cycle-machine.fixture';
import { closeYear, reflectApprovedDecision } from './cycle-year-end';

const PLAN_DUE = '2026-04-30T08:00:00.000Z';

describe('start', () => {
  it('opens PLAN with one open plan task for the leader, due 30 April 17:00 JST', () => {
    const { machine } = startCycle();
    expect(machine.state).toMatchObject({
      fiscalYear: 2026,
      stage: 'PLAN',
      status: 'awaiting_submission',
      awaitingApproval: false,
      startedAt: FY2026_START,
      approvals: [],
    });
    expect(machine.state.tasks).toEqual([
      {
        id: 'id-1',
        kind: 'plan',
        periodIndex: null,
        title: { ja: '計画書', en: 'Plan' },
        assigneeUserId: leader.userId,
        dueAt: PLAN_DUE,
        openAt: FY2026_START,
        status: 'open',
        overdue: false,
        escalatedAt: null,
        remindersSent: [],
        lastRemindedAt: null,
        submittedAt: null,
        submittedBy: null,
        createdAt: FY2026_START,
      },
    ]);
    expect(machine.closed).toBe(false);
    expect(machine.reflecting).toBe(false);
  });

  it('records cycle.started as seq 1 with the task and the outbox cycle.started + task.assigned', () => {
    const { machine, started } = startCycle();
    expect(started).toMatchObject({
      workflowId: 'wf-item-1-2026',
      runId: 'run-1',
      seq: 1,
      type: 'cycle.started',
      occurredAt: FY2026_START,
      tenantId: 'tenant-1',
      itemId: 'item-1',
      cycleId: 'cycle-2026',
      actor: { type: 'system' },
      payload: { fiscalYear: 2026, carriedOver: null, dueDates: { plan: new Date(PLAN_DUE) } },
      cycle: { fiscalYear: 2026, stage: 'PLAN', status: 'awaiting_submission', awaitingApproval: false },
      approvals: [],
      budgetReflection: null,
    });
    expect(started.tasks).toEqual(machine.state.tasks);
    expect(started.tasks[0]).not.toBe(machine.state.tasks[0]);
    expect(started.outbox.map((m) => m.type)).toEqual(['cycle.started', 'task.assigned']);
    expect(started.outbox[0].payload).toEqual({ cycleId: 'cycle-2026', itemId: 'item-1', fiscalYear: 2026 });
    expect(started.outbox[1].payload).toMatchObject({
      taskId: 'id-1',
      taskKind: 'plan',
      taskStatus: 'open',
      assigneeUserId: leader.userId,
      dueAt: PLAN_DUE,
      itemTitle: '行政手続のオンライン化',
      workflowId: 'wf-item-1-2026',
    });
  });

  it('records who started it: HQ by hand as hq_admin, another user under their first role', () => {
    expect(startCycle({ startedBy: hqAdmin }).started.actor).toEqual({
      type: 'user',
      userId: hqAdmin.userId,
      displayName: hqAdmin.displayName,
      role: 'hq_admin',
    });
    expect(startCycle({ startedBy: hq }).started.actor).toMatchObject({
      userId: hq.userId,
      role: 'hq_approver',
    });
  });

  it('shows the previous year carried over in the state and the event', () => {
    const carriedOver = {
      fromFiscalYear: 2025,
      decision: 'continue' as const,
      proposedAmount: 9_000_000,
      rationale: '継続',
    };
    const { machine, started } = startCycle({ input: { carriedOver } });
    expect(machine.state.carriedOver).toEqual(carriedOver);
    expect(started.payload.carriedOver).toEqual(carriedOver);
    expect(started.cycle.carriedOver).toEqual(carriedOver);
  });

  it('passes one visibility change (PLAN, not awaiting approval), then none until the next step', () => {
    const { machine } = startCycle();
    expect(machine.takeVisibilityChanges()).toEqual([{ stage: 'PLAN', awaitingApproval: false }]);
    expect(machine.takeVisibilityChanges()).toEqual([]);
    machine.submitGate('plan', leader, planPayload());
    expect(machine.takeVisibilityChanges()).toEqual([{ stage: 'PLAN', awaitingApproval: true }]);
  });
});

describe('events', () => {
  it('numbers a whole year strictly in order, one event per accepted step', () => {
    const cycle = startCycle();
    reachReflecting(cycle, actionPayload('continue'));
    const reflected = reflectApprovedDecision(cycle.machine);
    closeYear(cycle.machine, reflected, 'wf-item-1-2027');
    expect(cycle.events.map((e) => e.seq)).toEqual(cycle.events.map((_, i) => i + 1));
    expect(cycle.events.map((e) => e.type)).toEqual([
      'cycle.started',
      'plan.submitted',
      'approval.approved',
      ...Array(5).fill('task.opened'),
      ...Array(4).fill('review.submitted'),
      'execution_report.submitted',
      'approval.approved',
      'evaluation.submitted',
      'approval.approved',
      'action.submitted',
      'approval.approved',
      'budget.reflected',
      'cycle.completed',
    ]);
    const times = cycle.events.map((e) => Date.parse(e.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('gives each event the cycle row of its moment; later steps do not change an earlier event', () => {
    const cycle = startCycle();
    const submitted = cycle.machine.submitGate('plan', leader, planPayload());
    const copy = structuredClone(submitted);
    expect(submitted.cycle).toMatchObject({
      stage: 'PLAN',
      status: 'awaiting_approval',
      awaitingApproval: true,
    });
    expect(submitted.cycle.plan).toMatchObject({
      round: 1,
      submittedBy: leader.userId,
      payload: planPayload(),
    });
    expect(submitted.tasks[0].status).toBe('submitted');
    expect(submitted.approvals[0].status).toBe('pending');

    const approved = decidePending(cycle.machine);
    expect(approved.cycle).toMatchObject({
      stage: 'DO',
      status: 'awaiting_submission',
      awaitingApproval: false,
    });
    cycle.machine.openTask(hqAdmin, { taskId: taskOfKind(cycle.machine, 'review', 1).id, reason: '前倒し' });
    cycle.machine.withdraw(hqAdmin, { reason: '事業の見直し' });

    expect(cycle.machine.state.tasks[0].status).toBe('done');
    expect(cycle.machine.state.approvals[0].status).toBe('approved');
    expect(submitted).toEqual(copy);
    expect(approved.cycle.status).toBe('awaiting_submission');
    expect(approved.tasks.filter((t) => t.kind === 'review').map((t) => t.status)).toEqual(
      Array(4).fill('scheduled'),
    );
  });

  // decide() sets state.evaluation.hqRating: the evaluation.submitted event, possibly still queued
  // behind another projection, must keep the evaluation as submitted (hqRating null).
  it('keeps the evaluation.submitted event’s evaluation as submitted when HQ rates it later', () => {
    const cycle = startCycle();
    reachCheck(cycle);
    const submitted = cycle.machine.submitGate('evaluation', leader, evaluationPayload());
    const copy = structuredClone(submitted);
    decidePending(cycle.machine, hq, 'approve', { rating: 'A' });
    expect(cycle.machine.state.evaluation?.hqRating).toBe('A');
    expect(submitted).toEqual(copy);
    expect(submitted.cycle.hqRating).toBeNull();
  });
});

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
