/**
 * Starting a node's 施策評価 workflow (#24), shared by the worker's openFiscalYear activity and the
 * API's manual start: the same workflow id, evaluation id and id policies whoever starts it. A
 * running one is reused, a closed one never starts again. Node-side only.
 */
import {
  cycleIdFor,
  FISCAL_YEAR_KEY,
  POLICY_EVALUATION_WORKFLOW_TYPE,
  type PolicyEvaluationContext,
  type PolicyEvaluationInput,
  policyEvaluationStartedUpdate,
  policyEvaluationWorkflowId,
  TENANT_KEY,
} from '@pdca/contracts';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';

export interface PolicyEvaluationStartRequest {
  tenantId: string;
  tenantCode: string;
  nodeId: string;
  fiscalYear: number;
  timeScale: number;
  businessStartMs?: number;
  context: PolicyEvaluationContext;
}

/** Starts (or finds running) the evaluation and waits until its start is in the read model. */
export async function startPolicyEvaluation(
  client: Client,
  taskQueue: string,
  request: PolicyEvaluationStartRequest,
): Promise<'started' | 'closed'> {
  const workflowId = policyEvaluationWorkflowId(request.tenantCode, request.nodeId, request.fiscalYear);
  const input: PolicyEvaluationInput = { ...request, evaluationId: cycleIdFor(workflowId) };
  const startWorkflowOperation = new WithStartWorkflowOperation(POLICY_EVALUATION_WORKFLOW_TYPE, {
    workflowId,
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: TENANT_KEY, value: request.tenantCode },
      { key: FISCAL_YEAR_KEY, value: request.fiscalYear },
    ],
  });
  try {
    await client.workflow.executeUpdateWithStart(policyEvaluationStartedUpdate, { startWorkflowOperation });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'closed';
    throw err;
  }
}
