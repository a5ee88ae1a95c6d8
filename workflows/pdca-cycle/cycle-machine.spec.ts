import {
  actionPayload,
  decidePending,
  evaluationPayload,
  FY2026_START,
  hq,
  hqAdmin,
  leader,
  planPayload,
  reachCheck,
  reachReflecting,
  startCycle,
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
        title: { ja: '取組計画', en: 'Action plan' },
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
