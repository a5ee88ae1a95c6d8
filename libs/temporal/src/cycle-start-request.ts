/**
 * The one place that builds a cycle's start request: workflow id, cycle id, input and search
 * attributes. Pure (contracts only), so the API, the scheduler's activity and the workflow code
 * (an old cycle starting its next year) all use it.
 */

import {
  type Actor,
  AWAITING_APPROVAL_KEY,
  type CarriedOver,
  type CycleContext,
  type CycleWorkflowInput,
  cycleIdFor,
  cycleWorkflowId,
  FISCAL_YEAR_KEY,
  ITEM_CODE_KEY,
  STAGE_KEY,
  TENANT_KEY,
} from '@pdca/contracts';
import type { SearchAttributePair } from '@temporalio/common';

export interface CycleStartSubject {
  tenantId: string;
  tenantCode: string;
  itemId: string;
  itemCode: string;
  fiscalYear: number;
  timeScale: number;
  startedBy?: Actor;
  /** Business time at which the cycle starts (compressed demo calendars, the scheduler). */
  businessStartMs?: number;
  carriedOver?: CarriedOver;
  /** The item's facts as the starter read them (see CycleWorkflowInput.context). */
  context?: CycleContext;
}

export interface StartCycleRequest {
  workflowId: string;
  input: CycleWorkflowInput;
  itemCode: string;
}

/** The workflow id (`pdca/<tenant>/<itemId>/<fy>`), the cycle id derived from it, and the input. */
export function cycleStartRequest(subject: CycleStartSubject): StartCycleRequest {
  const workflowId = cycleWorkflowId(subject.tenantCode, subject.itemId, subject.fiscalYear);
  return {
    workflowId,
    itemCode: subject.itemCode,
    input: {
      cycleId: cycleIdFor(workflowId),
      tenantId: subject.tenantId,
      tenantCode: subject.tenantCode,
      itemId: subject.itemId,
      fiscalYear: subject.fiscalYear,
      timeScale: subject.timeScale,
      ...(subject.businessStartMs !== undefined ? { businessStartMs: subject.businessStartMs } : {}),
      ...(subject.carriedOver ? { carriedOver: subject.carriedOver } : {}),
      ...(subject.startedBy ? { startedBy: subject.startedBy } : {}),
      ...(subject.context ? { context: subject.context } : {}),
    },
  };
}

/** A new cycle's search attributes (no personal data): it starts in PLAN, awaiting nobody. */
export function cycleSearchAttributes(request: StartCycleRequest): SearchAttributePair[] {
  return [
    { key: TENANT_KEY, value: request.input.tenantCode },
    { key: ITEM_CODE_KEY, value: request.itemCode },
    { key: FISCAL_YEAR_KEY, value: request.input.fiscalYear },
    { key: STAGE_KEY, value: 'PLAN' },
    { key: AWAITING_APPROVAL_KEY, value: false },
  ];
}
