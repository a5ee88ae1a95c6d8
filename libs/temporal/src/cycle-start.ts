/**
 * Starting an item's cycle workflow, shared by the API (POST /items/:id/cycles) and the demo seed of
 * `npm start`: the same workflow id, cycle id, input, search attributes and id policies whoever
 * starts it. Node-side only (imports the Temporal client); workflow code must not import this.
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { CYCLE_WORKFLOW_TYPE } from '../../contracts/src';
import { cycleSearchAttributes, type StartCycleRequest } from './cycle-start-request';

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
      typedSearchAttributes: cycleSearchAttributes(request),
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'closed';
    throw err;
  }
}
