/**
 * The CycleMachine's approval chain (#21): a submission asks HQ, approve moves on (with the next
 * stage's tasks), return sends it back for a new round, and a two-step policy asks each step in
 * turn. The stages' own submissions are in cycle-machine.stages.spec.ts.
 */
import { TWO_STEP_APPROVAL_POLICY } from '@pdca/domain';
import {
  decidePending,
  FY2026_START,
  hq,
  hq2,
  leader,
  member,
  pendingApprovals,
  planPayload,
  refuse,
  startCycle,
  taskOfKind,
} from './cycle-machine.fixture';

describe('submitPlan', () => {
  it('keeps the plan as round 1, marks the task submitted and asks HQ for approval', () => {
    const { machine } = startCycle();
    machine.takeVisibilityChanges();
    const event = machine.submitGate('plan', leader, planPayload());

    expect(machine.state).toMatchObject({
      status: 'awaiting_approval',
      awaitingApproval: true,
      stage: 'PLAN',
    });
    const submitted = {
      round: 1,
      submittedBy: leader.userId,
      submittedAt: FY2026_START,
      payload: planPayload(),
    };
    expect(machine.state.plan).toEqual(submitted);
    expect(machine.state.planRounds).toEqual([submitted]);
    expect(machine.state.tasks[0]).toMatchObject({
      status: 'submitted',
      submittedAt: FY2026_START,
      submittedBy: leader.userId,
    });
    expect(machine.state.approvals).toEqual([
      {
        id: 'id-2',
        stage: 'PLAN',
        submissionKind: 'plan',
        round: 1,
        stepIndex: 0,
        stepKey: 'hq',
        stepLabel: { ja: '本部承認', en: 'HQ approval' },
        status: 'pending',
        submittedBy: leader.userId,
        submittedAt: FY2026_START,
        decidedBy: null,
        decidedAt: null,
        comment: null,
        rating: null,
      },
    ]);
    expect(event).toMatchObject({
      seq: 2,
      type: 'plan.submitted',
      actor: { type: 'user', userId: leader.userId, role: 'wg_leader' },
      taskId: 'id-1',
      approvalId: 'id-2',
      payload: { round: 1, submission: planPayload() },
    });
    expect(event.outbox).toEqual([
      {
        type: 'approval.requested',
        payload: expect.objectContaining({
          approvalId: 'id-2',
          stage: 'PLAN',
          submissionKind: 'plan',
          stepKey: 'hq',
          requiredRole: 'hq_approver',
          itemCode: '1-1',
          fiscalYear: 2026,
        }),
      },
    ]);
    expect(machine.takeVisibilityChanges()).toEqual([{ stage: 'PLAN', awaitingApproval: true }]);
  });

  it('takes a member’s plan when the tenant lets members submit', () => {
    const { machine } = startCycle({ context: { allowMembersToSubmit: true } });
    expect(machine.submitGate('plan', member, planPayload()).actor).toMatchObject({ userId: member.userId });
  });
});

describe('decide', () => {
  it('approve moves PLAN to DO with four scheduled quarterly reviews and the execution report', () => {
    const { machine } = startCycle();
    machine.submitGate('plan', leader, planPayload());
    machine.takeVisibilityChanges();
    const event = decidePending(machine, hq, 'approve', { comment: '  妥当な計画です  ' });

    expect(machine.state).toMatchObject({
      stage: 'DO',
      status: 'awaiting_submission',
      awaitingApproval: false,
    });
    expect(machine.state.approvals[0]).toMatchObject({
      status: 'approved',
      decidedBy: hq.userId,
      decidedAt: FY2026_START,
      comment: '妥当な計画です',
    });
    expect(taskOfKind(machine, 'plan').status).toBe('done');
    const doTasks = machine.state.tasks
      .slice(1)
      .map((t) => [t.kind, t.periodIndex, t.status, t.openAt, t.dueAt]);
    expect(doTasks).toEqual([
      ['review', 1, 'scheduled', '2026-06-30T15:00:00.000Z', '2026-07-10T08:00:00.000Z'],
      ['review', 2, 'scheduled', '2026-09-30T15:00:00.000Z', '2026-10-09T08:00:00.000Z'],
      ['review', 3, 'scheduled', '2026-12-31T15:00:00.000Z', '2027-01-08T08:00:00.000Z'],
      ['review', 4, 'scheduled', '2027-03-31T15:00:00.000Z', '2027-04-09T08:00:00.000Z'],
      ['execution_report', null, 'scheduled', '2027-03-31T15:00:00.000Z', '2027-04-20T08:00:00.000Z'],
    ]);
    expect(taskOfKind(machine, 'review', 1).title).toEqual({
      ja: '進捗報告（2026年度 第1四半期）',
      en: 'Progress review (FY2026 Q1)',
    });

    expect(event).toMatchObject({
      seq: 3,
      type: 'approval.approved',
      actor: { type: 'user', userId: hq.userId, role: 'hq_approver' },
      approvalId: 'id-2',
      comment: '妥当な計画です',
      payload: {
        decision: 'approve',
        stage: 'PLAN',
        submissionKind: 'plan',
        round: 1,
        step: 'hq',
        advancedTo: 'DO',
      },
    });
    expect(event.tasks.map((t) => [t.kind, t.status])).toEqual([
      ['plan', 'done'],
      ...[1, 2, 3, 4].map(() => ['review', 'scheduled']),
      ['execution_report', 'scheduled'],
    ]);
    expect(event.outbox.map((m) => m.type)).toEqual([
      'cycle.stage_changed',
      ...Array(5).fill('task.assigned'),
    ]);
    expect(event.outbox[0].payload).toEqual({ cycleId: 'cycle-2026', itemId: 'item-1', stage: 'DO' });
    expect(event.outbox[1].payload).toMatchObject({
      taskStatus: 'scheduled',
      openAt: '2026-06-30T15:00:00.000Z',
    });
    expect(machine.takeVisibilityChanges().at(-1)).toEqual({ stage: 'DO', awaitingApproval: false });
  });

  it('return sends the plan back: returned, the task open again, the resubmission is round 2', () => {
    const cycle = startCycle();
    const { machine } = cycle;
    machine.submitGate('plan', leader, planPayload());
    cycle.clock.advanceDays(3);
    const returned = decidePending(machine, hq, 'return', { comment: '目標値を見直してください' });

    expect(machine.state).toMatchObject({ stage: 'PLAN', status: 'returned', awaitingApproval: false });
    expect(machine.state.approvals[0]).toMatchObject({
      status: 'returned',
      comment: '目標値を見直してください',
    });
    expect(taskOfKind(machine, 'plan').status).toBe('open');
    expect(returned.type).toBe('approval.returned');
    expect(returned.outbox).toEqual([
      {
        type: 'submission.returned',
        payload: expect.objectContaining({
          taskId: 'id-1',
          comment: '目標値を見直してください',
          taskStatus: 'open',
        }),
      },
    ]);

    const revised = { ...planPayload(), budgetRequest: 9_500_000 };
    const resubmitted = machine.submitGate('plan', leader, revised);
    expect(resubmitted.payload).toEqual({ round: 2, submission: revised });
    expect(machine.state.plan).toMatchObject({ round: 2, payload: revised });
    expect(machine.state.planRounds.map((r) => r.round)).toEqual([1, 2]);
    expect(pendingApprovals(machine)).toEqual([expect.objectContaining({ round: 2, stepIndex: 0 })]);
    expect(machine.state.status).toBe('awaiting_approval');
  });

  it('return needs a comment (INVALID_PAYLOAD on comment)', () => {
    const { machine } = startCycle();
    machine.submitGate('plan', leader, planPayload());
    const { rejection, before, after } = refuse(machine, () =>
      decidePending(machine, hq, 'return', { comment: ' ' }),
    );
    expect(rejection.type).toBe('INVALID_PAYLOAD');
    expect(rejection.problems?.map((p) => [p.field, p.rule])).toEqual([['comment', 'required']]);
    expect(after).toEqual(before);
  });

  it('a rating outside CHECK is refused (INVALID_PAYLOAD on rating)', () => {
    const { machine } = startCycle();
    machine.submitGate('plan', leader, planPayload());
    const { rejection } = refuse(machine, () => decidePending(machine, hq, 'approve', { rating: 'A' }));
    expect(rejection.problems?.map((p) => [p.field, p.rule])).toEqual([['rating', 'evaluation_only']]);
  });
});

describe('a two-step approval policy', () => {
  it('asks the next step after the first approval and advances after the second', () => {
    const { machine } = startCycle({ context: { approvalPolicy: TWO_STEP_APPROVAL_POLICY } });
    machine.submitGate('plan', leader, planPayload());
    const first = decidePending(machine, hq);

    expect(machine.state).toMatchObject({
      stage: 'PLAN',
      status: 'awaiting_approval',
      awaitingApproval: true,
    });
    expect(first.payload).toMatchObject({ step: 'promotion_leader', nextStep: 'hq_director' });
    expect(first.approvals.map((a) => [a.stepKey, a.status])).toEqual([
      ['promotion_leader', 'approved'],
      ['hq_director', 'pending'],
    ]);
    expect(first.outbox).toEqual([
      {
        type: 'approval.requested',
        payload: expect.objectContaining({ stepKey: 'hq_director', approvalId: 'id-3' }),
      },
    ]);
    expect(pendingApprovals(machine)).toEqual([
      expect.objectContaining({ round: 1, stepIndex: 1, submittedBy: leader.userId }),
    ]);
    expect(taskOfKind(machine, 'plan').status).toBe('submitted');

    const second = decidePending(machine, hq2);
    expect(second.payload).toMatchObject({ step: 'hq_director', advancedTo: 'DO' });
    expect(machine.state.stage).toBe('DO');
  });

  it('a return at the second step starts the chain again at the first step with round 2', () => {
    const { machine } = startCycle({ context: { approvalPolicy: TWO_STEP_APPROVAL_POLICY } });
    machine.submitGate('plan', leader, planPayload());
    decidePending(machine, hq);
    decidePending(machine, hq2, 'return', { comment: '本部長差戻し' });
    expect(machine.state.status).toBe('returned');
    machine.submitGate('plan', leader, planPayload());
    expect(pendingApprovals(machine)).toEqual([
      expect.objectContaining({ round: 2, stepIndex: 0, stepKey: 'promotion_leader' }),
    ]);
    // Who decided round 1 may decide round 2 again.
    expect(decidePending(machine, hq).payload).toMatchObject({ round: 2, nextStep: 'hq_director' });
  });
});
