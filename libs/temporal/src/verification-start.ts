/**
 * Starting a 事業検証 round's workflow (#26), for the API (POST /verification-rounds) and the tests:
 * the id `verification/<tenant>/<roundId>` and the search attributes (tenant, fiscal year; no
 * personal data), answering once the round is in PostgreSQL (update-with-start). Node-side only.
 */
import {
  FISCAL_YEAR_KEY,
  TENANT_KEY,
  VERIFICATION_WORKFLOW_TYPE,
  type VerificationInput,
  type VerificationState,
  verificationStartedUpdate,
  verificationWorkflowId,
} from '@pdca/contracts';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';

export async function startVerificationRound(
  client: Client,
  taskQueue: string,
  input: VerificationInput,
): Promise<VerificationState> {
  const startWorkflowOperation = new WithStartWorkflowOperation(VERIFICATION_WORKFLOW_TYPE, {
    workflowId: verificationWorkflowId(input.tenantCode, input.roundId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: TENANT_KEY, value: input.tenantCode },
      { key: FISCAL_YEAR_KEY, value: input.fiscalYear },
    ],
  });
  return client.workflow.executeUpdateWithStart(verificationStartedUpdate, { startWorkflowOperation });
}
