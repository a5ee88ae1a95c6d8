/**
 * Starting an item's cycle workflow, shared by the API (POST /items/:id/cycles) and the demo seed of
 * `npm start`: the same workflow id, cycle id, input, search attributes and id policies whoever
 * starts it. Node-side only (imports the Temporal client); workflow code must not import this.
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  type Actor,
  AWAITING_APPROVAL_KEY,
  CYCLE_WORKFLOW_TYPE,
  type CycleWorkflowInput,
  cycleIdFor,
  cycleWorkflowId,
  FISCAL_YEAR_KEY,
  ITEM_CODE_KEY,
  STAGE_KEY,
  TENANT_KEY,
} from '../../contracts/src';

export interface CycleStartSubject {
  tenantId: string;
  tenantCode: string;
  itemId: string;
  itemCode: string;
  fiscalYear: number;
  timeScale: number;
  startedBy?: Actor;
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
      ...(subject.startedBy ? { startedBy: subject.startedBy } : {}),
    },
  };
}

/**
 * Starts the cycle workflow; a running one with the same id is reused (USE_EXISTING) and a closed
 * one is never started again (REJECT_DUPLICATE): that last case answers 'closed'. Other errors
 * (Temporal unreachable, …) are thrown as they are, for the caller to map.
 */
export async function startCycleWorkflow(
  client: Client,
  taskQueue: string,
  request: StartCycleRequest,
): Promise<'started' | 'closed'> {
  const { input } = request;
  try {
    await client.workflow.start(CYCLE_WORKFLOW_TYPE, {
      workflowId: request.workflowId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: TENANT_KEY, value: input.tenantCode },
        { key: ITEM_CODE_KEY, value: request.itemCode },
        { key: FISCAL_YEAR_KEY, value: input.fiscalYear },
        { key: STAGE_KEY, value: 'PLAN' },
        { key: AWAITING_APPROVAL_KEY, value: false },
      ],
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'closed';
    throw err;
  }
}
