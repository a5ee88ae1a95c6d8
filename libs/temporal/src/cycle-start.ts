/**
 * Starting an item's cycle workflow, shared by the API (POST /items/:id/cycles), the tenant's
 * fiscal-year opener and the demo seed of `npm start`: the same workflow id, cycle id, input,
 * search attributes and id policies whoever starts it. Node-side only (imports the Temporal
 * client); workflow code must not import this.
 */

import { CYCLE_WORKFLOW_TYPE, type CycleState, cycleStartedUpdate } from '@pdca/contracts';
import { type Client, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { cycleSearchAttributes, type StartCycleRequest } from './cycle-start-request';

export type CycleStartOutcome =
  /** Running, its start recorded (the read model has the cycle); `state` is the workflow's. */
  | { outcome: 'started'; state: CycleState | null }
  /** A closed cycle of the same id exists: a year's cycle runs only once. */
  | { outcome: 'closed' };

/**
 * Starts the cycle workflow and waits until its start is recorded, in one round trip
 * (update-with-start: the `started` Update answers once the first projection has committed). A
 * running one with the same id is reused (USE_EXISTING) and answers the same way; a closed one is
 * never started again (REJECT_DUPLICATE). Other errors (Temporal unreachable, a time-out) are
 * thrown as they are, for the caller to map.
 */
export async function startCycle(
  client: Client,
  taskQueue: string,
  request: StartCycleRequest,
): Promise<CycleStartOutcome> {
  const startWorkflowOperation = new WithStartWorkflowOperation(CYCLE_WORKFLOW_TYPE, {
    workflowId: request.workflowId,
    taskQueue,
    args: [request.input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: cycleSearchAttributes(request),
  });
  try {
    const state = await client.workflow.executeUpdateWithStart(cycleStartedUpdate, {
      startWorkflowOperation,
    });
    return { outcome: 'started', state };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { outcome: 'closed' };
    // A cycle started before the `started` Update existed runs without its handler: it is running,
    // and recorded long ago.
    if (err instanceof WorkflowUpdateFailedError && isUnknownUpdate(err.cause))
      return { outcome: 'started', state: null };
    throw err;
  }
}

function isUnknownUpdate(cause: unknown): boolean {
  return cause instanceof ApplicationFailure && /no registered handler for update/i.test(cause.message);
}

/** As startCycle, for callers that only need to know whether it runs. */
export async function startCycleWorkflow(
  client: Client,
  taskQueue: string,
  request: StartCycleRequest,
): Promise<'started' | 'closed'> {
  return (await startCycle(client, taskQueue, request)).outcome;
}
