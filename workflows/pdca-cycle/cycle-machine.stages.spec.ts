/**
 * The CycleMachine's stages after PLAN (#21): the periodic reviews, the execution report that
 * closes DO, the evaluation's figures and HQ's rating, and the Act decision.
 */
import {
  actionPayload,
  afterYearEnd,
  cycleContext,
  decidePending,
  evaluationPayload,
  executionReportPayload,
  FY2026_START,
  hq,
  hqAdmin,
  IND_RATE,
  IND_WAIT,
  leader,
  openDueTasks,
  reachAct,
  reachCheck,
  reachDo,
  refuse,
  reviewPayload,
  startCycle,
  taskOfKind,
} from './cycle-machine.fixture';

describe('submitReview', () => {
  it('takes a review HQ opened early and records it without an approval', () => {
    const cycle = startCycle();
    const { machine } = cycle;
    reachDo(cycle);
    const task = taskOfKind(machine, 'review', 1);
    machine.openTask(hqAdmin, { taskId: task.id, reason: '早期報告' });
    const event = machine.submitReview(leader, task.id, reviewPayload(1));

    expect(event).toMatchObject({
      type: 'review.submitted',
      taskId: task.id,
      approvalId: null,
      payload: { periodIndex: 1, late: false, submission: reviewPayload(1) },
      approvals: [],
      outbox: [],
    });
    expect(task).toMatchObject({ status: 'done', submittedBy: leader.userId, submittedAt: FY2026_START });
    expect(machine.state.reviews).toEqual([
      {
        taskId: task.id,
        periodIndex: 1,
        round: 1,
        submittedBy: leader.userId,
        submittedAt: FY2026_START,
        payload: reviewPayload(1),
      },
    ]);
    expect(machine.state.status).toBe('awaiting_submission');
    expect(machine.state.approvals).toHaveLength(1);
    expect(
      refuse(machine, () => machine.submitReview(leader, task.id, reviewPayload(1))).rejection.type,
    ).toBe('NOT_PENDING');
  });

  it('takes a review once the clock has passed its opening date and the task opened', () => {
    const cycle = startCycle();
    reachDo(cycle);
    cycle.clock.set('2026-07-01T00:00:00.000Z');
    expect(openDueTasks(cycle).map((e) => e.taskId)).toEqual([taskOfKind(cycle.machine, 'review', 1).id]);
    const event = cycle.machine.submitReview(
      leader,
      taskOfKind(cycle.machine, 'review', 1).id,
      reviewPayload(1),
    );
    expect(event.occurredAt).toBe('2026-07-01T00:00:00.000Z');
    expect(taskOfKind(cycle.machine, 'review', 1).status).toBe('done');
  });

  it('refuses a review naming another period than its task’s', () => {
    const cycle = startCycle();
    reachDo(cycle);
    cycle.clock.set(afterYearEnd(2026));
    openDueTasks(cycle);
    const { rejection } = refuse(cycle.machine, () =>
      cycle.machine.submitReview(leader, taskOfKind(cycle.machine, 'review', 1).id, reviewPayload(2)),
    );
    expect(rejection.type).toBe('INVALID_PAYLOAD');
    expect(rejection.problems?.map((p) => [p.field, p.rule])).toEqual([['periodIndex', 'matches_task']]);
  });

  it('refuses an unknown review task with NOT_FOUND', () => {
    const cycle = startCycle();
    reachDo(cycle);
    const planTask = taskOfKind(cycle.machine, 'plan').id;
    expect(
      refuse(cycle.machine, () => cycle.machine.submitReview(leader, planTask, reviewPayload(1))).rejection
        .type,
    ).toBe('NOT_FOUND');
  });
});

describe('the execution report', () => {
  it('is refused while reviews are outstanding, then moves DO to CHECK with the evaluation open', () => {
    const cycle = startCycle();
    const { machine } = cycle;
    reachDo(cycle);
    cycle.clock.set(afterYearEnd(2026));
    openDueTasks(cycle);
    const early = refuse(machine, () =>
      machine.submitGate('execution_report', leader, executionReportPayload()),
    );
    expect(early.rejection.type).toBe('WRONG_STAGE');
    expect(early.rejection.message.en).toBe(
      '4 periodic review(s) are still open; submit them before the execution report.',
    );
    expect(early.after).toEqual(early.before);

    for (const t of machine.state.tasks.filter((x) => x.kind === 'review'))
      machine.submitReview(leader, t.id, reviewPayload(t.periodIndex!));
    const submitted = machine.submitGate('execution_report', leader, executionReportPayload());
    expect(submitted.type).toBe('execution_report.submitted');
    expect(machine.state.executionReport).toMatchObject({ round: 1, payload: executionReportPayload() });
    const approved = decidePending(machine);

    expect(approved.payload).toMatchObject({ submissionKind: 'execution_report', advancedTo: 'CHECK' });
    expect(machine.state).toMatchObject({ stage: 'CHECK', status: 'awaiting_submission' });
    // Its opening date (1 April) has come: the evaluation opens with the stage.
    expect(taskOfKind(machine, 'evaluation')).toMatchObject({
      status: 'open',
      openAt: afterYearEnd(2026),
      dueAt: '2027-05-31T08:00:00.000Z',
    });
  });
});

describe('the evaluation', () => {
  it('rates each indicator against the approved plan’s target and suggests a rating', () => {
    const cycle = startCycle();
    reachCheck(cycle);
    const event = cycle.machine.submitGate('evaluation', leader, evaluationPayload());
    const { evaluation } = cycle.machine.state;
    expect(evaluation?.results).toEqual([
      {
        indicatorId: IND_RATE,
        name: 'オンライン申請率',
        direction: 'higher_is_better',
        target: 60,
        actual: 50,
        achievementRate: 75,
        formula: 'progress_from_baseline',
      },
      {
        indicatorId: IND_WAIT,
        name: '窓口平均待ち時間',
        direction: 'lower_is_better',
        target: 15,
        actual: 18,
        achievementRate: 80,
        formula: 'progress_from_baseline',
      },
    ]);
    expect(evaluation?.suggestedRating).toBe('C');
    expect(evaluation?.hqRating).toBeNull();
    expect(event.type).toBe('evaluation.submitted');
    expect(event.cycle.hqRating).toBeNull();
  });

  it('uses each indicator’s formula from the context: ratio is 実績 ÷ 目標 (目標 ÷ 実績 when lower is better)', () => {
    const indicators = cycleContext().indicators.map((i) => ({ ...i, achievementFormula: 'ratio' as const }));
    const cycle = startCycle({ context: { indicators } });
    reachCheck(cycle);
    cycle.machine.submitGate('evaluation', leader, evaluationPayload());
    const { evaluation } = cycle.machine.state;
    // 50 / 60 and 15 / 18, whatever the baselines (20 and 30).
    expect(evaluation?.results.map((r) => [r.achievementRate, r.formula])).toEqual([
      [83.3, 'actual_over_target'],
      [83.3, 'target_over_actual'],
    ]);
    expect(evaluation?.suggestedRating).toBe('B');
  });

  it('HQ’s own rating on approval is kept and the cycle moves to ACT', () => {
    const cycle = startCycle();
    reachCheck(cycle);
    cycle.machine.submitGate('evaluation', leader, evaluationPayload());
    const event = decidePending(cycle.machine, hq, 'approve', { rating: 'B' });
    expect(cycle.machine.state.evaluation?.hqRating).toBe('B');
    expect(cycle.machine.state.approvals.at(-1)).toMatchObject({ submissionKind: 'evaluation', rating: 'B' });
    expect(event.payload).toMatchObject({ rating: 'B', advancedTo: 'ACT' });
    expect(event.cycle).toMatchObject({ hqRating: 'B', stage: 'ACT' });
    expect(taskOfKind(cycle.machine, 'action')).toMatchObject({
      status: 'open',
      dueAt: '2027-06-30T08:00:00.000Z',
    });
  });

  it('refuses a rating outside A–D', () => {
    const cycle = startCycle();
    reachCheck(cycle);
    cycle.machine.submitGate('evaluation', leader, evaluationPayload());
    const { rejection } = refuse(cycle.machine, () =>
      decidePending(cycle.machine, hq, 'approve', { rating: 'S' as never }),
    );
    expect(rejection.problems?.map((p) => [p.field, p.rule])).toEqual([['rating', 'enum']]);
  });
});

describe('the Act decision', () => {
  it('approved, it leaves the cycle waiting for the budget reflection', () => {
    const cycle = startCycle();
    reachAct(cycle);
    const submitted = cycle.machine.submitGate('action', leader, actionPayload('expand', 12_000_000));
    expect(submitted.type).toBe('action.submitted');
    expect(cycle.machine.state.action).toMatchObject({
      round: 1,
      payload: actionPayload('expand', 12_000_000),
    });
    cycle.machine.takeVisibilityChanges();
    const approved = decidePending(cycle.machine);

    expect(approved.payload).toMatchObject({ submissionKind: 'action', next: 'budget_reflection' });
    expect(approved.cycle).toMatchObject({
      stage: 'ACT',
      status: 'reflecting_budget',
      awaitingApproval: false,
    });
    expect(cycle.machine.reflecting).toBe(true);
    expect(cycle.machine.closed).toBe(false);
    expect(taskOfKind(cycle.machine, 'action').status).toBe('done');
    expect(cycle.machine.takeVisibilityChanges()).toEqual([{ stage: 'ACT', awaitingApproval: false }]);
  });

  it('refuses an expansion that does not exceed the current budget', () => {
    const cycle = startCycle();
    reachAct(cycle);
    const { rejection, before, after } = refuse(cycle.machine, () =>
      cycle.machine.submitGate('action', leader, actionPayload('expand', 9_000_000)),
    );
    expect(rejection.problems?.map((p) => [p.field, p.rule])).toEqual([
      ['budgetProposal', 'must_exceed_current'],
    ]);
    expect(after).toEqual(before);
  });
});
