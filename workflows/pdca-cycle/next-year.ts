/**
 * What happens to an item's other years when a cycle's Act decision is approved. Cycles started
 * before overlapping fiscal years (no `overlapping-fiscal-years` marker) still start their next
 * year themselves; newer ones leave that to the tenant's scheduler and only tell the running next
 * year's cycle of the decision.
 */

import {
  type CarriedOver,
  CYCLE_WORKFLOW_TYPE,
  type CycleState,
  cycleWorkflowId,
  previousYearDecidedSignal,
} from '@pdca/contracts';
import { cycleSearchAttributes, cycleStartRequest } from '@pdca/temporal/cycle-start-request';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  startChild,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { BudgetReflected } from './cycle-year-end';

/** The patch id of the overlapping-years lifecycle, checked once when a cycle starts. */
export const OVERLAPPING_FISCAL_YEARS_PATCH = 'overlapping-fiscal-years';

/** The workflow id of the item's cycle for `fiscalYear` (lineage: previous / next cycle). */
export const cycleOfYear = (state: CycleState, fiscalYear: number): string =>
  cycleWorkflowId(state.tenantCode, state.itemId, fiscalYear);

/**
 * Old lifecycle: start the next fiscal year's workflow (its own id, abandoned so it outlives this
 * one). When it exists already (the scheduler opened it) nothing is started twice.
 */
export async function startNextFiscalYear(
  state: CycleState,
  timeScale: number,
  businessStartMs: number,
  carriedOver: CarriedOver,
): Promise<string> {
  const request = cycleStartRequest({
    tenantId: state.tenantId,
    tenantCode: state.tenantCode,
    itemId: state.itemId,
    itemCode: state.itemCode,
    fiscalYear: state.fiscalYear + 1,
    timeScale,
    businessStartMs,
    carriedOver,
  });
  try {
    await startChild(CYCLE_WORKFLOW_TYPE, {
      workflowId: request.workflowId,
      args: [request.input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: cycleSearchAttributes(request),
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    log.info('next fiscal year cycle already exists', { workflowId: request.workflowId });
  }
  return request.workflowId;
}

/**
 * New lifecycle: tell the running FY N+1 cycle of FY N's approved decision. Returns false when
 * there is no such cycle running (not opened yet, or closed): it then starts from the item's
 * budgets as they stand, which the reflection has already set.
 */
export async function tellNextCycle(state: CycleState, carriedOver: CarriedOver): Promise<boolean> {
  try {
    await getExternalWorkflowHandle(cycleOfYear(state, state.fiscalYear + 1)).signal(
      previousYearDecidedSignal,
      carriedOver,
    );
    return true;
  } catch (err) {
    log.info('no running next fiscal year cycle to tell', { error: String(err) });
    return false;
  }
}

/**
 * After the budget reflection: tell the running next year's cycle of the decision (or, on the old
 * lifecycle, start it). Its workflow id when it heard (or was started), else null.
 */
export async function handOverToNextYear(
  state: CycleState,
  reflected: BudgetReflected,
  overlappingYears: boolean,
  timeScale: number,
  now: Date,
): Promise<string | null> {
  if (overlappingYears) {
    // The scheduler opened (or will open) the next year; it only needs to hear the decision.
    const heard = reflected.withinPlan && (await tellNextCycle(state, reflected.carried));
    return heard ? cycleOfYear(state, state.fiscalYear + 1) : null;
  }
  if (!reflected.continues) return null;
  const { fromFiscalYear, decision, proposedAmount, rationale } = reflected.carried;
  return startNextFiscalYear(state, timeScale, now.getTime(), {
    fromFiscalYear,
    decision,
    proposedAmount,
    rationale,
  });
}
