/**
 * Starting a review round's workflow (外部評価, #25), for the API (POST /external-reviews) and the
 * tests: the id `ext-review/<tenant>/<reviewId>` and the search attributes (tenant, fiscal year; no
 * personal data), answering once the round's creation is in PostgreSQL (update-with-start). A
 * running round with the id is reused. Node-side only.
 */
import {
  EXTERNAL_REVIEW_WORKFLOW_TYPE,
  type ExternalReviewInput,
  type ExternalReviewState,
  externalReviewStartedUpdate,
  externalReviewWorkflowId,
  FISCAL_YEAR_KEY,
  TENANT_KEY,
} from '@pdca/contracts';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';

export async function startExternalReview(
  client: Client,
  taskQueue: string,
  input: ExternalReviewInput,
): Promise<ExternalReviewState> {
  const startWorkflowOperation = new WithStartWorkflowOperation(EXTERNAL_REVIEW_WORKFLOW_TYPE, {
    workflowId: externalReviewWorkflowId(input.tenantCode, input.reviewId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: TENANT_KEY, value: input.tenantCode },
      { key: FISCAL_YEAR_KEY, value: input.fiscalYear },
    ],
  });
  return client.workflow.executeUpdateWithStart(externalReviewStartedUpdate, { startWorkflowOperation });
}
