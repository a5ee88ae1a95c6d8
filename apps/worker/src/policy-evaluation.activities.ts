import {
  itemEvaluationApprovedSignal,
  type OpenFiscalYearRequest,
  type PolicyEvaluationActivities,
  type PolicyProjectionEvent,
  type ProjectionEvent,
  policyEvaluationWorkflowId,
} from '@pdca/contracts';
import {
  FailedProjectionRepository,
  PolicyEvaluationProjectionRepository,
  PolicyEvaluationStartRepository,
} from '@pdca/persistence/repositories';
import { startPolicyEvaluation } from '@pdca/temporal';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { guardedProjection } from './guarded-projection';

/**
 * The 施策評価 workflow's activities: readiness (read only) and the projection, idempotent and
 * never looping on an event PostgreSQL refuses (guarded-projection.ts, as the cycle's).
 */
export function createPolicyEvaluationActivities(dataSource: DataSource): PolicyEvaluationActivities {
  const projections = new PolicyEvaluationProjectionRepository(dataSource);
  return {
    policyItemsPending: ({ tenantId, nodeId, fiscalYear }) =>
      projections.itemsPending(tenantId, nodeId, fiscalYear),
    projectPolicyEvent: guardedProjection<PolicyProjectionEvent>(
      new FailedProjectionRepository(dataSource),
      'policy evaluation',
      () => null,
      (event) => projections.apply(event),
    ),
  };
}

/**
 * Starts fiscal year `request.fiscalYear`'s 施策評価 of every node of the evaluated level (none
 * when the city has it off). Idempotent: a running evaluation is reused, a closed one kept.
 */
export async function openPolicyEvaluations(
  dataSource: DataSource,
  client: Client,
  taskQueue: string,
  request: OpenFiscalYearRequest,
  onEach: (nodeId: string) => void = () => undefined,
): Promise<number> {
  const nodes = await new PolicyEvaluationStartRepository(dataSource).nodesToEvaluate(
    request.tenantId,
    request.fiscalYear,
  );
  for (const node of nodes) {
    await startPolicyEvaluation(client, taskQueue, {
      ...request,
      nodeId: node.nodeId,
      context: node.context,
    });
    onEach(node.nodeId);
  }
  return nodes.length;
}

/** An approval that ends an item's CHECK evaluation (its last step: the cycle moved on to ACT). */
export function approvesItemEvaluation(event: ProjectionEvent): boolean {
  return (
    event.type === 'approval.approved' &&
    event.payload.submissionKind === 'evaluation' &&
    event.payload.advancedTo === 'ACT'
  );
}

/**
 * Tells the 施策評価 of the item's evaluated-level node that an item's evaluation was approved, so it
 * opens at once when that was the last one. Sent from the worker's projection activity (the cycle
 * workflow is unchanged); a node whose evaluation is not running (off, not started, closed) is
 * skipped — the evaluation re-checks on its own timer anyway.
 */
export async function signalPolicyEvaluations(
  dataSource: DataSource,
  client: Client,
  event: ProjectionEvent,
): Promise<void> {
  const starts = new PolicyEvaluationStartRepository(dataSource);
  const level = await starts.evaluatedLevelOfItem(event.tenantId, event.itemId);
  if (level === null) return;
  const tenantCode = await starts.tenantCode(event.tenantId);
  if (!tenantCode) return;
  const nodes = await new PolicyEvaluationProjectionRepository(dataSource).evaluatedNodesOfItem(
    event.tenantId,
    event.itemId,
    level,
  );
  for (const nodeId of nodes) {
    const workflowId = policyEvaluationWorkflowId(tenantCode, nodeId, event.cycle.fiscalYear);
    try {
      await client.workflow.getHandle(workflowId).signal(itemEvaluationApprovedSignal);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
}
