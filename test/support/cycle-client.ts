import { Client, Connection, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  type CycleState,
  type CycleWorkflowInput,
  cycleIdFor,
  cycleStateQuery,
  cycleWorkflowId,
} from '../../libs/contracts/src';
import { jstInstant } from '../../libs/domain/src';
import type { CycleFixture } from './cycle-fixtures';

export async function connectClient(): Promise<Client> {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  return new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
}

export function cycleInput(
  fixture: CycleFixture,
  fiscalYear: number,
  extra: Partial<CycleWorkflowInput> = {},
) {
  const workflowId = cycleWorkflowId(fixture.tenantCode, fixture.itemId, fiscalYear);
  const input: CycleWorkflowInput = {
    cycleId: cycleIdFor(workflowId),
    tenantId: fixture.tenantId,
    tenantCode: fixture.tenantCode,
    itemId: fixture.itemId,
    fiscalYear,
    timeScale: 1,
    // Business time starts on 1 April of the fiscal year, so due dates are the calendar's own.
    businessStartMs: jstInstant(fiscalYear, 4, 1, 9).getTime(),
    startedBy: fixture.hqAdmin,
    ...extra,
  };
  return { workflowId, input };
}

/** The typed rejection of an Update (its ApplicationFailure type), or 'ACCEPTED'. */
export async function rejectionOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ACCEPTED';
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      return err.cause.type ?? 'UNTYPED';
    }
    // Updates cannot reach a workflow that has finished.
    if (err instanceof WorkflowNotFoundError) return 'WORKFLOW_CLOSED';
    throw err;
  }
}

export async function queryState(client: Client, workflowId: string): Promise<CycleState> {
  return client.workflow.getHandle(workflowId).query(cycleStateQuery);
}

export async function historyLength(client: Client, workflowId: string): Promise<number> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return history.events?.length ?? 0;
}
