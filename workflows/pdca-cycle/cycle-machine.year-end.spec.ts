/**
 * The end of a cycle's year (#21): HQ's approved Act decision becomes the budget reflection for
 * the budget under formulation, the year closes (completed when the item goes on, closed when the
 * decision or the plan period ends it), and the next year's cycle hears of the decision.
 */
import { type ActDecision, DEFAULT_FISCAL_CALENDAR, planOpenDate } from '@pdca/domain';
import {
  actionPayload,
  type CycleOptions,
  decidePending,
  hq,
  leader,
  planPayload,
  reachAct,
  reachReflecting,
  refuse,
  startCycle,
} from './cycle-machine.fixture';
import { closeYear, reflectApprovedDecision } from './cycle-year-end';

/** reachReflecting approves the Act decision at this instant (15 June 2027, 10:00 JST). */
const APPROVED_AT = '2027-06-15T01:00:00.000Z';

function reflecting(decision: ActDecision, budgetProposal?: number, options: CycleOptions = {}) {
  const cycle = startCycle(options);
  reachReflecting(cycle, actionPayload(decision, budgetProposal));
  return cycle;
}

describe('reflectApprovedDecision', () => {
  it('reflects a continued item into FY2028’s budget (N+2) and tells what the next year hears', () => {
    const { machine } = reflecting('continue');
    const finalApproval = machine.state.approvals.at(-1)!;
    const reflected = reflectApprovedDecision(machine);

    const reflection = {
      fiscalYear: 2028,
      decision: 'continue',
      currentAmount: 10_000_000,
      proposedAmount: 10_000_000,
      delta: 0,
      rule: 'continue.carry_over',
      ruleDescription: { ja: '継続：現行額を据え置き', en: 'Continue: the current amount carries over' },
      touchesBudget: true,
      endsItem: false,
      approvalId: finalApproval.id,
      reflectedAt: APPROVED_AT,
    };
    expect(machine.state.budgetReflection).toEqual(reflection);
    expect(reflected).toMatchObject({
      decision: 'continue',
      targetFiscalYear: 2028,
      withinPlan: true,
      continues: true,
    });
    expect(reflected.carried).toEqual({
      fromFiscalYear: 2026,
      decision: 'continue',
      decisionLabel: { ja: '継続', en: 'Continue' },
      endsItem: false,
      carriesOver: false,
      proposedAmount: 10_000_000,
      rationale: actionPayload('continue').rationale,
      targetFiscalYear: 2028,
      approvedAt: APPROVED_AT,
    });

    const { event } = reflected;
    expect(event).toMatchObject({
      type: 'budget.reflected',
      actor: { type: 'system' },
      approvalId: finalApproval.id,
      payload: {
        decision: 'continue',
        fiscalYear: 2028,
        sourceFiscalYear: 2026,
        delta: 0,
        baseline: { fiscalYear: 2028, amount: 10_000_000 },
      },
    });
    const record = { ...reflection, id: expect.stringMatching(/^id-\d+$/), sourceFiscalYear: 2026 };
    expect(event.budgetReflection).toEqual(record);
    expect(event.outbox).toEqual([
      {
        type: 'budget.reflected',
        payload: {
          tenantId: 'tenant-1',
          tenantCode: 'test-city',
          itemId: 'item-1',
          itemCode: '1-1',
          itemTitle: '行政手続のオンライン化',
          cycleId: 'cycle-2026',
          ...record,
        },
      },
    ]);
    // Still reflecting: the workflow tells the next year, then closes.
    expect(machine.reflecting).toBe(true);
  });

  it.each([
    ['expand', 12_000_000, { proposedAmount: 12_000_000, delta: 2_000_000, rule: 'expand.proposal' }],
    ['reduce', 8_000_000, { proposedAmount: 8_000_000, delta: -2_000_000, rule: 'reduce.proposal' }],
    ['abolish', undefined, { proposedAmount: 0, delta: -10_000_000, rule: 'abolish.zero' }],
    ['complete', undefined, { proposedAmount: 0, delta: -10_000_000, rule: 'complete.zero' }],
  ] as const)('%s → the budget rule’s amount', (decision, proposal, expected) => {
    const { machine } = reflecting(decision, proposal);
    reflectApprovedDecision(machine);
    expect(machine.state.budgetReflection).toMatchObject({
      decision,
      currentAmount: 10_000_000,
      ...expected,
    });
  });

  it('targets the first budget still in formulation when HQ approved: FY2029 after 31 January 2028', () => {
    const cycle = startCycle();
    reachAct(cycle);
    cycle.clock.set('2028-02-10T01:00:00.000Z');
    cycle.machine.submitGate('action', leader, actionPayload('improve'));
    decidePending(cycle.machine);
    const reflected = reflectApprovedDecision(cycle.machine);
    expect(reflected.targetFiscalYear).toBe(2029);
    expect(reflected.carried).toMatchObject({
      targetFiscalYear: 2029,
      approvedAt: '2028-02-10T01:00:00.000Z',
    });
  });

  it('knows the plan period: the last plan year does not go on; no end means it does', () => {
    const last = reflecting('continue', undefined, { context: { planPeriodEndFy: 2026 } });
    expect(reflectApprovedDecision(last.machine)).toMatchObject({ withinPlan: false, continues: false });
    const open = reflecting('continue', undefined, { context: { planPeriodEndFy: null } });
    expect(reflectApprovedDecision(open.machine)).toMatchObject({ withinPlan: true, continues: true });
  });
});

describe('closeYear', () => {
  it('completes a continued year with the link to the next cycle', () => {
    const { machine } = reflecting('continue');
    const reflected = reflectApprovedDecision(machine);
    machine.takeVisibilityChanges();
    const event = closeYear(machine, reflected, 'wf-item-1-2027');

    expect(machine.state).toMatchObject({
      status: 'completed',
      closedAt: APPROVED_AT,
      closeReason: 'continues in FY2027',
      nextCycleWorkflowId: 'wf-item-1-2027',
      awaitingApproval: false,
    });
    expect(machine.closed).toBe(true);
    expect(machine.reflecting).toBe(false);
    expect(event).toMatchObject({
      seq: reflected.event.seq + 1,
      type: 'cycle.completed',
      actor: { type: 'system' },
      payload: { decision: 'continue', nextCycleWorkflowId: 'wf-item-1-2027', targetFiscalYear: 2028 },
      cycle: { status: 'completed', closeReason: 'continues in FY2027' },
    });
    expect(event.outbox).toEqual([
      {
        type: 'cycle.closed',
        payload: {
          tenantId: 'tenant-1',
          cycleId: 'cycle-2026',
          itemId: 'item-1',
          itemCode: '1-1',
          fiscalYear: 2026,
          status: 'completed',
          reason: 'continues in FY2027',
          nextCycleWorkflowId: 'wf-item-1-2027',
        },
      },
    ]);
    expect(machine.takeVisibilityChanges()).toEqual([{ stage: 'ACT', awaitingApproval: false }]);
    expect(refuse(machine, () => machine.submitGate('plan', leader, planPayload())).rejection.type).toBe(
      'CLOSED',
    );
  });

  it.each([
    ['abolish', {}, 'decision: abolish'],
    ['complete', {}, 'decision: complete'],
    ['continue', { planPeriodEndFy: 2026 }, 'plan period ended'],
  ] as const)('closes the item for good: %s %j → “%s”', (decision, context, reason) => {
    const { machine } = reflecting(decision, undefined, { context });
    const event = closeYear(machine, reflectApprovedDecision(machine), null);
    expect(machine.state).toMatchObject({ status: 'closed', closeReason: reason, nextCycleWorkflowId: null });
    expect(event.type).toBe('cycle.closed');
    expect(event.outbox[0].payload).toMatchObject({ status: 'closed', reason });
  });
});

describe('the next year', () => {
  it('the FY2027 cycle, open since 1 February 2027, hears FY2026’s reflected decision', () => {
    const next = startCycle({ fiscalYear: 2027 });
    expect(next.machine.state.startedAt).toBe(planOpenDate(2027, DEFAULT_FISCAL_CALENDAR).toISOString());
    next.machine.submitGate('plan', leader, planPayload());
    decidePending(next.machine, hq);

    const previous = reflecting('expand', 12_000_000);
    const reflected = reflectApprovedDecision(previous.machine);
    closeYear(previous.machine, reflected, next.env.workflowId);
    next.clock.set(APPROVED_AT);
    const event = next.machine.previousYearDecided(reflected.carried);

    expect(event?.type).toBe('cycle.previous_year_decided');
    expect(next.machine.state.carriedOver).toEqual({
      fromFiscalYear: 2026,
      decision: 'expand',
      decisionLabel: { ja: '拡充', en: 'Expand' },
      endsItem: false,
      carriesOver: false,
      proposedAmount: 12_000_000,
      rationale: actionPayload('expand').rationale,
      targetFiscalYear: 2028,
      approvedAt: APPROVED_AT,
    });
    expect(next.machine.state).toMatchObject({ stage: 'DO', withdrawalQuestion: null });
    expect(previous.machine.state.nextCycleWorkflowId).toBe('wf-item-1-2027');
  });
});
