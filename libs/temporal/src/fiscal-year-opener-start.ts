/**
 * Starting a tenant's fiscal-year opener (idempotent: one workflow id per tenant, a running one is
 * kept). The worker does it for every tenant when it starts. Node-side only.
 */

import {
  FISCAL_YEAR_OPENER_WORKFLOW_TYPE,
  type FiscalYearOpenerInput,
  fiscalYearOpenerWorkflowId,
  TENANT_KEY,
} from '@pdca/contracts';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';

export async function ensureFiscalYearOpener(
  client: Client,
  taskQueue: string,
  input: FiscalYearOpenerInput,
): Promise<string> {
  const workflowId = fiscalYearOpenerWorkflowId(input.tenantCode);
  try {
    await client.workflow.start(FISCAL_YEAR_OPENER_WORKFLOW_TYPE, {
      workflowId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: [{ key: TENANT_KEY, value: input.tenantCode }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return workflowId;
}
