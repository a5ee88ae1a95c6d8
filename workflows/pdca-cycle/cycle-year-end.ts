/**
 * The end of a fiscal year's cycle: HQ's approved Act decision becomes the budget reflection
 * (予算への反映) for the budget under formulation, and the cycle closes — continuing next year, or
 * ended by the decision or the plan period. Steps of the CycleMachine; the workflow tells the next
 * year's cycle in between.
 */
import type { CarriedOver, ProjectionEvent } from '@pdca/contracts';
import {
  budgetTargetFiscalYear,
  DEFAULT_DECISIONS,
  DEFAULT_FISCAL_CALENDAR,
  findDecision,
  reflectBudget,
} from '@pdca/domain';
import { cycleClosed, SYSTEM } from './cycle-facts';
import type { CycleMachine } from './cycle-machine';

export interface BudgetReflected {
  event: ProjectionEvent;
  /** The approved decision's code (of the city's list in force for the year). */
  decision: string;
  /** The decision ends the item. */
  endsItem: boolean;
  /** What the next year's cycle is told. */
  carried: CarriedOver;
  targetFiscalYear: number;
  /** The next fiscal year is inside the plan period. */
  withinPlan: boolean;
  /** The item goes on next year (not abolished or completed, and within the plan). */
  continues: boolean;
}

export function reflectApprovedDecision(machine: CycleMachine): BudgetReflected {
  const { state, ctx } = machine;
  const action = state.action!;
  const decision = action.payload.decision;
  const finalApproval = state.approvals
    .filter((a) => a.submissionKind === 'action' && a.status === 'approved')
    .at(-1)!;
  // The list the year started with (contexts recorded before #22: the product's six).
  const decisions = ctx.citySettings?.decisions ?? DEFAULT_DECISIONS;
  const setting = findDecision({ decisions }, decision)!;
  const budget = reflectBudget({
    decision,
    currentAmount: ctx.budgetCurrentAmount,
    proposedAmount: action.payload.budgetProposal ?? null,
    decisions,
  });
  const reflectedAt = machine.env.now();
  // The budget under formulation when HQ approved: FY N+2 on the default calendar (older
  // recorded contexts lack the setting and get the default).
  const targetFiscalYear = budgetTargetFiscalYear(state.fiscalYear, reflectedAt, {
    ...DEFAULT_FISCAL_CALENDAR,
    ...ctx.calendar,
  });
  state.budgetReflection = {
    fiscalYear: targetFiscalYear,
    decision,
    ...budget,
    endsItem: setting.endsItem,
    approvalId: finalApproval.id,
    reflectedAt: reflectedAt.toISOString(),
  };
  const withinPlan = ctx.planPeriodEndFy === null || state.fiscalYear + 1 <= ctx.planPeriodEndFy;
  const budgetRecord = {
    ...state.budgetReflection,
    id: machine.env.newId(),
    sourceFiscalYear: state.fiscalYear,
  };
  const event = machine.record('budget.reflected', {
    actor: SYSTEM,
    approvalId: finalApproval.id,
    payload: {
      ...budget,
      decision,
      decisionLabel: setting.label,
      fiscalYear: targetFiscalYear,
      sourceFiscalYear: state.fiscalYear,
      // The ledger says which year's baseline the reflection set (item_budgets).
      baseline: { fiscalYear: targetFiscalYear, amount: budget.proposedAmount },
    },
    budgetReflection: budgetRecord,
    outbox: [
      {
        type: 'budget.reflected',
        payload: {
          tenantId: state.tenantId,
          tenantCode: state.tenantCode,
          itemId: state.itemId,
          itemCode: state.itemCode,
          itemTitle: ctx.itemTitle,
          cycleId: state.cycleId,
          ...budgetRecord,
        },
      },
    ],
  });
  const carried: CarriedOver = {
    fromFiscalYear: state.fiscalYear,
    decision,
    decisionLabel: setting.label,
    endsItem: setting.endsItem,
    carriesOver: setting.carriesOver,
    proposedAmount: budget.proposedAmount,
    rationale: action.payload.rationale,
    targetFiscalYear,
    approvedAt: finalApproval.decidedAt ?? reflectedAt.toISOString(),
  };
  return {
    event,
    decision,
    endsItem: setting.endsItem,
    carried,
    targetFiscalYear,
    withinPlan,
    continues: !setting.endsItem && withinPlan,
  };
}

/** Closes the year after the reflection; `nextCycleWorkflowId` is the next year's cycle when it heard. */
export function closeYear(
  machine: CycleMachine,
  reflected: BudgetReflected,
  nextCycleWorkflowId: string | null,
): ProjectionEvent {
  const { state } = machine;
  const { decision, endsItem, continues, targetFiscalYear } = reflected;
  state.nextCycleWorkflowId = nextCycleWorkflowId;
  if (continues) machine.close('completed', `continues in FY${state.fiscalYear + 1}`);
  else machine.close('closed', endsItem ? `decision: ${decision}` : 'plan period ended');
  return machine.record(continues ? 'cycle.completed' : 'cycle.closed', {
    actor: SYSTEM,
    payload: {
      decision,
      decisionLabel: reflected.carried.decisionLabel,
      nextCycleWorkflowId: state.nextCycleWorkflowId,
      targetFiscalYear,
    },
    outbox: [cycleClosed(state)],
  });
}
